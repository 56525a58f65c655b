"""The search, suggest and resolve endpoints: contract, parameters and hostile input."""

from __future__ import annotations

import string
from pathlib import Path

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BASE_URI = "https://begrippen.opgroeien.be/id/begrip/"


def test_search_answers_the_contract(client: FlaskClient) -> None:
    response = client.get("/api/v1/search?q=e-zorg&lang=nl")
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == "e-zorg"
    assert body["total"] >= 1
    first = body["results"][0]
    assert first["id"] == "onlinehulpverlening"
    assert first["uri"] == BASE_URI + "onlinehulpverlening"
    assert first["href"] == "/api/v1/concepts/onlinehulpverlening"
    assert first["pref_label"] == "Onlinehulpverlening"
    assert (first["match"], first["matched_label"]) == ("alt", "e-zorg")
    assert "gegevensdeling" not in first["clusters"]
    assert first["clusters"]
    assert isinstance(first["snippet"], str) and first["snippet"]
    assert body["suggestions"] == []


def test_search_in_english(client: FlaskClient) -> None:
    body = client.get("/api/v1/search?q=e-zorg&lang=en").get_json()
    assert body["results"][0]["pref_label"] == "Online help"


def test_did_you_mean_is_in_the_response(client: FlaskClient) -> None:
    body = client.get("/api/v1/search?q=digitale+kloov").get_json()
    assert body["results"][0]["id"] == "digitale-kloof"
    assert body["suggestions"] == ["Digitale kloof"]


def test_cluster_and_limit(client: FlaskClient) -> None:
    body = client.get("/api/v1/search?q=digitale&cluster=gegevensdeling&limit=2").get_json()
    assert len(body["results"]) == 2
    assert all("gegevensdeling" in hit["clusters"] for hit in body["results"])


def test_an_unknown_cluster_is_not_found(client: FlaskClient) -> None:
    response = client.get("/api/v1/search?q=x&cluster=nope")
    assert response.status_code == 404
    assert response.get_json()["parameter"] == "cluster"
    assert "unknown cluster" in response.get_json()["detail"]


@pytest.mark.parametrize(
    ("query", "parameter", "detail"),
    [
        ("", "q", "required"),
        ("q=", "q", "required"),
        ("q=%20%20", "q", "required"),
        ("q=x&limit=abc", "limit", "whole number"),
        ("q=x&limit=", "limit", "whole number"),
        ("q=x&limit=%2B5", "limit", "whole number"),
        ("q=x&limit=%205", "limit", "whole number"),
        ("q=x&limit=0", "limit", "between 1 and 100"),
        ("q=x&limit=1000", "limit", "between 1 and 100"),
        ("q=x&lang=xx", "lang", "unknown language"),
    ],
)
def test_bad_parameters_get_a_clear_400(
    client: FlaskClient, query: str, parameter: str, detail: str
) -> None:
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["parameter"] == parameter
    assert detail in problem["detail"]


# Text that a query parser would read as syntax. Every one is a present `q`, so every one is
# searched as text and answered 200 (400 is only for a missing or blank `q`).
HOSTILE = [
    '"unbalanced',
    '"',
    "AND OR NOT",
    "NOT",
    "*",
    "?",
    "~2",
    ":",
    "title:x",
    "(digitale",
    ")",
    "[a TO z]",
    "{}",
    "e-zorg^10",
    "🙂 🙃",
    "\x00\x01",
    "digitale " * 55,  # under the 500-character maximum (tests/test_long_input.py)
    "x" * 500,
    "%",
    "\\",
    "'",
]


@pytest.mark.parametrize("path", ["/api/v1/search", "/api/v1/suggest"])
@pytest.mark.parametrize("query", HOSTILE)
def test_any_present_text_is_searched_as_text(client: FlaskClient, path: str, query: str) -> None:
    response = client.get(path, query_string={"q": query})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert isinstance(body["results" if path.endswith("search") else "suggestions"], list)


def found_ids(client: FlaskClient, query: str) -> list[str]:
    response = client.get("/api/v1/search", query_string={"q": query})
    assert response.status_code == 200
    return [hit["id"] for hit in response.get_json()["results"]]


def test_not_is_a_word_not_an_exclusion(client: FlaskClient) -> None:
    assert found_ids(client, "NOT mediawijsheid")[0] == "mediawijsheid"


def test_and_is_a_word_not_a_requirement_that_one_concept_has_both(client: FlaskClient) -> None:
    # No concept has both words: AND as syntax would find nothing.
    assert {"mediawijsheid", "vitalink"} <= set(found_ids(client, "mediawijsheid AND vitalink"))


def test_a_colon_is_not_field_syntax(client: FlaskClient) -> None:
    # `title` is no field (syntax would find nothing); `clusters` is one (syntax would list
    # the cluster's members instead of the concepts whose text has both words).
    assert found_ids(client, "title:mediawijsheid")[0] == "mediawijsheid"
    assert found_ids(client, "clusters:gegevensdeling") == found_ids(
        client, "clusters gegevensdeling"
    )


