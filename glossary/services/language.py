"""Choosing the text of a language, with a visible fallback to the source language.

Content language is separate from UI language: where a concept has no text in the requested
language yet, the source-language text is returned and marked as a fallback, never nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from glossary.models import Cluster, Concept, LabelKind, NoteKind, TranslationStatus


@dataclass(frozen=True)
class LocalizedText:
    text: str
    lang: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.lang != self.requested


def _pick(values: dict[str, str], lang: str, fallbacks: Iterable[str]) -> LocalizedText | None:
    for candidate in (lang, *fallbacks):
        if values.get(candidate):
            return LocalizedText(values[candidate], candidate, lang)
    if values:
        first = sorted(values)[0]
        return LocalizedText(values[first], first, lang)
    return None


def pref_label(concept: Concept, lang: str, fallbacks: Iterable[str] = ("nl",)) -> LocalizedText:
    values = {label.lang: label.text for label in concept.labels if label.kind is LabelKind.PREF}
    picked = _pick(values, lang, fallbacks)
    return picked or LocalizedText(concept.slug, lang, lang)


def labels_of_kind(concept: Concept, kind: LabelKind, lang: str) -> list[str]:
    return [label.text for label in concept.labels if label.kind is kind and label.lang == lang]


def note(
    concept: Concept, kind: NoteKind, lang: str, fallbacks: Iterable[str] = ("nl",)
) -> LocalizedText | None:
    values = {n.lang: n.text for n in concept.notes if n.kind is kind}
    return _pick(values, lang, fallbacks)


def explanation(
    concept: Concept, lang: str, fallbacks: Iterable[str] = ("nl",)
) -> LocalizedText | None:
    """The plain-language explanation in `lang`, else in a fallback language."""
    values = {e.lang: e.text for e in concept.explanations}
    return _pick(values, lang, fallbacks)


def explanation_status(concept: Concept, lang: str) -> str | None:
    """'draft' or 'reviewed' for a language the concept has an explanation in."""
    return next((e.status.value for e in concept.explanations if e.lang == lang), None)


def translation_status(concept: Concept, lang: str) -> str | None:
    """'source', 'draft' or 'reviewed' for a language the concept has; None otherwise."""
    for translation in concept.translations:
        if translation.lang == lang:
            return translation.status.value
    return None


def is_draft_translation(concept: Concept, lang: str) -> bool:
    return translation_status(concept, lang) == TranslationStatus.DRAFT.value


def cluster_title(cluster: Cluster, lang: str, fallbacks: Iterable[str] = ("nl",)) -> LocalizedText:
    values = {title.lang: title.title for title in cluster.titles}
    return _pick(values, lang, fallbacks) or LocalizedText(cluster.id, lang, lang)
