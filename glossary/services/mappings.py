"""Mappings to concepts of other vocabularies (skos:exactMatch, closeMatch, ...).

A mapping names another vocabulary's concept by its URI; NL-SBB allows the SKOS mapping
properties only between schemes, so a URI of one of our own concepts is refused. The other
vocabulary's label is shown when known: `fetch_labels` (behind an explicit command) asks the
publisher for it, and pages only ever read what was stored, so no request of ours waits on
another site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from glossary.database import begin_write
from glossary.models import (
    ChangeKind,
    ChangeLogEntry,
    Concept,
    ConceptMapping,
    ExternalLabel,
    MappingKind,
)
from glossary.services.revision import bump_revision
from glossary.timeutil import utcnow

# mapping kind → the SKOS property (as a CURIE, the form Skosmos answers with)
SKOS_PROPERTIES = {
    MappingKind.EXACT: "skos:exactMatch",
    MappingKind.CLOSE: "skos:closeMatch",
    MappingKind.BROAD: "skos:broadMatch",
    MappingKind.NARROW: "skos:narrowMatch",
    MappingKind.RELATED: "skos:relatedMatch",
}
# What Skosmos says of each kind (its English UI texts), for `typeLabel` / `description`.
KIND_TEXTS = {
    MappingKind.EXACT: (
        "Exactly matching concepts",
        "Exactly matching concepts in another vocabulary.",
    ),
    MappingKind.CLOSE: (
        "Closely matching concepts",
        "Closely matching concepts in another vocabulary.",
    ),
    MappingKind.BROAD: ("Broader matching concepts", "Broader concepts in another vocabulary."),
    MappingKind.NARROW: ("Narrower matching concepts", "Narrower concepts in another vocabulary."),
    MappingKind.RELATED: ("Related matching concepts", "Related concepts in another vocabulary."),
}


def external_label(mapping: ConceptMapping, lang: str | None, source_language: str) -> str | None:
    """The target's stored label in `lang`, else in any language; None when none is known."""
    labels = {label.lang: label.text for label in mapping.external_labels}
    if not labels:
        return None
    if lang and lang in labels:
        return labels[lang]
    return labels.get(source_language) or labels[sorted(labels)[0]]


@dataclass(frozen=True)
class MappingView:
    """One mapping as the concept page shows it."""

    kind: MappingKind
    uri: str
    label: str | None
    vocabulary: str  # the host of the other vocabulary, when nothing better is known


def mapping_views(concept: Concept, lang: str, source_language: str) -> list[MappingView]:
    return [
        MappingView(
            kind=mapping.kind,
            uri=mapping.uri,
            label=external_label(mapping, lang, source_language),
            vocabulary=urlsplit(mapping.uri).hostname or "",
        )
        for mapping in sorted(
            concept.mappings,
            key=lambda m: (list(MappingKind).index(m.kind), m.position),
        )
    ]


# ---------------------------------------------------------------- fetching labels

# What a URI is asked for: RDF first, in the formats rdflib reads.
ACCEPT = (
    "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7"
)
RDF_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/n-triples": "nt",
}
MAX_DOCUMENT_BYTES = 5_000_000

# url → (media type, body); raises OSError (urllib's errors are OSErrors) on failure
Fetcher = Callable[[str], tuple[str, bytes]]


def http_fetcher(timeout: float) -> Fetcher:
    """Dereference a URI with content negotiation (redirects followed, as 303s are)."""
    from urllib.request import Request, urlopen

    def fetch(url: str) -> tuple[str, bytes]:
        request = Request(url, headers={"Accept": ACCEPT, "User-Agent": "begrippenkader"})
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
            media_type = response.headers.get_content_type()
            return media_type, response.read(MAX_DOCUMENT_BYTES)

    return fetch


@dataclass
class FetchReport:
    fetched: dict[str, dict[str, str]] = field(default_factory=dict)  # uri → lang → label
    failed: dict[str, str] = field(default_factory=dict)  # uri → reason
    changed_concepts: list[str] = field(default_factory=list)
    revision: int | None = None

    def describe(self) -> str:
        text = f"labels found for {len(self.fetched)} URI(s), {len(self.failed)} failed"
        if self.revision is not None:
            text += f"; data revision is now {self.revision}"
        return text


