"""Plain records of a framework: what every way data enters (CSV, SKOS, TBX, the editor)
produces, and what an export writes.

Import compares records read from files with records read from the database; export writes
the database's records back to files. One canonical form on both sides is what makes
"import twice changes nothing" and the CSV round trip hold by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.model_enums import (
    ExplanationStatus,
    LabelKind,
    MappingKind,
    NoteKind,
    RelationKind,
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
    # the successors of a replaced concept (ids in the same scheme); none when valid/retired
    replaced_by: tuple[str, ...] = ()
    # ISO dates (YYYY-MM-DD) or empty: when the concept began and stopped being in force
    valid_from: str = ""
    valid_until: str = ""

    def relation_targets(self) -> dict[str, tuple[str, ...]]:
        return {
            RelationKind.RELATED.value: self.related,
            RelationKind.BROADER.value: self.broader,
            RelationKind.EQUIVALENT.value: self.equivalent,
            RelationKind.REPLACED_BY.value: self.replaced_by,
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
class SchemeInfo:
    """The scheme's own texts: titles and descriptions per language."""

    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # (field, lang) → value
    # lang → draft/reviewed for the translated titles and descriptions
    translation_status: dict[str, str] = field(default_factory=dict)


@dataclass
class Framework:
    """Everything one import brings: clusters, sources and concepts, in file order."""

    clusters: list[ClusterRecord]
    sources: list[SourceRecord]
    concepts: list[ConceptRecord]


LABEL_KIND_COLUMNS = {
    LabelKind.PREF: "pref_label",
    LabelKind.ALT: "alt_labels",
    LabelKind.HIDDEN: "hidden_labels",
}
NOTE_KINDS = tuple(kind.value for kind in NoteKind)
EXPLANATION_STATUSES = tuple(status.value for status in ExplanationStatus)
MAPPING_KINDS = tuple(kind.value for kind in MappingKind)
