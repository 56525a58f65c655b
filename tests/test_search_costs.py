"""No single search costs seconds: a time budget per search, a hit cap per Skosmos answer.

The budget is shown by configuring none at all (GLOSSARY_SEARCH_SECONDS=0): the search still
answers, with what its first stage found, marked incomplete — never an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bench.generate import generate
from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from glossary.services.skosmos_search import MAX_MAXHITS
from tests import search_helpers as search
from tests.conftest import SCHEME_ID


@pytest.fixture
def hurried_app(app: Flask) -> Flask:
    """The bundled framework, searched with a time budget of zero seconds."""
    app.config["GLOSSARY_SEARCH_SECONDS"] = 0.0
    return app


def test_a_search_out_of_time_answers_with_what_it_found(hurried_app: Flask) -> None:
    with hurried_app.test_request_context():
        outcome = search.search("mediawijsheid", "nl")
    assert not outcome.complete
    assert [hit.id for hit in outcome.results] == ["mediawijsheid"]


def test_a_search_out_of_time_still_finds_words_when_no_label_matched(hurried_app: Flask) -> None:
    """A cold worker can spend the whole budget on the first stage: the word search runs
    anyway when that stage found nothing, so such a search is never empty for lack of time."""
    with hurried_app.test_request_context():
        outcome = search.search("geletterdheid", "nl")
    assert not outcome.complete
    assert outcome.results


def test_a_search_in_time_is_complete(app: Flask) -> None:
    with app.test_request_context():
        outcome = search.search("mediawijsheid", "nl")
    assert outcome.complete
    assert len(outcome.results) > 1


def test_an_incomplete_search_is_not_kept_for_the_next_one(hurried_app: Flask) -> None:
    with hurried_app.test_request_context():
        search.search("digitale geletterdheid", "nl")
        hurried_app.config["GLOSSARY_SEARCH_SECONDS"] = 0.5
        again = search.search("digitale geletterdheid", "nl")
    assert again.complete


def test_the_api_answers_an_incomplete_search_as_such_and_uncacheable(hurried_app: Flask) -> None:
    response = hurried_app.test_client().get("/api/v1/search?q=mediawijsheid")
    assert response.status_code == 200
    body = response.get_json()
    assert body["complete"] is False
    assert [hit["id"] for hit in body["results"]] == ["mediawijsheid"]
    assert response.headers["Cache-Control"] == "no-store"


def test_the_api_says_a_search_is_complete(client: FlaskClient) -> None:
    response = client.get("/api/v1/search?q=mediawijsheid")
    assert response.get_json()["complete"] is True
    assert "no-store" not in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/rest/v1/search?query=mediawijsheid&lang=nl", "/zoeken?q=mediawijsheid"]
)
def test_skosmos_and_the_search_page_answer_an_incomplete_search(
    hurried_app: Flask, path: str
) -> None:
    response = hurried_app.test_client().get(path)
    assert response.status_code == 200
    assert "mediawijsheid" in response.get_data(as_text=True)


def test_an_incomplete_skosmos_search_is_not_cacheable(hurried_app: Flask) -> None:
    response = hurried_app.test_client().get("/rest/v1/search?query=digitaal&lang=nl")
    assert response.headers["Cache-Control"] == "no-store"


# --- the Skosmos hit cap ----------------------------------------------------------------------


@pytest.fixture
def large_client(empty_app: Flask, tmp_path: Path) -> FlaskClient:
    """A generated framework of 20 concepts more than one Skosmos answer may hold."""
    concepts = generate(MAX_MAXHITS + 20, tmp_path / "kader")
    with empty_app.app_context():
        import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(concepts), source_language="nl"
        )
    return empty_app.test_client()


def listed(client: FlaskClient, **params: str) -> list[str]:
    response = client.get("/rest/v1/search", query_string={"query": "*", **params})
    assert response.status_code == 200
    return [result["localname"] for result in response.get_json()["results"]]


def test_skosmos_answers_at_most_maxhits_results_and_pages_on(large_client: FlaskClient) -> None:
    first = listed(large_client)
    rest = listed(large_client, offset=str(MAX_MAXHITS))
    assert len(first) == MAX_MAXHITS
    assert len(rest) == 20
    assert not set(first) & set(rest)


@pytest.mark.parametrize("maxhits", ["0", str(MAX_MAXHITS + 1), "1000000"])
def test_a_larger_maxhits_is_clamped_not_refused(large_client: FlaskClient, maxhits: str) -> None:
    assert len(listed(large_client, maxhits=maxhits)) == MAX_MAXHITS


def test_a_smaller_maxhits_is_honoured(large_client: FlaskClient) -> None:
    assert len(listed(large_client, maxhits="7")) == 7
