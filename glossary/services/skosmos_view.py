"""The scheme as Skosmos describes it: types, statistics, the A–Z index, hierarchy walks and
the newest and latest-changed concepts.

Skosmos tree widgets and clients walk the hierarchy through these answers; the JSON API and
the pages can ask the same questions. Results are plain values (URIs, labels, flags); the
blueprint adds the JSON-LD context around them.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glossary.formats.skos import collection_uri
from glossary.language import cluster_title, pref_label
from glossary.models import (
    Cluster,
    Concept,
    ConceptStatus,
    Label,
    LabelKind,
    RelationKind,
)
from glossary.services import browse, concepts, whats_new
from glossary.text import fold
from glossary.timeutil import as_utc
from glossary.urls import concept_uri

SKOS = "http://www.w3.org/2004/02/skos/core#"
# The kinds of resources in the scheme, with labels in the languages we know (English else).
TYPE_LABELS: dict[str, dict[str, str]] = {
    f"{SKOS}Concept": {"nl": "Begrip", "en": "Concept"},
    f"{SKOS}Collection": {"nl": "Collectie", "en": "Collection"},
    f"{SKOS}OrderedCollection": {"nl": "Geordende collectie", "en": "Ordered collection"},
}
SUPERCLASSES = {f"{SKOS}OrderedCollection": f"{SKOS}Collection"}
LABEL_PROPERTIES = {
    LabelKind.PREF: "skos:prefLabel",
    LabelKind.ALT: "skos:altLabel",
    LabelKind.HIDDEN: "skos:hiddenLabel",
}
# Skosmos caps transitive walks at this many concepts unless `limit` says otherwise.
DEFAULT_TRANSITIVE_LIMIT = 1000
DIGITS = "0-9"
OTHER = "!*"


def type_label(uri: str, lang: str) -> str:
    labels = TYPE_LABELS[uri]
    return labels.get(lang) or labels["en"]


def types(lang: str) -> list[dict[str, str]]:
    """The classes of the scheme's resources: concepts and (ordered) collections."""
    found = []
    for uri in TYPE_LABELS:
        entry = {"uri": uri, "label": type_label(uri, lang)}
        if uri in SUPERCLASSES:
            entry["superclass"] = SUPERCLASSES[uri]
        found.append(entry)
    return found


@dataclass(frozen=True)
class Counts:
    concepts: int
    deprecated: int
    collections: int


def statistics(session: Session, scheme_id: str) -> Counts:
    """How many concepts (of which deprecated) and collections the scheme holds."""
    by_status = dict(
        session.execute(
            select(Concept.status, func.count())
            .where(Concept.scheme_id == scheme_id)
            .group_by(Concept.status)
        ).all()
    )
    clusters = session.scalar(
        select(func.count()).select_from(Cluster).where(Cluster.scheme_id == scheme_id)
    )
    return Counts(
        concepts=sum(by_status.values()),
        deprecated=by_status.get(ConceptStatus.REPLACED, 0)
        + by_status.get(ConceptStatus.RETIRED, 0),
        collections=clusters or 0,
    )