def test_a_star_is_not_a_wildcard(client: FlaskClient) -> None:
    # As a wildcard, vi* would find Vitalink; as text, "vi" is no word of any label.
    assert "vitalink" not in found_ids(client, "vi*")


@pytest.mark.parametrize(
    ("syntax", "words"),
    [
        ('"mediawijsheid', "mediawijsheid"),
        ('"digitale kloof"', "digitale kloof"),
        ("(digitale kloof)", "digitale kloof"),
        ("[a TO z]", "a TO z"),
        ("{a TO z}", "a TO z"),
        ("media*", "media"),
        ("mediawijsheid^10", "mediawijsheid 10"),
    ],
)
def test_syntax_characters_only_separate_words(
    client: FlaskClient, syntax: str, words: str
) -> None:
    assert found_ids(client, syntax) == found_ids(client, words)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_hypothesis_any_unicode_text_never_errors(client: FlaskClient, text: str) -> None:
    # Blank text is a missing parameter (400); any other text is searched (200).
    expected = 200 if text.strip() else 400
    for path in ("/api/v1/search", "/api/v1/suggest"):
        response = client.get(path, query_string={"q": text})
        assert response.status_code == expected, (path, text)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=string.printable, max_size=80))
def test_hypothesis_query_syntax_characters_never_error(client: FlaskClient, text: str) -> None:
    response = client.get("/api/v1/search", query_string={"q": text, "lang": "en"})
    assert response.status_code == (200 if text.strip() else 400), text


# --- suggest -------------------------------------------------------------------------------


def test_suggest_gives_labels_with_their_concept(client: FlaskClient) -> None:
    body = client.get("/api/v1/suggest?q=e-z").get_json()
    assert body["query"] == "e-z"
    item = next(s for s in body["suggestions"] if s["label"] == "e-zorg")
    assert item == {
        "label": "e-zorg",
        "lang": "nl",
        "match": "alt",
        "id": "onlinehulpverlening",
        "pref_label": "Onlinehulpverlening",
        "uri": BASE_URI + "onlinehulpverlening",
        "other_language": False,
    }


def test_suggest_limit_and_language(client: FlaskClient) -> None:
    body = client.get("/api/v1/suggest?q=media&lang=en&limit=2").get_json()
    assert [s["label"] for s in body["suggestions"]] == ["Media coach", "Media matrix"]
    assert [s["pref_label"] for s in body["suggestions"]] == ["Media coach", "Media matrix"]


def test_suggest_needs_q(client: FlaskClient) -> None:
    response = client.get("/api/v1/suggest")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "q"


# --- resolve -------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["e-zorg", "E ZORG", "ezorg", "eHealth", "cybertherapie"])
def test_resolve_a_synonym(client: FlaskClient, label: str) -> None:
    response = client.get("/api/v1/resolve", query_string={"label": label})
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == "onlinehulpverlening"
    assert body["match"] == "alt"
    assert body["pref_label"] == "Onlinehulpverlening"
    assert body["href"] == "/api/v1/concepts/onlinehulpverlening"
    assert body["label"] == label


def test_resolve_a_preferred_label_in_english(client: FlaskClient) -> None:
    body = client.get("/api/v1/resolve?label=Media+literacy&lang=en").get_json()
    assert (body["id"], body["match"], body["lang"]) == ("mediawijsheid", "pref", "en")
    assert body["pref_label"] == "Media literacy"


def test_resolve_unknown_label_is_404_with_suggestions(client: FlaskClient) -> None:
    response = client.get("/api/v1/resolve?label=mediawijsheit")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["label"] == "mediawijsheit"
    assert problem["suggestions"][0]["id"] == "mediawijsheid"


def test_resolve_needs_a_label(client: FlaskClient) -> None:
    response = client.get("/api/v1/resolve")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "label"


# --- pages use the same search -------------------------------------------------------------


def test_the_search_page_shows_results_and_the_matched_synonym(client: FlaskClient) -> None:
    # The query is echoed in the search box, so only the result element can show the synonym.
    page = lxml.html.document_fromstring(client.get("/zoeken?q=e-zorg").get_data(as_text=True))
    first = page.xpath('//ol[@class="results"]/li')[0]
    assert first.xpath("h2/a/text()") == ["Onlinehulpverlening"]
    assert first.xpath('.//span[@class="matched-label"]/text()') == ["e-zorg"]


def test_search_without_a_usable_index_is_a_503_problem(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    app.config["GLOSSARY_INDEX_DIR"] = str(blocked)
    for url in ("/api/v1/search?q=e-zorg", "/api/v1/suggest?q=e-z"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert response.mimetype == "application/problem+json"


def test_the_search_page_survives_hostile_text(client: FlaskClient) -> None:
    response = client.get("/zoeken", query_string={"q": '<script>"AND OR *'})
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_an_unknown_concept_page_suggests_the_nearest(client: FlaskClient) -> None:
    response = client.get("/begrip/mediawijsheit")
    assert response.status_code == 404
    assert 'href="/begrip/mediawijsheid"' in response.get_data(as_text=True)
