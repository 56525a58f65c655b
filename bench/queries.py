"""Query mixes for the search benchmark, drawn from the framework being measured.

Every query has a kind, so latencies can be read per kind (typos and prefixes cost more than
exact labels in most engines), and, where one concept is clearly meant, the concept expected
first, so a run also says how often the engine put it there. The mix depends only on the
framework and the seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from glossary.records import ConceptRecord, Framework
from glossary.text import word_tokens

SOURCE_LANGUAGE = "nl"
NONSENSE_LETTERS = "bcdfghjklmnpqrstvwxz"
# Kinds whose expected concept is checked at rank 1 (the others only need to run).
CHECKED_KINDS = ("exact", "synonym", "typo", "english")
# Tries per wanted query when drawing distinct ones.
DISTINCT_ATTEMPTS = 20


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    lang: str
    expected: str | None = None  # the concept id that should come first


class MixBuilder:
    def __init__(self, framework: Framework, seed: int) -> None:
        self.rng = random.Random(seed)
        self.concepts = framework.concepts
        self.with_alt = [c for c in self.concepts if c.labels[SOURCE_LANGUAGE].alt]
        self.with_en = [c for c in self.concepts if "en" in c.labels]
        self.lexicon = {
            word
            for concept in self.concepts
            for label in _labels(concept)
            for word in word_tokens(label)
            if len(word) >= 4
        }
        self.compound_parts = self._compound_parts()

    # --- one query of each kind -----------------------------------------------------------

    def concept(self) -> ConceptRecord:
        return self.rng.choice(self.concepts)

    def exact(self) -> Query:
        concept = self.concept()
        return Query("exact", concept.labels[SOURCE_LANGUAGE].pref, SOURCE_LANGUAGE, concept.slug)

    def synonym(self) -> Query:
        if not self.with_alt:
            return self.exact()
        concept = self.rng.choice(self.with_alt)
        label = self.rng.choice(concept.labels[SOURCE_LANGUAGE].alt)
        return Query("synonym", label, SOURCE_LANGUAGE, concept.slug)

    def prefix(self) -> Query:
        word = self.rng.choice(word_tokens(self.concept().labels[SOURCE_LANGUAGE].pref))
        return Query("prefix", word[: self.rng.randint(1, 6)], SOURCE_LANGUAGE)

    def later_word_prefix(self) -> Query:
        words = word_tokens(self.concept().labels[SOURCE_LANGUAGE].pref)
        word = self.rng.choice(words[1:] or words)
        return Query("word prefix", word[: self.rng.randint(3, 6)], SOURCE_LANGUAGE)

    def compound(self) -> Query:
        if not self.compound_parts:
            return self.prefix()
        return Query("compound part", self.rng.choice(self.compound_parts), SOURCE_LANGUAGE)

    def typo(self) -> Query:
        concept = self.concept()
        label = concept.labels[SOURCE_LANGUAGE].pref
        words = label.split()
        longest = max(range(len(words)), key=lambda index: len(words[index]))
        words[longest] = _one_edit(words[longest], self.rng)
        return Query("typo", " ".join(words), SOURCE_LANGUAGE, concept.slug)

    def multiword(self) -> Query:
        concept = self.concept()
        definition = concept.notes.get(("definition", SOURCE_LANGUAGE), "")
        words = [word for word in word_tokens(definition) if len(word) >= 5] or ["hulp"]
        label_word = self.rng.choice(word_tokens(concept.labels[SOURCE_LANGUAGE].pref))
        picked = [label_word, *self.rng.sample(words, min(2, len(words)))]
        return Query("multiword", " ".join(picked), SOURCE_LANGUAGE)

    def nonsense(self) -> Query:
        while True:
            word = "".join(self.rng.choices(NONSENSE_LETTERS, k=self.rng.randint(5, 9)))
            if word not in self.lexicon:
                break
        text = word if self.rng.random() < 0.5 else f"{word} {word[::-1]}"
        return Query("no hit", text, SOURCE_LANGUAGE)

    def english(self) -> Query:
        if not self.with_en:
            return self.exact()
        concept = self.rng.choice(self.with_en)
        return Query("english", concept.labels["en"].pref, "en", concept.slug)

    def suggest_prefix(self) -> Query:
        label = self.concept().labels[SOURCE_LANGUAGE].pref
        return Query("prefix", label[: self.rng.randint(1, 6)], SOURCE_LANGUAGE)

    def suggest_synonym(self) -> Query:
        if not self.with_alt:
            return self.suggest_prefix()
        label = self.rng.choice(self.rng.choice(self.with_alt).labels[SOURCE_LANGUAGE].alt)
        return Query("synonym prefix", label[: self.rng.randint(3, 6)], SOURCE_LANGUAGE)

    # --- mixes ----------------------------------------------------------------------------

    def mix(
        self, makers: dict[Callable[[], Query], int], size: int, distinct: bool = False
    ) -> list[Query]:
        """`size` queries, kinds in proportion to their weights, interleaved round by round.

        `distinct`: no two queries with the same words, so a cache of outcomes never answers
        one of them; a kind with fewer distinct queries in the data (the 42 exact labels of the
        bundled framework) then runs out early, and the mix may be shorter than `size`.
        Interleaving keeps any leading slice of the mix balanced across kinds.
        """
        total = sum(makers.values())
        seen: set[tuple[tuple[str, ...], str]] = set()
        streams: dict[Callable[[], Query], list[Query]] = {}
        for maker, weight in makers.items():
            quota = size * weight // total
            stream = streams[maker] = []
            for _ in range(quota * (DISTINCT_ATTEMPTS if distinct else 1)):
                if len(stream) == quota:
                    break
                query = maker()
                if distinct:
                    if (key := query_key(query)) in seen:
                        continue
                    seen.add(key)
                stream.append(query)
        queries: list[Query] = []
        while any(streams.values()):
            for maker, weight in makers.items():
                queries.extend(streams[maker][:weight])
                del streams[maker][:weight]
        return queries

    def _compound_parts(self) -> list[str]:
        """Known label words that end (or start) a longer label word: "hulpverlening"."""
        parts: set[str] = set()
        for word in sorted(self.lexicon):
            if len(word) < 9:
                continue
            for cut in range(4, len(word) - 3):
                if word[cut:] in self.lexicon:
                    parts.add(word[cut:])
                elif word[:cut] in self.lexicon:
                    parts.add(word[:cut])
        return sorted(parts)


def query_key(query: Query) -> tuple[tuple[str, ...], str]:
    """What makes two queries the same for a cache of outcomes: their words and language."""
    return tuple(word_tokens(query.text)), query.lang


def search_mix(framework: Framework, seed: int, size: int, distinct: bool = False) -> list[Query]:
    builder = MixBuilder(framework, seed)
    kinds = (
        builder.exact,
        builder.synonym,
        builder.prefix,
        builder.compound,
        builder.typo,
        builder.multiword,
        builder.nonsense,
        builder.english,
    )
    return builder.mix(dict.fromkeys(kinds, 1), size, distinct)


def suggest_mix(framework: Framework, seed: int, size: int) -> list[Query]:
    builder = MixBuilder(framework, seed + 1)
    weights = {
        builder.suggest_prefix: 5,
        builder.later_word_prefix: 2,
        builder.suggest_synonym: 1,
        builder.exact: 1,
        builder.nonsense: 1,
    }
    return builder.mix(weights, size)


def _labels(concept: ConceptRecord) -> list[str]:
    labels = concept.labels[SOURCE_LANGUAGE]
    return [labels.pref, *labels.alt]


def _one_edit(word: str, rng: random.Random) -> str:
    """The word with one letter (not the first) dropped, doubled, swapped or replaced."""
    if len(word) < 4:
        return word + rng.choice("aeiou")
    position = rng.randrange(1, len(word) - 1)
    edit = rng.randrange(4)
    if edit == 0:
        return word[:position] + word[position + 1 :]
    if edit == 1:
        return word[:position] + word[position] + word[position:]
    if edit == 2:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    letters = [letter for letter in "aeioutnrsl" if letter != word[position]]
    return word[:position] + rng.choice(letters) + word[position + 1 :]
