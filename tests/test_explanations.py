"""Every concept has a plain-language Dutch explanation that meets the B1 aims of issue 19.

The measures are computed here from the bundled CSV with glossary.readability (syllables
from pyphen's Dutch hyphenation dictionary, word frequencies from wordfreq); the words of the
concept's own labels are not counted as uncommon.
"""

import csv

import pytest

from glossary.readability import measure
from tests.conftest import BUNDLED_CSV

with BUNDLED_CSV.open(encoding="utf-8", newline="") as handle:
    CONCEPTS = list(csv.DictReader(handle))


def _labels(concept: dict[str, str], lang: str) -> list[str]:
    alt = [label.strip() for label in concept[f"alt_labels@{lang}"].split("|")]
    return [concept[f"pref_label@{lang}"], *(label for label in alt if label)]


@pytest.mark.parametrize("concept", CONCEPTS, ids=[c["id"] for c in CONCEPTS])
def test_the_dutch_explanation_meets_the_b1_aims(concept: dict[str, str]) -> None:
    # at most 60 words, at most 12 words per sentence, Flesch–Douma at least 65,
    # at most 10 % uncommon words (Zipf < 3.0)
    result = measure(concept["explanation@nl"], "nl", _labels(concept, "nl"))
    assert result.problems() == []


def test_all_42_concepts_have_an_explanation_in_dutch_and_english() -> None:
    assert len(CONCEPTS) == 42
    assert all(c["explanation@nl"] and c["explanation@en"] for c in CONCEPTS)
