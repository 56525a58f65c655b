"""SKOS / NL-SBB (Turtle, RDF/XML, JSON-LD) → records, the same a CSV file set gives.

The records meet the same checks (`check`), the same plan and the same transaction as an
editor's CSV; their problems are located at the RDF subject and property they came from.
What the model has no place for is reported by subject and property, and left out.

The scheme's licence, publisher and issue date are compared with this service's
(`skos_publication`); cited sources and their in-text citations are found by `skos_sources`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from glossary.formats.csvfile import (
    Problem,
)
from glossary.importing.problems import FrameworkInvalid, RecordKind, Rules, StoredLabels
from glossary.importing.read_common import checked
from glossary.importing.skos_concepts import NOTES, ConceptReader
from glossary.importing.skos_publication import (
    SCHEME_PUBLICATION,
    Publication,
    publication_mismatch,
)
from glossary.importing.skos_sources import read_sources
from glossary.records import (
    ClusterRecord,
    Framework,
    SchemeInfo,
)
from glossary.text import SLUG, slugify

RDF_SUFFIXES = {".ttl": "turtle", ".rdf": "xml", ".jsonld": "json-ld", ".nt": "nt"}
# All that a document of one concept says of each neighbour (`skos.add_concept_summary`)
SUMMARY = {RDF.type, SKOS.inScheme, SKOS.prefLabel, SKOS.definition}
SCHEME_TEXTS = {DCTERMS.title, SKOS.prefLabel, RDFS.label, DCTERMS.description}
SCHEME_KNOWN = SCHEME_TEXTS | {
    RDF.type,
    SKOS.hasTopConcept,
    SKOS.changeNote,
    DCTERMS.created,
    DCTERMS.modified,
}


@dataclass
class RdfImport:
    framework: Framework
    scheme: SchemeInfo
    # "subject property: why" for every statement the model cannot hold
    unrepresentable: list[str] = field(default_factory=list)


def is_rdf_file(path: Path) -> bool:
    return path.suffix.lower() in RDF_SUFFIXES


def parse_graph(path: Path) -> Graph:
    """Parse an RDF file; a syntax error becomes a located FrameworkInvalid."""
    graph = Graph()
    try:
        graph.parse(str(path), format=RDF_SUFFIXES[path.suffix.lower()])
    except OSError as error:
        raise FrameworkInvalid([Problem(str(path), 0, "", f"cannot read file: {error}")]) from error
    except Exception as error:  # rdflib's parsers raise many kinds of errors
        message = " ".join(str(error).split())
        found = re.search(r"line (\d+)", message)
        line = int(found.group(1)) if found else 0
        raise FrameworkInvalid(
            [
                Problem(
                    str(path),
                    line,
                    "",
                    f"not valid {RDF_SUFFIXES[path.suffix.lower()]}: {message[:300]}",
                )
            ]
        ) from error
    return graph


def read_rdf_framework(
    path: Path,
    source_language: str,
    stored_labels: StoredLabels | None = None,
    publication: Publication | None = None,
    base_uri: str = "",
) -> RdfImport:
    """Read a SKOS file into records, checked as every input is (`check`).

    The scheme's licence, publisher and issue date are compared with `publication` (without
    one, they are reported as not imported). Raises FrameworkInvalid with every problem,
    located at the RDF subject and property.
    """
    graph = parse_graph(path)
    reader = _GraphReader(graph, source_language, str(path), publication)
    framework, scheme = reader.read()
    subjects = {kind: [f"<{node}>" for node in nodes] for kind, nodes in reader.rows.items()}
    rules = Rules(source_language, stored_labels or {}, base_uri)
    records, scheme = checked(path, framework, scheme, rules, subjects)
    return RdfImport(records, scheme, reader.unrepresentable)


class _GraphReader(ConceptReader):
    def __init__(
        self, graph: Graph, source_language: str, path: str, publication: Publication | None
    ) -> None:
        super().__init__(graph, source_language)
        self.publication = publication
        # resources read as part of the scheme's statements (a publisher with a URI)
        self.scheme_parts: set[Node] = set()
        self.path = path
        # file name → row subjects, in the order written (line 2 onward)
        self.rows: dict[RecordKind, list[Node]] = {}

    def read(self) -> tuple[Framework, SchemeInfo]:
        graph = self.graph
        schemes = sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)), key=str)
        concepts = sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str)
        if len(schemes) > 1:
            for other in schemes[1:]:
                self._skip(other, RDF.type, "a second concept scheme; import one scheme per run")
        scheme_node = schemes[0] if schemes else None
        self._refuse_summaries(concepts)
        scheme = self._scheme(scheme_node)
        slugs = self._slugs(concepts)
        collections = sorted(
            set(graph.subjects(RDF.type, SKOS.Collection))
            | set(graph.subjects(RDF.type, SKOS.OrderedCollection)),
            key=str,
        )
        clusters, members = self._clusters(collections, slugs)
        order = self._concept_order(concepts, members)
        orphans = [node for node in order if not any(node in m for m in members.values())]
        if orphans:
            cluster_id = "overig" if "overig" not in {c.id for c in clusters} else "overig-2"
            title = scheme.texts.get(("title", self.source_language)) or cluster_id
            clusters.append(
                ClusterRecord(cluster_id, len(clusters) + 1, {self.source_language: title})
            )
            self.rows.setdefault("cluster", []).append(scheme_node or URIRef(""))
            members[cluster_id] = orphans
        sources, source_nodes = read_sources(self.graph, concepts, NOTES, self.source_language)
        records = [self._concept(node, slugs, members, sources) for node in order]
        records = self._unambiguous_labels(records, order)
        self.rows["concept"] = list(order)
        source_records = list(sources.values())
        self.rows["source"] = [source_nodes[r.key] for r in source_records]
        self.report_other_subjects(
            set(schemes)
            | set(concepts)
            | set(collections)
            | set(source_nodes.values())
            | self.scheme_parts
        )
        return Framework(clusters=clusters, sources=source_records, concepts=records), scheme

    def _refuse_summaries(self, concepts: list[Node]) -> None:
        """A document of one concept (/begrip/<id>?format=ttl) summarises its neighbours:
        beside concepts described in full (with dct:identifier) they have only a type, the
        scheme, preferred labels and definitions. Read as concepts, they would overwrite the
        stored neighbours with the summary; left out, the relations to them would point
        nowhere. So such a document is refused, and the whole export is to be imported."""
        described = [c for c in concepts if (c, DCTERMS.identifier, None) in self.graph]
        summaries = [
            c
            for c in concepts
            if c not in described and set(self.graph.predicates(c, None)) <= SUMMARY
        ]
        if described and summaries:
            raise FrameworkInvalid(
                [
                    Problem(
                        self.path,
                        0,
                        f"<{node}>",
                        "a summary of a neighbouring concept (type, scheme, preferred labels "
                        "and definitions only): this is the document of one concept, which "
                        "cannot be imported on its own; import the whole framework's export",
                    )
                    for node in summaries
                ]
            )

    # -------------------------------------------------------------- scheme

    def _scheme(self, node: Node | None) -> SchemeInfo:
        info = SchemeInfo()
        if node is None:
            return info
        for text_predicate, field_name in (
            (DCTERMS.title, "title"),
            (SKOS.prefLabel, "title"),
            (RDFS.label, "title"),
            (DCTERMS.description, "description"),
        ):
            for value in self.graph.objects(node, text_predicate):
                text = self._text(value)
                if text and (field_name, text[0]) not in info.texts:
                    info.texts[(field_name, text[0])] = text[1]
        for predicate, value in sorted(self.graph.predicate_objects(node)):
            if predicate == SKOS.changeNote and self._translation_note(
                value, info.translation_status
            ):
                continue
            if predicate == DCAT.contactPoint and self.publication is not None:
                # the contact point is stated from the importing service's configuration
                # (GLOSSARY_CONTACT_EMAIL), like the licence: not framework content
                self.scheme_parts.add(value)
                continue
            if predicate in SCHEME_PUBLICATION and self.publication is not None:
                if predicate == DCTERMS.publisher and isinstance(value, URIRef):
                    self.scheme_parts.add(value)
                why = publication_mismatch(self.graph, node, predicate, value, self.publication)
                if why is not None:
                    self._skip(node, predicate, why)
                continue
            text = self._text(value)
            if predicate in SCHEME_TEXTS and text and text[1] in info.texts.values():
                continue
            if predicate not in SCHEME_KNOWN:
                self._skip(node, predicate, "the scheme has no place for it")
            elif predicate in SCHEME_TEXTS:
                self._skip(node, predicate, f"'{text[1][:60] if text else value}' is a second text")
        for lang in {lang for _, lang in info.texts} - {self.source_language}:
            info.translation_status.setdefault(lang, "draft")
        return info

    def report_other_subjects(self, read: set[Node]) -> None:
        """Subjects that are no scheme, concept, collection or source: not imported."""
        for subject in sorted(set(self.graph.subjects()) - read, key=str):
            if not isinstance(subject, URIRef) or str(subject).endswith("#equivalent"):
                continue  # blank nodes belong to a subject reported already; our own term
            types = sorted(self.graph.qname(str(t)) for t in self.graph.objects(subject, RDF.type))
            what = f"a {', '.join(types)}" if types else "a resource"
            self._skip(subject, RDF.type, f"{what}, which is no part of a concept framework")

    # -------------------------------------------------------------- concepts

    def _slugs(self, concepts: list[Node]) -> dict[Node, str]:
        slugs: dict[Node, str] = {}
        taken: set[str] = set()
        for node in concepts:
            identifier = next(
                (
                    str(v)
                    for v in self.graph.objects(node, DCTERMS.identifier)
                    if isinstance(v, Literal)
                ),
                "",
            )
            if not SLUG.match(identifier):
                tail = re.split(r"[/#]", str(node).rstrip("/#"))[-1]
                identifier = slugify(tail) or "begrip"
            slug, number = identifier, 2
            while slug in taken:
                slug, number = f"{identifier}-{number}", number + 1
            taken.add(slug)
            slugs[node] = slug
        return slugs

    def _clusters(
        self, collections: list[Node], slugs: dict[Node, str]
    ) -> tuple[list[ClusterRecord], dict[str, list[Node]]]:
        records: list[ClusterRecord] = []
        members: dict[str, list[Node]] = {}
        rows: list[Node] = []
        for position, node in enumerate(collections, start=1):
            cluster_id = (
                slugify(re.split(r"[/#]", str(node).rstrip("/#"))[-1]) or f"collectie-{position}"
            )
            titles: dict[str, str] = {}
            statuses: dict[str, str] = {}
            for value in self.graph.objects(node, SKOS.prefLabel):
                text = self._text(value)
                if text:
                    titles.setdefault(text[0], text[1])
            for value in self.graph.objects(node, SKOS.changeNote):
                self._translation_note(value, statuses)
            for lang in set(titles) - {self.source_language}:
                statuses.setdefault(lang, "draft")
            ordered: list[Node] = []
            for head in self.graph.objects(node, SKOS.memberList):
                ordered += [m for m in RdfList(self.graph, head) if m in slugs and m not in ordered]
            ordered += sorted(
                (
                    m
                    for m in self.graph.objects(node, SKOS.member)
                    if m in slugs and m not in ordered
                ),
                key=lambda m: slugs[m],
            )
            for member in self.graph.objects(node, SKOS.member):
                if member not in slugs:
                    self._skip(node, SKOS.member, f"<{member}> is no concept of this file")
            records.append(ClusterRecord(cluster_id, position, titles, statuses))
            members[cluster_id] = ordered
            rows.append(node)
        self.rows["cluster"] = rows
        return records, members
