"""Readability measures for Dutch (and, roughly, English) plain-language explanations.

NL-SBB's *uitleg* (rdfs:comment) is meant to be read at language level B1. Whether an
explanation gets there is measured, not guessed, with maintained data rather than home-made
rules:

- **syllables** come from the Dutch hyphenation dictionary of LibreOffice/Hunspell through
  ``pyphen`` (``nl_NL``): a word has one syllable more than it has hyphenation points. A
  hyphenated compound ("face-to-face") is counted part by part; a number counts as one syllable.
  The dictionary splits loanwords the Dutch way ("on-li-ne": 3), so English words in a Dutch
  text count a little heavier than they are spoken;
- **word frequencies** come from ``wordfreq`` (Zipf scale: 3.0 is once per million words,
  6.0 once per thousand). A word is **uncommon** when its Zipf frequency in the text's
  language is below :data:`UNCOMMON_ZIPF` (3.0). Examples (nl): "kinderen" 5.75, "hulpverlener"
  3.45, "loket" 3.44 are common; "blended" 2.83, "mediawijs" 2.07, "beeldbellen" 1.15 are
  not. A hyphenated word is uncommon when one of its parts is; numbers never are. The words of
  the concept's own labels are never counted as uncommon (the reader looks the term up), but
  they do count as words.

Flesch–Douma is Douma's (1960) Dutch adaptation of the Flesch reading ease:
206.835 − 0.93 × (words per sentence) − 77 × (syllables per word); 60–70 is "fairly easy",
above 70 "easy". Sentences end at ".", "!" or "?" followed by a space or the end of the text,
and at every line break (a list item is a sentence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pyphen
from wordfreq import zipf_frequency

# Below this Zipf frequency a word counts as uncommon (once per million words).
UNCOMMON_ZIPF = 3.0

# The aims for a Dutch explanation (issue 19).
MAX_WORDS = 60
MAX_MEAN_SENTENCE_LENGTH = 12.0
MIN_FLESCH_DOUMA = 65.0
MAX_UNCOMMON_SHARE = 0.10

# A word: letters or digits, with inner apostrophes or hyphens ("dilemma's", "e-mail").
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")
_PYPHEN_LANGS = {"nl": "nl_NL", "en": "en_GB"}


@dataclass(frozen=True)
class Readability:
    """The measures of one text."""

    words: int
    sentences: int
    syllables: int
    uncommon: tuple[str, ...] = field(default_factory=tuple)

    @property
    def mean_sentence_length(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def flesch_douma(self) -> float:
        if not self.words:
            return 0.0
        return 206.835 - 0.93 * self.mean_sentence_length - 77 * self.syllables_per_word

    @property
    def uncommon_share(self) -> float:
        return len(self.uncommon) / self.words if self.words else 0.0

    def problems(self) -> list[str]:
        """What misses the aims for a Dutch explanation (empty when all are met)."""
        found = []
        if self.words > MAX_WORDS:
            found.append(f"{self.words} words (at most {MAX_WORDS})")
        if self.mean_sentence_length > MAX_MEAN_SENTENCE_LENGTH:
            found.append(
                f"{self.mean_sentence_length:.1f} words per sentence "
                f"(at most {MAX_MEAN_SENTENCE_LENGTH:g})"
            )
        if self.flesch_douma < MIN_FLESCH_DOUMA:
            found.append(f"Flesch–Douma {self.flesch_douma:.1f} (at least {MIN_FLESCH_DOUMA:g})")
        if self.uncommon_share > MAX_UNCOMMON_SHARE:
            found.append(
                f"{self.uncommon_share:.0%} uncommon words (at most {MAX_UNCOMMON_SHARE:.0%}): "
                + ", ".join(self.uncommon)
            )
        return found


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of a text that contain at least one word."""
    return [part for part in _SENTENCE_END.split(text.strip()) if _WORD.search(part)]


@cache
def _hyphenator(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=_PYPHEN_LANGS.get(lang, lang))


def syllables(word: str, lang: str = "nl") -> int:
    """Syllables of one word: hyphenation points + 1 per part; a number is one syllable.

    Apostrophes are dropped first ("dilemma's" is hyphenated as "dilemmas").
    """
    total = 0
    for part in re.sub(r"['’]", "", word.lower()).split("-"):
        if not part:
            continue
        if part.isdigit():
            total += 1
        else:
            total += len(_hyphenator(lang).positions(part)) + 1
    return total


def is_uncommon(word: str, lang: str = "nl") -> bool:
    """Whether a word (or any part of a hyphenated word) is below UNCOMMON_ZIPF."""
    # A plural or genitive "'s" is looked up without it: "dilemma's" → "dilemma".
    stem = re.sub(r"['’]s$", "", word.lower())
    parts = [p for p in re.split(r"['’\-]", stem) if p and not p.isdigit()]
    return any(zipf_frequency(part, lang) < UNCOMMON_ZIPF for part in parts)


def label_words(labels: Iterable[str]) -> frozenset[str]:
    """The lowercased words (and word parts) of a concept's labels."""
    found: set[str] = set()
    for label in labels:
        for word in words(label):
            found.add(word.lower())
            found.update(p for p in re.split(r"['’\-]", word.lower()) if p)
    return frozenset(found)


def measure(text: str, lang: str = "nl", labels: Iterable[str] = ()) -> Readability:
    """Measure a text; words of ``labels`` are never counted as uncommon.

    The aims of issue 19 (B1 for the families the framework is about) are checked with
    :meth:`Readability.problems`.
    """
    known = label_words(labels)
    found = words(text)
    uncommon = tuple(
        word
        for word in found
        if word.lower() not in known
        and not all(p in known for p in re.split(r"['’\-]", word.lower()) if p)
        and is_uncommon(word, lang)
    )
    return Readability(
        words=len(found),
        sentences=len(sentences(text)),
        syllables=sum(syllables(word, lang) for word in found),
        uncommon=uncommon,
    )
