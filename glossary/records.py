"""Plain records of a framework: what a CSV row holds and what the database holds.

Import compares records read from files with records read from the database; export writes
the database's records back to files. One canonical form on both sides is what makes
"import twice changes nothing" and the CSV round trip hold by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.models import (
    Cluster,
    Concept,
    ExplanationStatus,
    LabelKind,
    MappingKind,
    NoteKind,
    RelationKind,
    Source,
    TranslationStatus,
)


@dataclass(frozen=True)
class LanguageLabels:
    pref: str
    alt: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConceptRecord:
    slug: str
    clusters: tuple[str, ...]
    status: str
    labels: dict[str, LanguageLabels]
    # (kind, lang) → Markdown text
    notes: dict[tuple[str, str], str]
    # lang → draft/reviewed; the source language has none
    translation_status: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    # cluster id → the place asked for in that cluster; clusters absent follow file order
    cluster_positions: dict[str, int] = field(default_factory=dict)
    related: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    equivalent: tuple[str, ...] = ()
    # lang → plain-language explanation (NL-SBB uitleg) and its draft/reviewed status
    explanations: dict[str, str] = field(default_factory=dict)
    explanation_status: dict[str, str] = field(default_factory=dict)
    # mapping kind (exact_match, ...) → URIs of concepts in other vocabularies; kinds
    # without URIs are left out, so records compare equal however they were built
    mappings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def relation_targets(self) -> dict[str, tuple[str, ...]]:
        return {
            RelationKind.RELATED.value: self.related,
            RelationKind.BROADER.value: self.broader,
            RelationKind.EQUIVALENT.value: self.equivalent,
        }

    def languages(self) -> list[str]:
        langs = set(self.labels) | {lang for _, lang in self.notes} | set(self.explanations)
        return sorted(langs)


@dataclass(frozen=True)
class ClusterRecord:
    id: str
    position: int
    titles: dict[str, str]
    # lang → draft/reviewed; the source language has none
    translation_status: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceRecord:
    key: str
    citation: str
    entry: str
    author: str = ""
    year: str = ""
    date: str = ""
    title: str = ""
    publisher: str = ""
    place: str = ""
    url: str = ""
    # BCP 47 code of the title; empty: the framework's source language
    language: str = ""


SOURCE_FIELDS = (
    "citation",
    "author",
    "year",
    "date",
    "title",
    "publisher",
    "place",
    "url",
    "language",
    "entry",
)


@dataclass
class Framework:
    """Everything one import brings: clusters, sources and concepts, in file order."""

    clusters: list[ClusterRecord]
    sources: list[SourceRecord]
    concepts: list[ConceptRecord]


def concept_record(concept: Concept) -> ConceptRecord:
    """The canonical record of a stored concept."""
    labels: dict[str, dict[str, list[str]]] = {}
    for label in sorted(concept.labels, key=lambda lab: lab.position):
        kinds = labels.setdefault(label.lang, {"pref": [], "alt": [], "hidden": []})
        kinds[label.kind.value].append(label.text)
    mappings: dict[str, list[str]] = {}
    for mapping in sorted(concept.mappings, key=lambda m: m.position):
        mappings.setdefault(mapping.kind.value, []).append(mapping.uri)
    relations: dict[str, list[str]] = {kind.value: [] for kind in RelationKind}
    for relation in sorted(concept.relations, key=lambda rel: rel.position):
        relations[relation.kind.value].append(relation.object.slug)
    return ConceptRecord(
        slug=concept.slug,
        clusters=tuple(
            member.cluster.id
            for member in sorted(
                concept.memberships, key=lambda m: (m.cluster.position, m.cluster.id)
            )
        ),
        status=concept.status.value,
        labels={
            lang: LanguageLabels(
                pref=kinds["pref"][0] if kinds["pref"] else "",
                alt=tuple(kinds["alt"]),
                hidden=tuple(kinds["hidden"]),
            )
            for lang, kinds in labels.items()
        },
        notes={(note.kind.value, note.lang): note.text for note in concept.notes},
        translation_status={
            t.lang: t.status.value
            for t in concept.translations
            if t.status is not TranslationStatus.SOURCE
        },
        sources=tuple(c.source.key for c in sorted(concept.citations, key=lambda c: c.position)),
        cluster_positions={
            member.cluster.id: member.fixed_position
            for member in concept.memberships
            if member.fixed_position is not None
        },
        related=tuple(relations[RelationKind.RELATED.value]),
        broader=tuple(relations[RelationKind.BROADER.value]),
        equivalent=tuple(relations[RelationKind.EQUIVALENT.value]),
        explanations={e.lang: e.text for e in concept.explanations},
        explanation_status={e.lang: e.status.value for e in concept.explanations},
        mappings={
            kind.value: tuple(mappings[kind.value]) for kind in MappingKind if kind in mappings
        },
    )


def cluster_record(cluster: Cluster) -> ClusterRecord:
    return ClusterRecord(
        id=cluster.id,
        position=cluster.position,
        titles={title.lang: title.title for title in cluster.titles},
        translation_status={
            title.lang: title.status.value
            for title in cluster.titles
            if title.status is not TranslationStatus.SOURCE
        },
    )


def source_record(source: Source) -> SourceRecord:
    return SourceRecord(key=source.key, **{name: getattr(source, name) for name in SOURCE_FIELDS})


LABEL_KIND_COLUMNS = {
    LabelKind.PREF: "pref_label",
    LabelKind.ALT: "alt_labels",
    LabelKind.HIDDEN: "hidden_labels",
}
NOTE_KINDS = tuple(kind.value for kind in NoteKind)
EXPLANATION_STATUSES = tuple(status.value for status in ExplanationStatus)
MAPPING_KINDS = tuple(kind.value for kind in MappingKind)
