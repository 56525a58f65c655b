"""The enumerated kinds and statuses of the glossary model, stored as strings."""

from __future__ import annotations

import enum


class LabelKind(enum.StrEnum):
    PREF = "pref"
    ALT = "alt"
    HIDDEN = "hidden"


class NoteKind(enum.StrEnum):
    DEFINITION = "definition"
    SCOPE_NOTE = "scope_note"
    EXAMPLE = "example"
    EDITORIAL_NOTE = "editorial_note"


class RelationKind(enum.StrEnum):
    RELATED = "related"
    BROADER = "broader"
    EQUIVALENT = "equivalent"


class MappingKind(enum.StrEnum):
    """SKOS mapping properties: links to concepts of other vocabularies only."""

    EXACT = "exact_match"
    CLOSE = "close_match"
    BROAD = "broad_match"
    NARROW = "narrow_match"
    RELATED = "related_match"


class ConceptStatus(enum.StrEnum):
    DRAFT = "draft"
    ACCEPTED = "accepted"
    DEPRECATED = "deprecated"


class TranslationStatus(enum.StrEnum):
    SOURCE = "source"
    DRAFT = "draft"
    REVIEWED = "reviewed"


class ExplanationStatus(enum.StrEnum):
    """The review state of a plain-language explanation, in every language (also the
    source language: an explanation is always written after the definition)."""

    DRAFT = "draft"
    REVIEWED = "reviewed"


class ChangeKind(enum.StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"
