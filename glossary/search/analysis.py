"""Text analysis for search: folding, word splitting, stemming and compound parts.

Every piece of text that enters the index, and every query, goes through the same functions,
so the index only ever holds terms and queries are built from terms — user text is never
parsed as query syntax.

- Folding: case, accents and quotes are ignored ("Cliënten" = "clienten"); an apostrophe
  inside a word disappears ("dilemma's" = "dilemmas").
- Words: anything that is not a letter or digit separates words, so "e-hulp" and "e hulp" give
  the same words; joined neighbours ("ehulp") are indexed for labels too, so hyphen, space and
  no space are the same. Single letters are kept ("e", "m").
- Stemming: the Snowball stemmer of the language when the engine has one (Dutch, English, French,
  German, ...), otherwise words are only folded — a new language needs no code.
- Compounds: a word is also indexed under the known words it starts or ends with, and under
  what remains beside them ("onlinehulpverlening" → "online", "onlinehulp", "hulpverlening",
  "verlening"). "Known" means the word occurs on its own somewhere in that language's labels
  or definitions, so the lexicon comes from the data, not from a dictionary that would need
  maintenance per language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from unidecode import unidecode

from glossary.search.engine import stemmer_for, stopwords_for
from glossary.text import fold

_APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")
_WORD = re.compile(r"[0-9a-z]+")
# Parts of a compound shorter than this are too likely to be accidental ("ing", "ver").
MIN_PART = 4
# Only words at least this long are tried as compounds.
MIN_COMPOUND = 2 * MIN_PART
# Dutch and German join parts with a linking s ("samenwerking-s-platform").
_LINKING = ("s",)


def fold_words(text: str) -> list[str]:
    """Folded words of a text: lowercase ASCII, split on everything but letters and digits."""
    return _WORD.findall(_folded(text))


def _folded(text: str) -> str:
    folded = fold(text)
    if "'" in folded or "’" in folded or "`" in folded:
        folded = _APOSTROPHE.sub("", folded)
    return unidecode(folded)


def compact(text: str) -> str:
    """A text without case, accents, spaces or punctuation: "E-Hulp" → "ehulp"."""
    return "".join(fold_words(text))


def _identity(word: str) -> str:
    return word


@lru_cache(maxsize=64)
def _stemmer(lang: str) -> Callable[[str], str]:
    stem = stemmer_for(lang)
    return _identity if stem is None else lru_cache(maxsize=200_000)(stem)


@lru_cache(maxsize=64)
def _stopwords(lang: str) -> frozenset[str]:
    return frozenset(unidecode(word) for word in stopwords_for(lang))


@dataclass
class Analyzer:
    """Analysis of one language; `lexicon` holds the known words used to split compounds."""

    lang: str
    lexicon: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self.stem = _stemmer(self.lang)
        self.stopwords = _stopwords(self.lang)
        self._parts_cache: dict[str, tuple[str, ...]] = {}
        self._text_word_terms: dict[str, tuple[str, ...]] = {}
        self._folded: dict[str, str] = {}

    @classmethod
    def for_texts(cls, lang: str, texts: Iterable[str]) -> Analyzer:
        """An analyzer whose lexicon holds the words of `texts`, the texts of one language.

        It keeps each text folded while it lives (an index build), so the build folds every
        text once rather than once for the lexicon and again for its terms.
        """
        folded = {text: _folded(text) for text in texts}
        lexicon = frozenset(
            word
            for text in folded.values()
            for word in _WORD.findall(text)
            if len(word) >= MIN_PART
        )
        analyzer = cls(lang, lexicon)
        analyzer._folded = folded
        return analyzer

    def words(self, text: str) -> list[str]:
        """The folded words of `text` (see `fold_words`)."""
        folded = self._folded.get(text)
        return fold_words(text) if folded is None else _WORD.findall(folded)

    def is_stopword(self, word: str) -> bool:
        return word in self.stopwords

    def compound_parts(self, word: str) -> tuple[str, ...]:
        """Known words a compound starts or ends with (folded, not stemmed)."""
        cached = self._parts_cache.get(word)
        if cached is not None:
            return cached
        parts: list[str] = []
        if len(word) >= MIN_COMPOUND and self.lexicon:
            for cut in range(MIN_PART, len(word) - MIN_PART + 1):
                head, tail = word[:cut], word[cut:]
                if head in self.lexicon:
                    # A known first part: what follows it is a part too ("online|hulpcompetenties").
                    parts.extend((head, tail))
                if tail in self.lexicon:
                    parts.extend((head, tail))
                elif tail[0] in _LINKING and tail[1:] in self.lexicon and len(tail) > MIN_PART:
                    parts.extend((head, tail[1:]))
        result = tuple(dict.fromkeys(parts))
        self._parts_cache[word] = result
        return result

    def label_terms(self, text: str) -> LabelTerms:
        """Everything a label is found by: its words, joined neighbours, stems and parts."""
        words = self.words(text)
        joined = ["".join(pair) for pair in zip(words, words[1:], strict=False)]
        if len(words) > 2:
            joined.append("".join(words))
        surface = list(dict.fromkeys([*words, *joined]))
        parts = [part for word in surface for part in self.compound_parts(word)]
        return LabelTerms(
            key="".join(words),
            surface=tuple(surface),
            terms=tuple(dict.fromkeys(self.stem(word) for word in surface)),
            parts=tuple(dict.fromkeys(self.stem(part) for part in parts)),
        )

    def text_terms(self, text: str) -> list[str]:
        """Terms of running text (a definition): stems and compound parts, no stop words."""
        terms: list[str] = []
        # Definitions repeat their words a lot: a word's terms are worked out once.
        known = self._text_word_terms
        for word in self.words(text):
            word_terms = known.get(word)
            if word_terms is None:
                word_terms = known[word] = self._text_word(word)
            terms.extend(word_terms)
        return terms

    def _text_word(self, word: str) -> tuple[str, ...]:
        if word in self.stopwords:
            return ()
        return (self.stem(word), *(self.stem(part) for part in self.compound_parts(word)))


@dataclass(frozen=True)
class LabelTerms:
    key: str
    surface: tuple[str, ...]
    terms: tuple[str, ...]
    parts: tuple[str, ...]