def label_counts(session: Session, scheme_id: str) -> dict[str, dict[str, int]]:
    """Per language, how many preferred, alternative and hidden labels the scheme has."""
    rows = session.execute(
        select(Label.lang, Label.kind, func.count())
        .where(Label.scheme_id == scheme_id)
        .group_by(Label.lang, Label.kind)
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for lang, kind, count in rows:
        counts.setdefault(lang, {name: 0 for name in LABEL_PROPERTIES.values()})
        counts[lang][LABEL_PROPERTIES[kind]] = count
    return dict(sorted(counts.items()))


def index_letter(label: str) -> str:
    """The Skosmos index letter of a label: its initial, `0-9` for digits, `!*` otherwise."""
    initial = fold(label)[:1].upper()
    if initial.isdigit():
        return DIGITS
    return initial if initial.isalpha() else OTHER


def index_letters(session: Session, scheme_id: str, lang: str) -> list[str]:
    """The initials of the labels in `lang`, in index order (as the A–Z page)."""
    letters = {
        index_letter(entry.label)
        for group in browse.az_index(session, scheme_id, lang)
        for entry in group.entries
    }
    return sorted(letters, key=lambda letter: (letter in (DIGITS, OTHER), letter))


def index_concepts(
    session: Session, scheme_id: str, lang: str, letter: str
) -> list[dict[str, Any]]:
    """The labels under one index letter: each names its concept, alternative labels also
    carry the preferred label they lead to."""
    wanted = letter.upper()
    entries = []
    for group in browse.az_index(session, scheme_id, lang):
        for entry in group.entries:
            if index_letter(entry.label) != wanted:
                continue
            item = {
                "uri": concept_uri(entry.concept_id),
                "localname": entry.concept_id,
                "prefLabel": entry.target.text if entry.target else entry.label,
                "lang": entry.lang,
            }
            if entry.target is not None:
                item["altLabel"] = entry.label
            entries.append(item)
    return entries


class Hierarchy:
    """The scheme's broader/narrower links, read once without loading concepts; labels are
    loaded only for the concepts an answer names."""

    def __init__(self, session: Session, scheme_id: str) -> None:
        self.session = session
        self.scheme_id = scheme_id
        self.parents: dict[str, list[str]] = {}
        self.children: dict[str, list[str]] = {}
        for narrower, broader in concepts.broader_links(session, scheme_id):
            self.parents.setdefault(narrower, []).append(broader)
            self.children.setdefault(broader, []).append(narrower)
        self._labelled: dict[str, Concept] = {}

    def _walk(self, start: str, links: dict[str, list[str]], limit: int) -> list[str]:
        """`start` and the concepts reachable along `links`, nearest first, at most `limit`."""
        seen = {start: None}
        queue = deque([start])
        while queue and len(seen) < limit:
            for neighbour in links.get(queue.popleft(), []):
                if neighbour not in seen and len(seen) < limit:
                    seen[neighbour] = None
                    queue.append(neighbour)
        return list(seen)

    def ancestors(self, slug: str, limit: int = DEFAULT_TRANSITIVE_LIMIT) -> list[str]:
        """The concept and every broader one, at any depth."""
        return self._walk(slug, self.parents, limit)

    def descendants(self, slug: str, limit: int = DEFAULT_TRANSITIVE_LIMIT) -> list[str]:
        """The concept and every narrower one, at any depth."""
        return self._walk(slug, self.children, limit)

    def has_children(self, slug: str) -> bool:
        return bool(self.children.get(slug))

    def label(self, slug: str, lang: str) -> str:
        if slug not in self._labelled:
            self.load([slug])
        concept = self._labelled.get(slug)
        return pref_label(concept, lang).text if concept is not None else slug

    def load(self, slugs: list[str]) -> None:
        missing = [slug for slug in slugs if slug not in self._labelled]
        for concept in concepts.concepts_by_slug(self.session, self.scheme_id, missing):
            self._labelled[concept.slug] = concept

    def by_label(self, slugs: list[str], lang: str) -> list[str]:
        self.load(slugs)
        return sorted(slugs, key=lambda slug: fold(self.label(slug, lang)))


def transitive(
    hierarchy: Hierarchy,
    slug: str,
    lang: str,
    limit: int,
    relation: Literal["broader", "narrower"],
) -> list[dict[str, Any]]:
    """The concept and its broader (or narrower) concepts at any depth, each with its direct
    broader (or narrower) ones: one walk serves broaderTransitive and narrowerTransitive."""
    if relation == "broader":
        found, direct = hierarchy.ancestors(slug, limit), hierarchy.parents
    else:
        found, direct = hierarchy.descendants(slug, limit), hierarchy.children
    hierarchy.load(found)
    return [
        {
            "uri": concept_uri(each),
            "prefLabel": hierarchy.label(each, lang),
            **(
                {relation: [concept_uri(other) for other in direct[each]]}
                if direct.get(each)
                else {}
            ),
        }
        for each in found
    ]


def children(hierarchy: Hierarchy, slug: str, lang: str) -> list[dict[str, Any]]:
    """The direct narrower concepts, by label, each saying whether it has narrower ones."""
    return [
        {
            "uri": concept_uri(child),
            "prefLabel": hierarchy.label(child, lang),
            "hasChildren": hierarchy.has_children(child),
        }
        for child in hierarchy.by_label(hierarchy.children.get(slug, []), lang)
    ]


def hierarchy_of(hierarchy: Hierarchy, slug: str, lang: str, scheme: str) -> list[dict[str, Any]]:
    """What a tree widget needs to open the tree at a concept: the concept and its broader
    concepts up to the top, each with its narrower concepts (so siblings show) and `top`
    (the scheme's URI) when it has no broader concept."""
    found = hierarchy.ancestors(slug)
    hierarchy.load(found + [c for each in found for c in hierarchy.children.get(each, [])])
    entries = []
    for each in found:
        entry: dict[str, Any] = {
            "uri": concept_uri(each),
            "prefLabel": hierarchy.label(each, lang),
            "hasChildren": hierarchy.has_children(each),
        }
        parents = hierarchy.parents.get(each, [])
        if parents:
            entry["broader"] = [concept_uri(parent) for parent in parents]
        else:
            entry["top"] = scheme
        if entry["hasChildren"]:
            entry["narrower"] = [
                {
                    "uri": concept_uri(child),
                    "label": hierarchy.label(child, lang),
                    "hasChildren": hierarchy.has_children(child),
                }
                for child in hierarchy.by_label(hierarchy.children[each], lang)
            ]
        entries.append(entry)
    return entries


def groups(session: Session, scheme_id: str, lang: str) -> list[dict[str, Any]]:
    """The clusters as Skosmos groups, in the framework's order."""
    return [
        {
            "uri": str(collection_uri(cluster.id)),
            "prefLabel": cluster_title(cluster, lang).text,
            "hasMembers": count > 0,
        }
        for cluster, count in concepts.list_clusters(session, scheme_id)
    ]


def top_concepts(
    session: Session, scheme_id: str, lang: str, scheme_uri: str
) -> list[dict[str, Any]]:
    """The concepts without a broader concept, each saying whether it has narrower ones
    (a tree widget draws an expander for those)."""
    return [
        {
            "uri": concept_uri(concept.slug),
            "label": pref_label(concept, lang).text,
            "topConceptOf": scheme_uri,
            "hasChildren": any(
                relation.kind is RelationKind.BROADER for relation in concept.incoming_relations
            ),
        }
        for concept in concepts.top_concepts(session, scheme_id)
    ]


def group_members(
    session: Session, scheme_id: str, group_uri: str, lang: str
) -> list[dict[str, Any]] | None:
    """The concepts of the cluster whose collection URI is `group_uri`, or None when no
    cluster has it. Members are concepts, never groups: none has members of its own."""
    cluster = next(
        (
            cluster
            for cluster, _ in concepts.list_clusters(session, scheme_id)
            if str(collection_uri(cluster.id)) == group_uri
        ),
        None,
    )
    if cluster is None:
        return None
    return [
        {
            "uri": concept_uri(member.slug),
            "type": ["skos:Concept"],
            "prefLabel": pref_label(member, lang).text,
            "hasMembers": False,
            "isSuper": False,
        }
        for member in concepts.cluster_concepts(session, cluster)
    ]


def changed_concepts(
    session: Session,
    scheme_id: str,
    lang: str,
    *,
    source_lang: str,
    created: bool,
    offset: int,
    limit: int,
) -> list[dict[str, Any]]:
    """Concepts newest first, by their first publication (`created`) or by their latest,
    a page at a time: the published versions "what's new" (/nieuw) lists too."""
    listing = whats_new.first_publications if created else whats_new.latest_publications
    found = []
    for publication in listing(session, scheme_id, offset, limit):
        label, label_lang = publication.label(lang, source_lang)
        found.append(
            {
                "uri": concept_uri(publication.slug),
                "prefLabel": label,
                "lang": label_lang,
                "date": _timestamp(publication.published_at),
            }
        )
    return found


def _timestamp(moment: datetime) -> str:
    return as_utc(moment).isoformat(timespec="seconds")
