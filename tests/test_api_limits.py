"""Rate limiting per client: a search budget and a general budget, each shared by its routes
and by every worker of the host; 429 with Retry-After, off unless configured."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.http.limit_storage import SQLiteStorage
from tests.conftest import make_app

SEARCHES = (
    "/api/v1/search?q=mediawijsheid",
    "/api/v1/suggest?q=media",
    "/rest/v1/search?query=mediawijsheid",
    "/rest/v1/begrippenkader/search?query=media*",
    "/zoeken?q=mediawijsheid",
)
GENERAL = (
    "/api/v1/clusters",
    "/api/v1/concepts",
    "/rest/v1/vocabularies?lang=nl",
    "/export/begrippenkader.csv",
    "/oembed?url=https://begrippen.opgroeien.be/begrip/mediawijsheid",
)

LimitedApp = Callable[..., Flask]


@pytest.fixture
def limited_app(app: Flask, instance_path: Path) -> LimitedApp:
    """Apps on the test database with small limits, counting in the instance folder's file."""

    def make(search: str = "2 per minute", general: str = "2 per minute") -> Flask:
        return make_app(
            instance_path,
            RATELIMIT_ENABLED=True,
            RATELIMIT_SEARCH=search,
            RATELIMIT_DEFAULT=general,
            RATELIMIT_STORAGE_URI=f"sqlite:///{instance_path / 'ratelimits.sqlite3'}",
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        )

    return make


@pytest.fixture
def limited_client(limited_app: LimitedApp) -> FlaskClient:
    return limited_app().test_client()


def spend(client: FlaskClient, path: str, times: int = 2) -> None:
    for _ in range(times):
        assert client.get(path).status_code == 200


def test_client_over_its_limit_gets_too_many_requests(limited_client: FlaskClient) -> None:
    spend(limited_client, "/api/v1/clusters")
    response = limited_client.get("/api/v1/clusters")
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert "at most 2 per minute" in response.get_json()["detail"]
    assert 0 < int(response.headers["Retry-After"]) <= 60


@pytest.mark.parametrize("path", SEARCHES + GENERAL)
def test_every_limited_route_says_its_budget(limited_app: LimitedApp, path: str) -> None:
    response = limited_app(search="5 per minute", general="7 per minute").test_client().get(path)
    # A refused answer (400, 404) counts too; the oEmbed one depends on the configured host.
    assert response.status_code in (200, 400, 404)
    assert response.headers["X-RateLimit-Limit"] == ("5" if path in SEARCHES else "7")


@pytest.mark.parametrize("path", SEARCHES[1:])
def test_searching_on_one_route_spends_the_budget_of_every_search_route(
    limited_client: FlaskClient, path: str
) -> None:
    spend(limited_client, SEARCHES[0])
    assert limited_client.get(path).status_code == 429


def test_the_search_budget_leaves_the_general_budget_alone(limited_client: FlaskClient) -> None:
    spend(limited_client, "/api/v1/search?q=mediawijsheid")
    assert limited_client.get("/api/v1/concepts").status_code == 200


@pytest.mark.parametrize("path", GENERAL[1:])
def test_one_machine_path_spends_the_budget_of_every_other(
    limited_client: FlaskClient, path: str
) -> None:
    spend(limited_client, GENERAL[0])
    assert limited_client.get(path).status_code == 429


def test_the_general_budget_leaves_searches_alone(limited_client: FlaskClient) -> None:
    spend(limited_client, "/api/v1/clusters")
    assert limited_client.get("/api/v1/search?q=mediawijsheid").status_code == 200


def test_pages_and_embeds_are_not_limited(limited_client: FlaskClient) -> None:
    spend(limited_client, "/api/v1/clusters")
    spend(limited_client, "/api/v1/search?q=mediawijsheid")
    for path in ("/", "/begrip/mediawijsheid", "/embed/mediawijsheid", "/healthz"):
        assert limited_client.get(path).status_code == 200, path


def test_two_workers_on_one_instance_folder_share_one_count(limited_app: LimitedApp) -> None:
    first, second = limited_app().test_client(), limited_app().test_client()
    assert first.get("/api/v1/search?q=media").status_code == 200
    assert second.get("/api/v1/suggest?q=media").status_code == 200
    assert first.get("/api/v1/suggest?q=media").status_code == 429
    assert second.get("/api/v1/search?q=media").status_code == 429


def test_the_search_page_over_its_limit_is_an_html_page_in_the_ui_language(
    limited_client: FlaskClient,
) -> None:
    spend(limited_client, "/zoeken?q=mediawijsheid")
    dutch = limited_client.get("/zoeken?q=mediawijsheid")
    english = limited_client.get("/zoeken?q=mediawijsheid&ui=en")
    assert dutch.status_code == english.status_code == 429
    assert dutch.mimetype == "text/html"
    assert "Te veel aanvragen" in dutch.get_data(as_text=True)
    assert "Too many requests" in english.get_data(as_text=True)
    assert int(dutch.headers["Retry-After"]) > 0


