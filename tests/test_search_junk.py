"""No junk matches, no cut citations (issue 18, defect 4).

Single letters and stray digits of a query do not match on their own: they count only as part
of the word they are written against ("e-zorg", "m-health") or of an exact label ("jeugdzorg
2.0"). A snippet never ends or starts inside a bracketed citation.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from glossary.search.service import SearchOutcome
from tests import search_helpers as search


@pytest.fixture
def find(app: Flask) -> Iterator:
    def run(query: str, lang: str = "nl") -> SearchOutcome:
        return search.search(query, lang, limit=50)

    with app.app_context():
        yield run


def ids(outcome: SearchOutcome) -> list[str]:
    return [item.id for item in outcome.results]


def test_e_zorg_does_not_match_a_lone_e_and_zorgen(find) -> None:
    found = find("e-zorg")
    assert ids(found)[0] == "onlinehulpverlening"
    assert "e-inclusie" not in ids(found)


def test_a_script_tag_does_not_match_jeugdzorg_2_0(find) -> None:
    assert "onlinehulpverlening" not in ids(find("<script>alert(2)</script>"))


@pytest.mark.parametrize("query", ["e", "2", "e 2", "m"])
def test_a_single_letter_or_digit_alone_matches_nothing_but_a_label(find, query: str) -> None:
    assert find(query).total == 0


def test_digits_still_help_an_exact_label(find) -> None:
    first = find("jeugdzorg 2.0").results[0]
    assert (first.id, first.matched_label) == ("onlinehulpverlening", "jeugdzorg 2.0")


def test_a_letter_written_against_a_word_still_finds_the_term(find) -> None:
    assert find("e youth").results[0].id == "e-youth"
    assert find("m health").results[0].matched_label == "m-health"


def test_no_single_letter_is_marked_in_a_snippet(find) -> None:
    for item in find("e-zorg").results:
        assert "<mark>e</mark>" not in item.snippet_html.lower()


def brackets_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_the_citation_of_blended_care_is_not_cut(find) -> None:
    snippet = next(
        item.snippet for item in find("blended", "en").results if item.id == "blended-care"
    )
    assert "(Faresa, 2022" in snippet and "(Faresa, 2022)" in snippet


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("blended", "nl"),
        ("blended", "en"),
        ("privacy", "nl"),
        ("hulpverlening", "nl"),
        ("digitale", "nl"),
        ("online", "en"),
        ("gegevens", "nl"),
        ("jongeren", "nl"),
    ],
)
def test_no_snippet_cuts_inside_brackets(find, query: str, lang: str) -> None:
    cut = [
        item.snippet for item in find(query, lang).results if not brackets_balanced(item.snippet)
    ]
    assert cut == []
