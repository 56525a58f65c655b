"""SKOS / NL-SBB (Turtle, RDF/XML, JSON-LD) → records, the same a CSV file set gives.

The records meet the same checks (`check`), the same plan and the same transaction as an
editor's CSV; their problems are located at the RDF subject and property they came from.
What the model has no place for is reported by subject and property, and left out.

The scheme's licence, publisher and issue date are compared with this service's
(`skos_publication`); cited sources and their in-text citations are found by `skos_sources`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from glossary.formats.csvfile import (
    Problem,
)
from glossary.importing.problems import FrameworkInvalid, RecordKind, Rules, StoredLabels
from glossary.importing.read_common import checked
from glossary.importing.skos_publication import (
    SCHEME_PUBLICATION,
    Publication,
    publication_mismatch,
)
from glossary.importing.skos_sources import read_sources
from glossary.records import (
    ClusterRecord,
    ConceptRecord,
    Framework,
    LanguageLabels,
    SchemeInfo,
    SourceRecord,
)
from glossary.text import SLUG, normalize_label, slugify

RDF_SUFFIXES = {".ttl": "turtle", ".rdf": "xml", ".jsonld": "json-ld", ".nt": "nt"}
ADMS = Namespace("http://www.w3.org/ns/adms#")
ADMS_STATUS = Namespace("http://purl.org/adms/status/")
STATUSES = {
    ADMS_STATUS.Completed: "accepted",
    ADMS_STATUS.UnderDevelopment: "draft",
    ADMS_STATUS.Deprecated: "deprecated",
}
NOTES = {
    SKOS.definition: "definition",
    SKOS.scopeNote: "scope_note",
    SKOS.example: "example",
    SKOS.editorialNote: "editorial_note",
}
MAPPINGS = {
    SKOS.exactMatch: "exact_match",
    SKOS.closeMatch: "close_match",
    SKOS.broadMatch: "broad_match",
    SKOS.narrowMatch: "narrow_match",
    SKOS.relatedMatch: "related_match",
}
TRANSLATION_NOTE = re.compile(r"translation status: (\w+)")
EXPLANATION_NOTE = re.compile(r"explanation status: (\w+)")
# All that a document of one concept says of each neighbour (`skos.add_concept_summary`)
SUMMARY = {RDF.type, SKOS.inScheme, SKOS.prefLabel, SKOS.definition}
# Statements the records derive or do not need: said again by every export.
DERIVED = {
    RDF.type,
    SKOS.inScheme,
    SKOS.topConceptOf,
    DCTERMS.created,
    DCTERMS.modified,
    OWL.deprecated,
}
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


class _GraphReader:
    def __init__(
        self, graph: Graph, source_language: str, path: str, publication: Publication | None
    ) -> None:
        self.graph = graph
        self.publication = publication
        # resources read as part of the scheme's statements (a publisher with a URI)
        self.scheme_parts: set[Node] = set()
        self.source_language = source_language
        self.path = path
        self.unrepresentable: list[str] = []
        # file name → row subjects, in the order written (line 2 onward)
        self.rows: dict[RecordKind, list[Node]] = {}

    def _skip(self, subject: Node, predicate: Node, why: str) -> None:
        name = self.graph.qname(predicate) if isinstance(predicate, URIRef) else str(predicate)
        self.unrepresentable.append(f"<{subject}> {name}: {why}")

    def _text(self, value: Node) -> tuple[str, str] | None:
        if not isinstance(value, Literal):
            return None
        return value.language or self.source_language, str(value).strip()

    def read(self) -> tuple[Framework, SchemeInfo]:
        graph = self.graph
        schemes = sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)), key=str)
        concepts = sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str)
        if len(schemes) > 1:
            scheme_node = schemes[0]
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
        for predicate, field_name in (
            (DCTERMS.title, "title"),
            (SKOS.prefLabel, "title"),
            (RDFS.label, "title"),
            (DCTERMS.description, "description"),
        ):
            for value in self.graph.objects(node, predicate):
                text = self._text(value)
                if text and (field_name, text[0]) not in info.texts:
                    info.texts[(field_name, text[0])] = text[1]
        for predicate, value in sorted(self.graph.predicate_objects(node)):
            if predicate == SKOS.changeNote and self._translation_note(
                value, info.translation_status
            ):
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
            types = sorted(self.graph.qname(t) for t in self.graph.objects(subject, RDF.type))
            what = f"a {', '.join(types)}" if types else "a resource"
            self._skip(subject, RDF.type, f"{what}, which is no part of a concept framework")

    def _status_note(self, pattern: re.Pattern[str], value: Node, statuses: dict[str, str]) -> bool:
        """A review status as the export writes it, skos:changeNote "<what> status: draft"@lang
        (`pattern` names the what): when `value` is one, its status in its language."""
        text = self._text(value)
        found = pattern.fullmatch(text[1]) if text else None
        if text and found:
            statuses[text[0]] = found.group(1)
            return True
        return False

    def _explanation_note(self, value: Node, statuses: dict[str, str]) -> bool:
        """The review status of the explanation in the note's language."""
        return self._status_note(EXPLANATION_NOTE, value, statuses)

    def _translation_note(self, value: Node, statuses: dict[str, str]) -> bool:
        """The review status of the translation in the note's language."""
        return self._status_note(TRANSLATION_NOTE, value, statuses)

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

    def _concept_order(self, concepts: list[Node], members: dict[str, list[Node]]) -> list[Node]:
        order: list[Node] = []
        for ordered in members.values():
            order += [m for m in ordered if m not in order]
        return order + [node for node in concepts if node not in order]

    def _concept(
        self,
        node: Node,
        slugs: dict[Node, str],
        members: dict[str, list[Node]],
        sources: dict[Node, SourceRecord],
    ) -> ConceptRecord:
        graph = self.graph
        labels: dict[str, dict[str, list[str]]] = {}
        notes: dict[tuple[str, str], str] = {}
        statuses: dict[str, str] = {}
        explanations: dict[str, str] = {}
        explanation_notes: dict[str, str] = {}
        status = "accepted"
        relations: dict[str, list[str]] = {"related": [], "broader": [], "equivalent": []}
        mappings: dict[str, list[str]] = {}
        cited: list[str] = []
        vocabulary_equivalent = [
            p for p in set(graph.predicates(node, None)) if str(p).endswith("#equivalent")
        ]
        equivalents = {o for p in vocabulary_equivalent for o in graph.objects(node, p)}
        for predicate, value in sorted(
            graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))
        ):
            if predicate in DERIVED or predicate == DCTERMS.identifier:
                continue
            kind = {SKOS.prefLabel: "pref", SKOS.altLabel: "alt", SKOS.hiddenLabel: "hidden"}.get(
                predicate
            )
            if kind:
                text = self._text(value)
                if text:
                    labels.setdefault(text[0], {"pref": [], "alt": [], "hidden": []})[kind].append(
                        text[1]
                    )
                continue
            if predicate in NOTES:
                text = self._text(value)
                if text:
                    key = (NOTES[predicate], text[0])
                    notes[key] = f"{notes[key]}\n\n{text[1]}" if key in notes else text[1]
                continue
            if (
                predicate in (SKOS.related, SKOS.broader, SKOS.narrower)
                or predicate in vocabulary_equivalent
            ):
                if value not in slugs:
                    self._skip(node, predicate, f"<{value}> is no concept of this file")
                    continue
                # a symmetric relation stated both ways is stored once, from the smaller id
                once = slugs[value] > slugs[node] or (value, predicate, node) not in graph
                if predicate == SKOS.broader:
                    relations["broader"].append(slugs[value])
                elif predicate == SKOS.related and value not in equivalents and once:
                    relations["related"].append(slugs[value])
                elif predicate in vocabulary_equivalent and once:
                    relations["equivalent"].append(slugs[value])
                continue
            if predicate in MAPPINGS:
                if value in slugs:
                    self._skip(node, predicate, "a mapping inside one scheme (NL-SBB forbids it)")
                else:
                    mappings.setdefault(MAPPINGS[predicate], []).append(str(value))
                continue
            if predicate == ADMS.status and value in STATUSES:
                status = STATUSES[value]
                continue
            if predicate == SKOS.changeNote and self._translation_note(value, statuses):
                continue
            if predicate == SKOS.changeNote and self._explanation_note(value, explanation_notes):
                continue
            if predicate == DCTERMS.source:
                if value in sources:
                    cited.append(sources[value].key)
                else:
                    self._skip(
                        node,
                        predicate,
                        f"<{value}>: its citation does not occur in the concept's texts",
                    )
                continue
            if predicate == RDFS.comment:  # NL-SBB's uitleg: the plain-language explanation
                text = self._text(value)
                if text is None:
                    self._skip(node, predicate, f"<{value}> is no text")
                elif text[0] in explanations:
                    self._skip(
                        node, predicate, f"'{text[1][:60]}' is a second explanation in '{text[0]}'"
                    )
                else:
                    explanations[text[0]] = text[1]
                continue
            self._skip(node, predicate, "the model has no place for it")
        # narrower stated only on the other side
        for other in graph.subjects(SKOS.narrower, node):
            if other in slugs and slugs[other] not in relations["broader"]:
                relations["broader"].append(slugs[other])
        # a symmetric relation is stored once, from the concept that comes first
        slug = slugs[node]
        for kind in ("related", "equivalent"):
            relations[kind] = list(dict.fromkeys(relations[kind]))
        relations["broader"] = list(dict.fromkeys(relations["broader"]))
        for lang, kinds in labels.items():
            for extra in kinds["pref"][1:]:
                self._skip(
                    node,
                    SKOS.prefLabel,
                    f"a second preferred label in '{lang}' ('{extra}'), kept as an alternative",
                )
        if (OWL.deprecated, Literal(True)) in set(graph.predicate_objects(node)):
            status = "deprecated"
        for lang in set(labels) - {self.source_language}:
            statuses.setdefault(lang, "draft")
        for lang, review in sorted(explanation_notes.items()):
            if lang not in explanations:
                self._skip(
                    node,
                    SKOS.changeNote,
                    f"'explanation status: {review}' ({lang}) but no explanation in '{lang}'",
                )
        clusters = tuple(cid for cid, nodes in members.items() if node in nodes)
        return ConceptRecord(
            slug=slug,
            clusters=clusters,
            status=status,
            labels={
                lang: LanguageLabels(
                    pref=kinds["pref"][0] if kinds["pref"] else "",
                    alt=tuple(kinds["alt"]) + tuple(kinds["pref"][1:]),
                    hidden=tuple(kinds["hidden"]),
                )
                for lang, kinds in sorted(labels.items())
            },
            notes=dict(
                sorted(
                    notes.items(),
                    key=lambda item: (list(NOTES.values()).index(item[0][0]), item[0][1]),
                )
            ),
            translation_status={lang: s for lang, s in statuses.items() if lang in labels},
            sources=tuple(dict.fromkeys(cited)),
            cluster_positions=self._positions(node, members),
            related=tuple(relations["related"]),
            broader=tuple(relations["broader"]),
            equivalent=tuple(relations["equivalent"]),
            mappings={k: tuple(v) for k, v in mappings.items()},
            explanations=dict(sorted(explanations.items())),
            explanation_status={
                lang: explanation_notes.get(lang, "draft") for lang in sorted(explanations)
            },
        )

    def _unambiguous_labels(
        self, records: list[ConceptRecord], order: list[Node]
    ) -> list[ConceptRecord]:
        """Every label must name one concept (labels resolve to concepts): an alternative or
        hidden label that a preferred label, or an earlier concept, already holds is left out
        and reported. Two equal preferred labels stay, for the checks to refuse."""
        owners: dict[tuple[str, str], str] = {
            (lang, normalize_label(labels.pref)): record.slug
            for record in records
            for lang, labels in record.labels.items()
        }
        kept: list[ConceptRecord] = []
        for node, record in zip(order, records, strict=True):
            languages: dict[str, LanguageLabels] = {}
            for lang, labels in record.labels.items():
                mine = {normalize_label(labels.pref)}
                lists: dict[str, list[str]] = {"alt": [], "hidden": []}
                for kind, texts in (("alt", labels.alt), ("hidden", labels.hidden)):
                    for text in texts:
                        key = (lang, normalize_label(text))
                        owner = owners.get(key)
                        if key[1] in mine or (owner is not None and owner != record.slug):
                            property_ = SKOS.altLabel if kind == "alt" else SKOS.hiddenLabel
                            self._skip(
                                node,
                                property_,
                                f"'{text}' ({lang}) already names "
                                f"'{owner or record.slug}'; labels must name one concept",
                            )
                            continue
                        owners[key] = record.slug
                        mine.add(key[1])
                        lists[kind].append(text)
                languages[lang] = LanguageLabels(
                    labels.pref, tuple(lists["alt"]), tuple(lists["hidden"])
                )
            kept.append(replace(record, labels=languages))
        return kept

    def _positions(self, node: Node, members: dict[str, list[Node]]) -> dict[str, int]:
        """The place in each cluster, stated only where the file order would not give it."""
        order = self._concept_order([], members)
        positions: dict[str, int] = {}
        for cluster_id, nodes in members.items():
            by_order = sorted(nodes, key=order.index)
            if by_order != nodes and node in nodes:
                positions[cluster_id] = nodes.index(node) + 1
        return positions
