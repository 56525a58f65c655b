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
    # the successor(s) of a replaced concept (dct:isReplacedBy); not a SKOS relation
    REPLACED_BY = "replaced_by"


class MappingKind(enum.StrEnum):
    """SKOS mapping properties: links to concepts of other vocabularies only."""

    EXACT = "exact_match"
    CLOSE = "close_match"
    BROAD = "broad_match"
    NARROW = "narrow_match"
    RELATED = "related_match"


class ConceptStatus(enum.StrEnum):
    """The life of a published concept (NORA/ROSA: geldig, vervangen, vervallen). A concept
    not yet published is a draft of the workflow (glossary/editing), not a status."""

    VALID = "valid"
    REPLACED = "replaced"
    RETIRED = "retired"


# The words of the earlier model, still read from partners' files (CSV, SKOS, TBX) and from
# versions recorded before migration 0015: accepted was valid, deprecated retired, and a
# "draft" that entered the framework was published all the same (what enters through an
# import is published; a change still to be reviewed is a draft of the workflow).
STATUS_ALIASES = {"accepted": "valid", "deprecated": "retired", "draft": "valid"}


def concept_status_word(word: str) -> str:
    """The status `word` names today: an old word becomes its new one, anything else is left
    for the checks to refuse with its own spelling."""
    cleaned = word.strip().lower()
    return STATUS_ALIASES.get(cleaned, cleaned)


def status_entered(before: str, after: str) -> ConceptStatus | None:
    """The end of use a concept entered when its status went from `before` to `after`:
    REPLACED or RETIRED when it became that and was not before, None for any other change.

    The one rule of the release diff and of what's new, so both call a change alike. Old
    words read as their new ones: a concept "deprecated" before issue 15 and "retired" now
    did not retire again."""
    was, now = concept_status_word(before), concept_status_word(after)
    if now != was and now in (ConceptStatus.REPLACED, ConceptStatus.RETIRED):
        return ConceptStatus(now)
    return None


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