def test_a_404_page_without_search_budget_is_a_plain_404(limited_client: FlaskClient) -> None:
    with_suggestions = limited_client.get("/begrip/mediawijsheit")
    assert 'class="suggestions"' in with_suggestions.get_data(as_text=True)
    limited_client.get("/api/v1/search?q=media")
    response = limited_client.get("/begrip/mediawijsheit")
    assert response.status_code == 404
    assert "mediawijsheit" in response.get_data(as_text=True)
    assert 'class="suggestions"' not in response.get_data(as_text=True)


def test_an_unresolved_label_without_search_budget_has_no_suggestions(
    limited_app: LimitedApp,
) -> None:
    client = limited_app(general="10 per minute").test_client()
    spend(client, "/api/v1/search?q=media")
    response = client.get("/api/v1/resolve?label=mediawijsheit")
    assert response.status_code == 404
    assert response.get_json()["suggestions"] == []


def test_limits_count_per_client_address(limited_client: FlaskClient) -> None:
    first = {"REMOTE_ADDR": "192.0.2.1"}
    for _ in range(2):
        limited_client.get("/api/v1/search?q=media", environ_overrides=first)
    assert limited_client.get("/api/v1/search?q=media", environ_overrides=first).status_code == 429
    second = {"REMOTE_ADDR": "192.0.2.2"}
    assert limited_client.get("/api/v1/search?q=media", environ_overrides=second).status_code == 200


def test_retry_after_is_only_on_429(limited_app: LimitedApp) -> None:
    client = limited_app(general="10 per minute").test_client()
    ok = client.get("/api/v1/concepts")
    not_modified = client.get("/api/v1/concepts", headers={"If-None-Match": ok.headers["ETag"]})
    moved = client.get("/rest/v1/begrippenkader/data")
    exported = client.get("/export/begrippenkader.ttl")
    for response in (ok, not_modified, moved, exported):
        assert "Retry-After" not in response.headers
        assert response.headers["X-RateLimit-Limit"] == "10"
    assert (not_modified.status_code, moved.status_code, exported.status_code) == (304, 303, 200)
    assert ok.headers["X-RateLimit-Remaining"] == "9"


def test_rate_limit_headers_are_exposed_to_cross_origin_scripts(
    limited_client: FlaskClient,
) -> None:
    response = limited_client.get("/api/v1/clusters", headers={"Origin": "https://partner.example"})
    exposed = {
        name.strip() for name in response.headers["Access-Control-Expose-Headers"].split(",")
    }
    assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} <= exposed
    assert "Retry-After" in exposed


def test_a_broken_count_file_lets_requests_through(
    limited_app: LimitedApp, instance_path: Path
) -> None:
    (instance_path / "ratelimits.sqlite3").write_bytes(b"not a database" * 100)
    client = limited_app().test_client()
    statuses = {client.get("/api/v1/search?q=media").status_code for _ in range(4)}
    assert statuses == {200}


def test_health_probes_are_not_limited(limited_client: FlaskClient) -> None:
    statuses = {limited_client.get("/healthz").status_code for _ in range(4)}
    assert statuses == {200}


def test_tests_run_without_limits(client: FlaskClient) -> None:
    statuses = {client.get("/api/v1/clusters").status_code for _ in range(400)}
    assert statuses == {200}


# --- the SQLite storage ---------------------------------------------------------------------


@pytest.fixture
def storage(tmp_path: Path) -> SQLiteStorage:
    return SQLiteStorage(f"sqlite:///{tmp_path / 'ratelimits.sqlite3'}")


def test_a_counter_past_its_window_starts_a_new_one(storage: SQLiteStorage) -> None:
    assert storage.incr("client", expiry=0) == 1
    assert storage.incr("client", expiry=0) == 1
    assert storage.get("client") == 0


def test_expired_counters_are_deleted(storage: SQLiteStorage) -> None:
    storage.incr("gone", expiry=0)
    storage.incr("kept", expiry=60)
    storage.cleanup()
    rows = storage._connection().execute("SELECT key FROM counters").fetchall()
    assert rows == [("kept",)]


def _hit(uri: str, times: int) -> None:
    counter = SQLiteStorage(uri)
    for _ in range(times):
        counter.incr("shared", expiry=60)


def test_processes_add_to_one_counter(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'ratelimits.sqlite3'}"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hit, args=(uri, 200)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert SQLiteStorage(uri).get("shared") == 600


def test_the_storage_file_is_created_only_when_counting(tmp_path: Path) -> None:
    SQLiteStorage(f"sqlite:///{tmp_path / 'ratelimits.sqlite3'}")
    assert not (tmp_path / "ratelimits.sqlite3").exists()


def test_by_default_the_workers_count_in_a_file_of_the_instance_folder(tmp_path: Path) -> None:
    from glossary.config import settings_from_env

    uri = str(settings_from_env(tmp_path)["RATELIMIT_STORAGE_URI"])
    assert SQLiteStorage(uri).path == tmp_path / "ratelimits.sqlite3"
