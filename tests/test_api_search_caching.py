"""Validators of search-derived responses follow the index that answered, not only the data.

A worker answers from the previous index version while another process holds the build lock,
or while a framework too large to rebuild within a request is rebuilt in the background. Such
an answer must not be cached as the answer for the current data revision: its ETag names the
index revision, it is not cacheable, and once the index catches up its ETag no longer matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from glossary.search.index_store import IndexStore
from tests import search_helpers as search
from tests.test_search_index import NEW_SLUG, framework_with_a_new_concept, import_directly

Ids = Callable[[Any], list[str]]


def api_ids(key: str) -> Ids:
    return lambda body: [item["id"] for item in body[key]]


def skosmos_ids(body: Any) -> list[str]:
    return [result["localname"] for result in body["results"]]


# Each search-derived endpoint, asked for the concept only the imported data has.
SEARCHES: list[tuple[str, Ids]] = [
    ("/api/v1/search?q=indexproefbegrip", api_ids("results")),
    ("/api/v1/suggest?q=indexproef", api_ids("suggestions")),
    ("/rest/v1/search?query=indexproefbegrip", skosmos_ids),
    ("/rest/v1/search?query=indexproef*", skosmos_ids),
    ("/rest/v1/begrippenkader/search?query=indexproef*", skosmos_ids),
]
# 5000 (the default): the stale index is small enough to rebuild within the request, but
# another process holds the build lock. 0: too large, so a background thread would rebuild;
# the lock held by the test keeps it from finishing before the test has looked.
INLINE_LIMITS = [5000, 0]


@contextmanager
def another_builder(app: Flask) -> Iterator[None]:
    """Hold the index build lock as another worker rebuilding the index would."""
    with IndexStore(Path(app.config["GLOSSARY_INDEX_DIR"])).build_lock() as locked:
        assert locked
        yield


def stale_answer(
    app: Flask, client: FlaskClient, tmp_path: Path, path: str
) -> tuple[TestResponse, TestResponse]:
    """The answer of a current index, then the answer after an import the index lags behind."""
    current = client.get(path)
    with another_builder(app):
        with app.app_context():
            import_directly(framework_with_a_new_concept(tmp_path / "changed"))
        stale = client.get(path)
    return current, stale


@pytest.mark.parametrize("inline_limit", INLINE_LIMITS)
@pytest.mark.parametrize(("path", "ids"), SEARCHES)
def test_an_answer_from_a_stale_index_is_not_cacheable(
    app: Flask, client: FlaskClient, tmp_path: Path, inline_limit: int, path: str, ids: Ids
) -> None:
    app.config["GLOSSARY_INDEX_INLINE_LIMIT"] = inline_limit
    current, stale = stale_answer(app, client, tmp_path, path)

    assert current.status_code == stale.status_code == 200
    assert "max-age" in current.headers["Cache-Control"]
    assert current.headers["Last-Modified"]
    assert NEW_SLUG not in ids(stale.get_json())  # the old index answered
    assert stale.headers["Cache-Control"] == "no-store"
    assert "Last-Modified" not in stale.headers
    assert stale.headers["ETag"] != current.headers["ETag"]


@pytest.mark.parametrize("inline_limit", INLINE_LIMITS)
@pytest.mark.parametrize(("path", "ids"), SEARCHES)
def test_the_etag_of_a_stale_answer_does_not_match_once_the_index_caught_up(
    app: Flask, client: FlaskClient, tmp_path: Path, inline_limit: int, path: str, ids: Ids
) -> None:
    app.config["GLOSSARY_INDEX_INLINE_LIMIT"] = inline_limit
    _, stale = stale_answer(app, client, tmp_path, path)
    with app.app_context():
        search.ensure_current_index()

    fresh = client.get(path, headers={"If-None-Match": stale.headers["ETag"]})
    assert fresh.status_code == 200
    assert NEW_SLUG in ids(fresh.get_json())
    assert fresh.headers["ETag"] != stale.headers["ETag"]
    assert "max-age" in fresh.headers["Cache-Control"]
    assert fresh.headers["Last-Modified"]


@pytest.mark.parametrize(("path", "_"), SEARCHES)
def test_a_search_from_a_current_index_answers_its_own_etag_with_not_modified(
    client: FlaskClient, path: str, _: Ids
) -> None:
    first = client.get(path)
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
