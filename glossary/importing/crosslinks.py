"""Finding mentions of concepts in text.

A mention is any label of a concept (preferred, alternative or hidden) in the same language,
matched case- and accent-insensitively on word boundaries, longest match first, never the
concept that owns the text. Hyphen and space are the same separator ("e-inclusie" matches
"e inclusie"), but a label never matches inside a longer word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from unidecode import unidecode

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# What may stand between two words of one label: spaces, hyphens and quotes, no punctuation.
_JOINER = re.compile(r"[\s\-\u2010\u2011'\u2018\u2019\"]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    target: int
    text: str


def _fold_token(token: str) -> str:
    # Most words are ASCII: unidecode would leave them as they are, at a cost.
    return token.casefold() if token.isascii() else unidecode(token).casefold()


def _label_key(label: str) -> tuple[str, ...]:
    return tuple(_fold_token(m.group()) for m in _TOKEN.finditer(label))


class LabelWords:
    """A quick test whether a text may mention one of some labels, without matching it.

    Every folded word of a label must stand in the folded text: folding (unidecode, casefold)
    works character by character, so a text the MentionFinder finds a label in always passes;
    a text that passes may still not mention it (its words apart, or inside longer words).
    """

    def __init__(self, labels: Iterable[str]) -> None:
        # Each label's words longest first: the rarest, most texts are passed over on it.
        self._labels = {
            tuple(sorted(set(key), key=len, reverse=True)) for key in map(_label_key, labels) if key
        }

    def __bool__(self) -> bool:
        return bool(self._labels)

    def may_occur_in(self, text: str) -> bool:
        # unidecode(text), transliterating only the non-ASCII runs: most of a text is ASCII,
        # which unidecode would otherwise walk character by character in Python.
        folded = _NON_ASCII.sub(lambda run: unidecode(run.group()), text).casefold()
        return any(all(word in folded for word in words) for words in self._labels)


class MentionFinder:
    """Finds mentions of known labels in texts of one language."""

    def __init__(self, labels: Iterable[tuple[int, str]]) -> None:
        """labels: (concept key, label text) pairs of one language."""
        self._targets: dict[tuple[str, ...], int] = {}
        ambiguous: set[tuple[str, ...]] = set()
        for target, label in labels:
            key = _label_key(label)
            if not key:
                continue
            if key in self._targets and self._targets[key] != target:
                ambiguous.add(key)
            self._targets.setdefault(key, target)
        # A label shared by two concepts names neither unambiguously: never link it.
        for key in ambiguous:
            del self._targets[key]
        # The most words of a label starting with each word: most words of a text start no
        # label, and are passed over with one look-up.
        self._longest: dict[str, int] = {}
        for key in self._targets:
            self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))

    def find(
        self, text: str, owner: int, excluded_spans: Sequence[tuple[int, int]] = ()
    ) -> list[Mention]:
        """Mentions of other concepts in text, left to right, longest match first."""
        tokens = [(m.start(), m.end(), _fold_token(m.group())) for m in _TOKEN.finditer(text)]
        mentions: list[Mention] = []
        position = 0
        while position < len(tokens):
            match = self._longest_match(text, tokens, position)
            if match is None:
                position += 1
                continue
            length, target = match
            start, end = tokens[position][0], tokens[position + length - 1][1]
            inside_excluded = any(lo <= start and end <= hi for lo, hi in excluded_spans)
            if target != owner and not inside_excluded:
                mentions.append(Mention(start, end, target, text[start:end]))
            position += length
        return mentions

    def _longest_match(
        self, text: str, tokens: list[tuple[int, int, str]], position: int
    ) -> tuple[int, int] | None:
        longest = self._longest.get(tokens[position][2])
        if longest is None:
            return None
        joined = 1
        limit = min(longest, len(tokens) - position)
        while joined < limit and _JOINER.fullmatch(
            text, tokens[position + joined - 1][1], tokens[position + joined][0]
        ):
            joined += 1
        for length in range(joined, 0, -1):
            key = tuple(token for _, _, token in tokens[position : position + length])
            target = self._targets.get(key)
            if target is not None:
                return length, target
        return None


def citation_spans(text: str, citations: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of '(citation)' occurrences: mentions inside a reference are not links."""
    spans = []
    for citation in citations:
        for match in re.finditer(re.escape(citation), text):
            spans.append((match.start(), match.end()))
    return spans
