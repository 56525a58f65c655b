"""What a query must match, and how results rank (the search issue, point by point)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from glossary.search.service import SearchOutcome
from tests import search_helpers as search


@pytest.fixture
def find(app: Flask) -> Iterator:
    def run(query: str, lang: str = "nl", **options: object) -> SearchOutcome:
        return search.search(query, lang, **options)  # type: ignore[arg-type]

    with app.app_context():
        yield run


def ids(outcome: SearchOutcome) -> list[str]:
    return [hit.id for hit in outcome.results]


# --- folding, hyphens, spaces --------------------------------------------------------------


@pytest.mark.parametrize("query", ["e-inclusie", "E-Inclusie", "E INCLUSIE", "einclusie"])
def test_case_hyphen_and_space_are_ignored(find, query: str) -> None:
    assert ids(find(query))[0] == "e-inclusie"


def test_accents_are_folded_both_ways(find) -> None:
    assert ids(find("essentiele"))[0] == "inclusieve-essentiele-dienstverlening"
    definition_hits = find("clienten")
    assert definition_hits.total > 0
    assert "<mark>cliënten</mark>" in " ".join(hit.snippet_html for hit in definition_hits.results)


@pytest.mark.parametrize("query", ["e-hulp", "e hulp", "ehulp"])
def test_hyphen_space_and_no_space_are_the_same_word(find, query: str) -> None:
    first = find(query).results[0]
    assert (first.id, first.match, first.matched_label) == ("onlinehulpverlening", "alt", "e-hulp")


def test_single_letters_of_a_term_are_kept(find) -> None:
    assert find("m health").results[0].matched_label == "m-health"
    assert find("e youth").results[0].id == "e-youth"


def test_face_to_face_written_with_spaces(find) -> None:
    assert ids(find("face to face"))[0] == "face-to-face-versus-online"


# --- compounds and inflection --------------------------------------------------------------


def test_a_compound_part_finds_compounds_and_phrases(find) -> None:
    found = ids(find("hulpverlening"))
    assert {"onlinehulpverlening", "blended-hulpverlening"} <= set(found[:3])


def test_compound_match_is_a_label_match(find) -> None:
    hit = next(hit for hit in find("hulpverlening").results if hit.id == "onlinehulpverlening")
    assert hit.match == "pref"
    assert hit.matched_label == "Onlinehulpverlening"


def test_two_words_find_the_compound(find) -> None:
    first = find("online hulp").results[0]
    assert (first.id, first.matched_label) == ("onlinehulpverlening", "onlinehulp")


def test_dossier_finds_both_dossiers_first(find) -> None:
    assert set(ids(find("dossier"))[:2]) == {"digitaal-dossier", "elektronisch-dossier"}


def test_inflected_forms_are_found(find) -> None:
    assert find("hulpverleners").results[0].matched_label == "hybride hulpverleners"
    assert ids(find("hybride hulpverlener"))[0] == "hybride-werken"
    assert ids(find("digitale dossiers"))[0] == "digitaal-dossier"
    assert ids(find("digitaal kloof"))[0] == "digitale-kloof"


# --- synonyms -------------------------------------------------------------------------------


def test_a_synonym_ranks_its_concept_first_and_says_which_label_matched(find) -> None:
    first = find("e-zorg").results[0]
    assert first.id == "onlinehulpverlening"
    assert first.pref_label == "Onlinehulpverlening"
    assert (first.match, first.matched_label) == ("alt", "e-zorg")


def test_every_alternative_label_ranks_its_concept_first(app: Flask, find) -> None:
    from glossary.models import Label, LabelKind, db

    with app.app_context():
        alternatives = [
            (label.text, label.lang, label.concept.slug)
            for label in db.session.query(Label).filter(Label.kind == LabelKind.ALT)
        ]
    assert len(alternatives) > 40
    wrong = []
    for text, lang, slug in alternatives:
        first = find(text, lang).results[0]
        if first.id != slug and first.matched_label is not None:
            # the same label may name two concepts (none do today): then either is right
            wrong.append((text, first.id, slug))
    assert wrong == []


def test_the_pref_label_is_shown_in_the_requested_language(find) -> None:
    first = find("e-zorg", "en").results[0]
    assert first.pref_label == "Online help"
    assert first.matched_label == "e-zorg"
    assert first.matched_lang == "nl"


def test_english_labels_are_searched(find) -> None:
    first = find("media literacy", "en").results[0]
    assert (first.id, first.match, first.matched_label) == (
        "mediawijsheid",
        "pref",
        "Media literacy",
    )


# --- typos ----------------------------------------------------------------------------------


def test_a_typo_still_finds_the_concept_and_suggests_the_label(find) -> None:
    outcome = find("mediawijsheit")
    assert ids(outcome)[0] == "mediawijsheid"
    assert outcome.suggestions == ["Mediawijsheid"]


def test_a_typo_in_a_second_word(find) -> None:
    outcome = find("digitale kloov")
    assert ids(outcome)[0] == "digitale-kloof"
    assert outcome.suggestions == ["Digitale kloof"]


def test_a_correct_query_gets_no_did_you_mean(find) -> None:
    assert find("mediawijsheid").suggestions == []
    assert find("digitale kloof").suggestions == []


# --- definitions ----------------------------------------------------------------------------


def test_definitions_are_searched_and_snippets_mark_the_word(find) -> None:
    outcome = find("privacy")
    definition_hits = [hit for hit in outcome.results if hit.match == "definition"]
    assert definition_hits
    assert all("<mark>" in hit.snippet_html for hit in definition_hits)
    assert all(hit.matched_label is None for hit in definition_hits)


def test_a_label_match_always_outranks_a_definition_match(app: Flask, find) -> None:
    """Among the matches in the content language: one found only in another language comes
    after them all (tests/test_search_languages.py)."""
    from glossary.models import Label, db

    with app.app_context():
        words = {
            word
            for label in db.session.query(Label)
            for word in label.text.lower().split()
            if len(word) > 3
        }
    checked = 0
    for word in sorted(words):
        matches = [hit.match for hit in find(word).results if not hit.other_language]
        if "definition" in matches:
            first_definition = matches.index("definition")
            assert "pref" not in matches[first_definition:], word
            assert "alt" not in matches[first_definition:], word
            checked += 1
    assert checked > 10


def test_the_snippet_html_is_escaped(find) -> None:
    for hit in find("digitale").results:
        without_marks = hit.snippet_html.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in without_marks


# --- filters, limits, totals ----------------------------------------------------------------


def test_the_cluster_filter(find) -> None:
    everywhere = find("digitale")
    in_cluster = find("digitale", cluster="gegevensdeling")
    assert 0 < in_cluster.total < everywhere.total
    assert all("gegevensdeling" in hit.clusters for hit in in_cluster.results)


def test_limit_and_total(find) -> None:
    outcome = find("digitale", limit=3)
    assert len(outcome.results) == 3
    assert outcome.total > 3
    assert len(set(ids(find("digitale", limit=50)))) == find("digitale", limit=50).total


def test_a_concept_appears_once_even_when_both_languages_match(find) -> None:
    found = ids(find("vitalink", limit=50))
    assert found.count("vitalink") == 1


# --- completion -----------------------------------------------------------------------------


def test_completion_offers_preferred_and_alternative_labels(app: Flask) -> None:
    with app.app_context():
        labels = [(item.label, item.concept_id) for item, _ in search.complete("e-z", "nl")]
        assert ("e-zorg", "onlinehulpverlening") in labels
        media = [item.label for item, _ in search.complete("media", "nl", 3)]
        assert media == ["Mediacoach", "Mediamatrix", "Mediawijsheid"]
        later_word = [item.concept_id for item, _ in search.complete("dossier", "nl")]
        assert {"digitaal-dossier", "elektronisch-dossier"} <= set(later_word)
        assert search.complete("", "nl") == []
        assert search.complete("zzzq", "nl") == []
