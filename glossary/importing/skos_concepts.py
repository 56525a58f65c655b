"""Reading the concepts of a SKOS graph: each concept's statements into a record, what the
model has no place for reported by subject and property."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from glossary.records import ConceptRecord, LanguageLabels, SourceRecord
from glossary.text import normalize_label

ADMS = Namespace("http://www.w3.org/ns/adms#")
ADMS_STATUS = Namespace("http://purl.org/adms/status/")
SCHEMA = Namespace("https://schema.org/")
STATUSES: dict[Node, str] = {
    ADMS_STATUS.Completed: "valid",
    ADMS_STATUS.UnderDevelopment: "valid",
    ADMS_STATUS.Deprecated: "retired",
}
NOTES: dict[Node, str] = {
    SKOS.definition: "definition",
    SKOS.scopeNote: "scope_note",
    SKOS.example: "example",
    SKOS.editorialNote: "editorial_note",
}
MAPPINGS: dict[Node, str] = {
    SKOS.exactMatch: "exact_match",
    SKOS.closeMatch: "close_match",
    SKOS.broadMatch: "broad_match",
    SKOS.narrowMatch: "narrow_match",
    SKOS.relatedMatch: "related_match",
}
LABELS: dict[Node, str] = {SKOS.prefLabel: "pref", SKOS.altLabel: "alt", SKOS.hiddenLabel: "hidden"}
TRANSLATION_NOTE = re.compile(r"translation status: (\w+)")
EXPLANATION_NOTE = re.compile(r"explanation status: (\w+)")
# Statements the records derive or do not need: said again by every export.
DERIVED = {
    RDF.type,
    SKOS.inScheme,
    SKOS.topConceptOf,
    DCTERMS.created,
    DCTERMS.modified,
    OWL.deprecated,
}


class SkosStatements:
    """Reading statements of a graph, reporting those the model cannot hold."""

    def __init__(self, graph: Graph, source_language: str) -> None:
        self.graph = graph
        self.source_language = source_language
        # "subject property: why" for every statement the model cannot hold
        self.unrepresentable: list[str] = []

    def _skip(self, subject: Node, predicate: Node, why: str) -> None:
        name = self.graph.qname(predicate) if isinstance(predicate, URIRef) else str(predicate)
        self.unrepresentable.append(f"<{subject}> {name}: {why}")

    def _text(self, value: Node) -> tuple[str, str] | None:
        if not isinstance(value, Literal):
            return None
        return value.language or self.source_language, str(value).strip()

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


@dataclass
class _Found:
    """What the statements of one concept say, gathered before the record is made."""

    labels: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    notes: dict[tuple[str, str], str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    explanation_notes: dict[str, str] = field(default_factory=dict)
    status: str = "valid"
    relations: dict[str, list[str]] = field(
        default_factory=lambda: {"related": [], "broader": [], "equivalent": []}
    )
    mappings: dict[str, list[str]] = field(default_factory=dict)
    cited: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)
    valid_from: str = ""
    valid_until: str = ""


@dataclass(frozen=True)
class _Neighbours:
    """What a concept's statements are read against: the file's concepts and sources."""

    slugs: dict[Node, str]
    sources: dict[Node, SourceRecord]
    # the vocabulary's own `#equivalent` properties stated by the concept, and their objects
    equivalent: list[Node]
    equivalents: set[Node]


class ConceptReader(SkosStatements):
    """Each concept's statements into a record."""

    def _concept(
        self,
        node: Node,
        slugs: dict[Node, str],
        members: dict[str, list[Node]],
        sources: dict[Node, SourceRecord],
    ) -> ConceptRecord:
        graph = self.graph
        found = _Found()
        equivalent = [
            p for p in set(graph.predicates(node, None)) if str(p).endswith("#equivalent")
        ]
        neighbours = _Neighbours(
            slugs, sources, equivalent, {o for p in equivalent for o in graph.objects(node, p)}
        )
        for predicate, value in sorted(
            graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))
        ):
            if predicate in DERIVED or predicate == DCTERMS.identifier:
                continue
            if not self._statement(node, predicate, value, found, neighbours):
                self._skip(node, predicate, "the model has no place for it")
        return self._record(node, found, slugs, members)

    def _statement(
        self, node: Node, predicate: Node, value: Node, found: _Found, neighbours: _Neighbours
    ) -> bool:
        """Read one statement into `found`; False when the model has no place for it."""
        if predicate in LABELS:
            text = self._text(value)
            if text:
                kinds = found.labels.setdefault(text[0], {"pref": [], "alt": [], "hidden": []})
                kinds[LABELS[predicate]].append(text[1])
        elif predicate in NOTES:
            text = self._text(value)
            if text:
                key = (NOTES[predicate], text[0])
                notes = found.notes
                notes[key] = f"{notes[key]}\n\n{text[1]}" if key in notes else text[1]
        elif predicate in (SKOS.related, SKOS.broader, SKOS.narrower) or (
            predicate in neighbours.equivalent
        ):
            self._relation(node, predicate, value, found, neighbours)
        elif predicate in MAPPINGS:
            if value in neighbours.slugs:
                self._skip(node, predicate, "a mapping inside one scheme (NL-SBB forbids it)")
            else:
                found.mappings.setdefault(MAPPINGS[predicate], []).append(str(value))
        elif predicate == ADMS.status and value in STATUSES:
            found.status = STATUSES[value]
        elif predicate == DCTERMS.isReplacedBy:
            if value in neighbours.slugs:
                found.replaced_by.append(neighbours.slugs[value])
            else:
                self._skip(node, predicate, f"<{value}> is no concept of this file")
        elif predicate == DCTERMS.replaces:
            pass  # the inverse of the successor's dct:isReplacedBy, read there
        elif predicate in (SCHEMA.validFrom, SCHEMA.validThrough):
            day = str(value)[:10]
            if predicate == SCHEMA.validFrom:
                found.valid_from = day
            else:
                found.valid_until = day
        elif predicate == SKOS.changeNote and self._review_note(value, found):
            pass  # a translation's or explanation's review status
        elif predicate == DCTERMS.source:
            if value in neighbours.sources:
                found.cited.append(neighbours.sources[value].key)
            else:
                why = f"<{value}>: its citation does not occur in the concept's texts"
                self._skip(node, predicate, why)
        elif predicate == RDFS.comment:  # NL-SBB's uitleg: the plain-language explanation
            self._explanation(node, predicate, value, found)
        else:
            return False
        return True

    def _review_note(self, value: Node, found: _Found) -> bool:
        return self._translation_note(value, found.statuses) or self._explanation_note(
            value, found.explanation_notes
        )

    def _relation(
        self, node: Node, predicate: Node, value: Node, found: _Found, neighbours: _Neighbours
    ) -> None:
        slugs = neighbours.slugs
        if value not in slugs:
            self._skip(node, predicate, f"<{value}> is no concept of this file")
            return
        # a symmetric relation stated both ways is stored once, from the smaller id
        once = slugs[value] > slugs[node] or (value, predicate, node) not in self.graph
        if predicate == SKOS.broader:
            found.relations["broader"].append(slugs[value])
        elif predicate == SKOS.related and value not in neighbours.equivalents and once:
            found.relations["related"].append(slugs[value])
        elif predicate in neighbours.equivalent and once:
            found.relations["equivalent"].append(slugs[value])

    def _explanation(self, node: Node, predicate: Node, value: Node, found: _Found) -> None:
        text = self._text(value)
        if text is None:
            self._skip(node, predicate, f"<{value}> is no text")
        elif text[0] in found.explanations:
            self._skip(node, predicate, f"'{text[1][:60]}' is a second explanation in '{text[0]}'")
        else:
            found.explanations[text[0]] = text[1]

    def _record(
        self, node: Node, found: _Found, slugs: dict[Node, str], members: dict[str, list[Node]]
    ) -> ConceptRecord:
        """The record of what was found, with what the other concepts state of it."""
        graph, relations, labels = self.graph, found.relations, found.labels
        # narrower stated only on the other side
        for other in graph.subjects(SKOS.narrower, node):
            if other in slugs and slugs[other] not in relations["broader"]:
                relations["broader"].append(slugs[other])
        # a symmetric relation is stored once, from the concept that comes first
        for kind in ("related", "equivalent", "broader"):
            relations[kind] = list(dict.fromkeys(relations[kind]))
        for lang, kinds in labels.items():
            for extra in kinds["pref"][1:]:
                self._skip(
                    node,
                    SKOS.prefLabel,
                    f"a second preferred label in '{lang}' ('{extra}'), kept as an alternative",
                )
        status = found.status
        if (OWL.deprecated, Literal(True)) in set(graph.predicate_objects(node)):
            status = "replaced" if found.replaced_by else "retired"
        for lang in set(labels) - {self.source_language}:
            found.statuses.setdefault(lang, "draft")
        for lang, review in sorted(found.explanation_notes.items()):
            if lang not in found.explanations:
                self._skip(
                    node,
                    SKOS.changeNote,
                    f"'explanation status: {review}' ({lang}) but no explanation in '{lang}'",
                )
        note_order = list(NOTES.values())
        return ConceptRecord(
            slug=slugs[node],
            clusters=tuple(cid for cid, nodes in members.items() if node in nodes),
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
                sorted(found.notes.items(), key=lambda i: (note_order.index(i[0][0]), i[0][1]))
            ),
            translation_status={k: v for k, v in found.statuses.items() if k in labels},
            sources=tuple(dict.fromkeys(found.cited)),
            cluster_positions=self._positions(node, members),
            related=tuple(relations["related"]),
            broader=tuple(relations["broader"]),
            equivalent=tuple(relations["equivalent"]),
            mappings={k: tuple(v) for k, v in found.mappings.items()},
            replaced_by=tuple(dict.fromkeys(found.replaced_by)),
            valid_from=found.valid_from,
            valid_until=found.valid_until,
            explanations=dict(sorted(found.explanations.items())),
            explanation_status={
                lang: found.explanation_notes.get(lang, "draft")
                for lang in sorted(found.explanations)
            },
        )

    def _concept_order(self, concepts: list[Node], members: dict[str, list[Node]]) -> list[Node]:
        order: list[Node] = []
        for ordered in members.values():
            order += [m for m in ordered if m not in order]
        return order + [node for node in concepts if node not in order]

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
