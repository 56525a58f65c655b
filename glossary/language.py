"""Choosing the text of a language, with a visible fallback to the source language.

Content language is separate from UI language: where a concept has no text in the requested
language yet, the source-language text is returned and marked as a fallback, never nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from glossary.models import Cluster, Concept, LabelKind, NoteKind, TranslationStatus

# A BCP 47 language tag as far as matching needs: a 2–3 letter language, then subtags of 1–8
# letters or digits (region, script, variant, extensions), case-insensitive.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def match_language(requested: str, available: Iterable[str]) -> str | None:
    """The available language a requested BCP 47 tag asks for, or None.

    Tags are case-insensitive (`NL` is `nl`) and a tag falls back by dropping subtags from
    the end (RFC 4647 lookup: `nl-BE` is `nl` when there is no `nl-BE`). Every surface (the
    API, Skosmos, the pages, the embeds) matches `lang` through this one function, so the
    same tag means the same language everywhere.
    """
    if not LANGUAGE_TAG.fullmatch(requested):
        return None
    by_folded = {lang.casefold(): lang for lang in available}
    candidate = requested.casefold()
    while candidate:
        if candidate in by_folded:
            return by_folded[candidate]
        candidate = candidate.rpartition("-")[0]
    return None


def language_tag_pattern(available: Iterable[str]) -> str:
    r"""A regular expression for exactly the tags `match_language` accepts for `available`
    (for the OpenAPI document: case-insensitive, with any further subtags). The end is
    `(?![\s\S])`, not `$`, which in Python also matches before a final newline."""
    primaries = sorted({lang.split("-")[0].casefold() for lang in available})
    letters = [
        "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in primary) for primary in primaries
    ]
    return rf"^(?:{'|'.join(letters)})(?:-[A-Za-z0-9]{{1,8}})*(?![\s\S])"


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


def shown_cluster_title(
    cluster: Cluster, lang: str, fallbacks: Iterable[str] = ("nl",)
) -> LocalizedText:
    """A cluster title as pages show it: with a capital first letter everywhere (home cards,
    breadcrumbs, sidebars, filters). The source writes titles in lower case ("blended
    werken"); the data and the exports keep them so."""
    title = cluster_title(cluster, lang, fallbacks)
    return LocalizedText(title.text[:1].upper() + title.text[1:], title.lang, title.requested)
