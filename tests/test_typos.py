"""Typo tolerance: the vocabulary, over the engine adapter, finds exactly the words Whoosh's
Levenshtein automaton finds."""

from __future__ import annotations

import random

import pytest
from flask import Flask
from whoosh import index

from tests.search_helpers import open_index


@pytest.fixture
def opened(app: Flask):
    with app.test_request_context():
        yield open_index()


def typo_variants(word: str, rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyzë"
    variants = [word]
    for _ in range(4):
        chars = list(word)
        position = rng.randrange(1, len(chars))
        edit = rng.choice(("replace", "insert", "delete", "swap"))
        if edit == "replace":
            chars[position] = rng.choice(letters)
        elif edit == "insert":
            chars.insert(position, rng.choice(letters))
        elif edit == "delete" and len(chars) > 2:
            del chars[position]
        elif position + 1 < len(chars):
            chars[position], chars[position + 1] = chars[position + 1], chars[position]
        variants.append("".join(chars))
    return variants


@pytest.mark.parametrize("field_name, prefix", [("surface", 1), ("pref_key", 2), ("alt_key", 2)])
def test_near_words_are_the_words_within_the_distance(opened, field_name: str, prefix: int) -> None:
    reader = index.open_dir(str(opened.version.path)).reader()
    words = sorted(reader.field_terms(field_name))
    rng = random.Random(7)
    compared = 0
    longer = [word for word in words if len(word) >= 3]
    for word in rng.sample(longer, min(60, len(longer))):
        for variant in typo_variants(word, rng):
            for maxdist in (1, 2):
                expected = set(reader.terms_within(field_name, variant, maxdist, prefix=prefix))
                near = opened.vocabulary.near(field_name, variant, maxdist, prefix)
                assert {n.word for n in near} == expected, (variant, maxdist)
                assert [n.distance for n in near] == sorted(n.distance for n in near)
                compared += 1
    assert compared >= 300


def test_a_word_with_typos_is_found_closest_first(opened) -> None:
    near = opened.vocabulary.near("surface", "mediawijsheit", maxdist=2, prefix=1)
    assert near[0].word == "mediawijsheid" and near[0].distance == 1
    assert opened.vocabulary.near("surface", "xyzzyqwerty", maxdist=2, prefix=1) == []