def labels_from_document(uri: str, media_type: str, body: bytes) -> dict[str, str]:
    """The preferred labels of `uri` per language in an RDF document (skos:prefLabel, else
    rdfs:label); raises ValueError when the document is not RDF we can read."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS, SKOS

    rdf_format = RDF_MEDIA_TYPES.get(media_type)
    if rdf_format is None:
        raise ValueError(f"answered {media_type or 'no media type'}, not RDF")
    graph = Graph()
    try:
        graph.parse(data=body, format=rdf_format, publicID=uri)
    except Exception as error:  # rdflib raises many kinds of parser errors
        raise ValueError(f"unreadable {media_type}: {error}") from error
    subject = URIRef(uri)
    for predicate in (SKOS.prefLabel, RDFS.label):
        labels: dict[str, str] = {}
        for value in graph.objects(subject, predicate):
            if isinstance(value, Literal):
                text = " ".join(str(value).split())[:500]
                if text:
                    labels.setdefault(value.language or "", text)
        if labels:
            return labels
    raise ValueError("the document gives no skos:prefLabel or rdfs:label of the URI")


def fetch_labels(
    session: Session, fetcher: Fetcher, uris: Iterable[str] | None = None
) -> FetchReport:
    """Ask each mapping target's publisher for its labels and store them in one transaction.

    Only an explicit command calls this: pages show what is stored and never go out to the
    network. When stored labels change, the data revision is bumped (caches and ETags follow)
    and the concepts that show them are logged as changed for partners who sync.
    """
    wanted = sorted(
        set(uris) if uris is not None else set(session.scalars(select(ConceptMapping.uri)))
    )
    report = FetchReport()
    for uri in wanted:
        try:
            media_type, body = fetcher(uri)
            report.fetched[uri] = labels_from_document(uri, media_type, body)
        except (OSError, ValueError) as error:
            report.failed[uri] = str(error)
    # Fetching happened outside any transaction; what it changes is read under the write lock.
    begin_write(session)
    stored: dict[str, dict[str, str]] = {}
    for label in session.scalars(
        select(ExternalLabel).where(ExternalLabel.uri.in_(list(report.fetched)))
    ):
        stored.setdefault(label.uri, {})[label.lang] = label.text
    changed = [uri for uri, labels in report.fetched.items() if stored.get(uri, {}) != labels]
    if not changed:
        session.rollback()
        return report
    now = utcnow()
    try:
        session.execute(delete(ExternalLabel).where(ExternalLabel.uri.in_(changed)))
        for uri in changed:
            for lang, text in sorted(report.fetched[uri].items()):
                session.add(ExternalLabel(uri=uri, lang=lang, text=text, fetched_at=now))
        revision = bump_revision(session)
        showing = session.execute(
            select(Concept)
            .join(ConceptMapping, ConceptMapping.concept_pk == Concept.pk)
            .where(ConceptMapping.uri.in_(changed))
            .distinct()
        ).scalars()
        for concept in showing:
            concept.modified_at = now
            report.changed_concepts.append(concept.slug)
            session.add(
                ChangeLogEntry(
                    scheme_id=concept.scheme_id,
                    revision=revision.number,
                    concept_slug=concept.slug,
                    change=ChangeKind.CHANGED,
                    changed_at=now,
                )
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    report.revision = revision.number
    return report


# ---------------------------------------------------------------- Skosmos


def skosmos_mappings(
    concept: Concept, concept_uri: str, scheme_uri: str, lang: str, source_language: str
) -> dict[str, Any]:
    """The body of Skosmos' `/{vocid}/mappings`: one JSKOS-style object per mapping.

    Skosmos lists each mapping with its type, both ends as `memberSet`s, the target's label
    (its URI when no label was fetched) and the texts its UI shows for the type.
    """
    found = []
    for view in mapping_views(concept, lang, source_language):
        type_label, description = KIND_TEXTS[view.kind]
        found.append(
            {
                "uri": view.uri,
                "type": [SKOS_PROPERTIES[view.kind]],
                "prefLabel": view.label or view.uri,
                "from": {"memberSet": [{"uri": concept_uri}]},
                "to": {"memberSet": [{"uri": view.uri}]},
                "fromScheme": {"uri": scheme_uri},
                "description": description,
                "hrefLink": view.uri,
                "lang": lang,
                "vocabName": view.vocabulary,
                "typeLabel": type_label,
            }
        )
    return {
        "@context": {
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "uri": "@id",
            "type": "@type",
            "prefLabel": "skos:prefLabel",
            "@language": lang,
        },
        "mappings": found,
    }
