"""Results and completions in the content language (issue 18, defect 1).

A Dutch search shows Dutch labels and snippets wherever the Dutch text matches; a concept
found only through another language comes after the Dutch matches and says which language
found it ("EN: …"); the visitor may search the content language only.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.search.service import SearchOutcome
from tests import search_helpers as search


@pytest.fixture
def find(app: Flask) -> Iterator:
    def run(query: str, lang: str = "nl", **options: object) -> SearchOutcome:
        return search.search(query, lang, **options)  # type: ignore[arg-type]

    with app.app_context():
        yield run


@pytest.fixture
def complete(app: Flask) -> Iterator:
    with app.app_context():
        yield search.complete


def hit(outcome: SearchOutcome, concept_id: str):  # noqa: ANN201 - a SearchHit
    return next(item for item in outcome.results if item.id == concept_id)


# --- the service ---------------------------------------------------------------------------


def test_a_dutch_match_shows_the_dutch_snippet(find) -> None:
    e_youth = hit(find("privacy"), "e-youth")
    assert e_youth.snippet_lang == "nl"
    assert "<mark>privacygevoelige</mark>" in e_youth.snippet_html
    assert not e_youth.other_language


def test_a_concept_with_a_matching_dutch_label_is_found_through_it(find) -> None:
    blended_care = hit(find("blended"), "blended-care")
    assert (blended_care.matched_label, blended_care.matched_lang) == ("Blended care", "nl")
    assert blended_care.snippet_lang == "nl"


def test_no_dutch_result_of_blended_shows_english(find) -> None:
    for item in find("blended").results:
        if not item.other_language:
            assert item.snippet_lang == "nl", item.id
            assert item.matched_lang in (None, "nl"), item.id


def test_matches_only_in_another_language_come_after_the_dutch_ones(find) -> None:
    flags = [item.other_language for item in find("blended").results]
    assert flags == sorted(flags)


def test_a_match_only_in_english_names_its_language(find) -> None:
    first = find("media literacy").results[0]
    assert (first.id, first.pref_label, first.lang) == ("mediawijsheid", "Mediawijsheid", "nl")
    assert (first.matched_label, first.matched_lang) == ("Media literacy", "en")
    assert first.other_language


def test_a_definition_match_only_in_english_names_its_language(find) -> None:
    english_only = [item for item in find("shielded").results if item.match == "definition"]
    assert english_only
    assert all(item.other_language and item.snippet_lang == "en" for item in english_only)


def test_the_content_language_alone_can_be_searched(find) -> None:
    dutch_only = find("media literacy", languages="nl").results
    assert all(item.matched_lang != "en" and item.snippet_lang == "nl" for item in dutch_only)
    assert find("mediawijsheid", languages="nl").results[0].id == "mediawijsheid"
    assert all(not item.other_language for item in find("blended", languages="nl").results)


def test_completions_fill_their_slots_with_the_content_language_first(complete) -> None:
    langs = [item.lang for item, _ in complete("blended", "nl", 8)]
    assert "nl" in langs
    assert langs == sorted(langs, key=lambda lang: lang != "nl")


# --- the page ------------------------------------------------------------------------------


def page(client: FlaskClient, query: str) -> str:
    response = client.get(f"/zoeken?{query}", headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_tags_a_match_in_another_language(client: FlaskClient) -> None:
    html = page(client, "q=media+literacy")
    result = html.split('data-concept="mediawijsheid"', 1)[1].split("</li>", 1)[0]
    assert '<span class="lang-tag" lang="en">EN:</span>' in result
    assert '<span class="matched-label" lang="en">Media literacy</span>' in result


def test_the_page_shows_no_english_snippet_for_blended_in_dutch_matches(
    client: FlaskClient,
) -> None:
    html = page(client, "q=blended")
    for result in html.split('<li class="result"')[1:]:
        if "lang-tag" not in result:
            assert 'class="result-snippet" lang="nl"' in result or "result-snippet" not in result


def test_the_page_offers_all_languages_or_only_dutch(client: FlaskClient) -> None:
    html = page(client, "q=blended")
    assert "Alle talen" in html and "Alleen Nederlands" in html
    assert 'name="talen" value="nl"' in html


def test_only_dutch_is_kept_in_the_url(client: FlaskClient) -> None:
    html = page(client, "q=media+literacy&talen=nl")
    assert "lang-tag" not in html
    assert 'name="talen" value="nl" checked' in html


def test_all_languages_is_the_default(client: FlaskClient) -> None:
    assert 'data-concept="mediawijsheid"' in page(client, "q=media+literacy&talen=alle")
    assert 'name="talen" value="alle" checked' in page(client, "q=media+literacy")


# --- the API -------------------------------------------------------------------------------


def test_the_api_says_a_hit_was_found_in_another_language(client: FlaskClient) -> None:
    body = client.get("/api/v1/search?q=media+literacy&lang=nl").get_json()
    first = body["results"][0]
    assert first["other_language"] is True
    assert (first["matched_lang"], first["snippet_lang"]) == ("en", "en")
    assert body["languages"] == "all"


def test_the_api_searches_one_language_when_asked(client: FlaskClient) -> None:
    body = client.get("/api/v1/search?q=media+literacy&lang=nl&languages=nl").get_json()
    assert body["languages"] == "nl"
    assert not any(item["other_language"] for item in body["results"])


def test_the_api_refuses_an_unknown_search_language(client: FlaskClient) -> None:
    response = client.get("/api/v1/search?q=blended&languages=xx")
    assert response.status_code == 400
    assert "languages" in response.get_json()["detail"]


def test_suggest_tags_labels_in_another_language(client: FlaskClient) -> None:
    body = client.get("/api/v1/suggest?q=blended&lang=nl&limit=8").get_json()
    flags = [(item["lang"], item["other_language"]) for item in body["suggestions"]]
    assert ("nl", False) in flags
    assert all(other == (lang != "nl") for lang, other in flags)
    assert [other for _, other in flags] == sorted(other for _, other in flags)


@pytest.mark.parametrize("query", ["blended", "online", "digital", "media", "data", "privacy"])
def test_a_shorter_page_is_the_start_of_a_longer_one(find, query: str) -> None:
    """Other languages' documents never crowd a content-language match off a short page."""
    longer = [item.id for item in find(query, limit=50).results]
    for limit in (1, 2, 3, 5):
        assert [item.id for item in find(query, limit=limit).results] == longer[:limit]
