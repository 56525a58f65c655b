"""Liveness and readiness endpoints; the search index is brought up to date at gunicorn start."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from glossary.search.index_store import IndexStore
from tests import search_helpers as search
from tests.conftest import SCHEME_ID, make_app
from tests.serving import Rows, app_environment, framework_variant, get_json, gunicorn, wait_until

UNREACHABLE_POSTGRES = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"


def test_healthz_answers_while_the_process_lives(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_reports_the_data_revision(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["data_revision"] == 1


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=UNREACHABLE_POSTGRES)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def with_changed_definitions(rows: Rows) -> Rows:
    return [{**row, "definition@nl": row["definition@nl"] + " Gewijzigd."} for row in rows]


def test_readyz_is_503_while_the_index_is_behind_the_data(app: Flask, tmp_path: Path) -> None:
    # No inline rebuilds: a stale index keeps serving while one is built in the background.
    app.config["GLOSSARY_INDEX_INLINE_LIMIT"] = 0
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    changed = framework_variant(tmp_path / "changed", with_changed_definitions)
    with app.app_context():
        import_framework(db.session, SCHEME_ID, FrameworkFiles.beside(changed), "nl")

    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["index"] == "behind"
    assert response.json["index_revision"] == response.json["data_revision"] - 1
    assert wait_until(lambda: client.get("/readyz").status_code == 200, timeout=30)


def test_health_answers_are_never_cached(client: FlaskClient) -> None:
    assert client.get("/readyz").headers["Cache-Control"] == "no-store"


def test_gunicorn_rebuilds_a_deleted_index_before_workers_serve(app: Flask, tmp_path: Path) -> None:
    instance = tmp_path / "served"
    env = app_environment(app.config["SQLALCHEMY_DATABASE_URI"], instance)
    root = instance / "search-index"
    with app.app_context():
        app.config["GLOSSARY_INDEX_DIR"] = str(root)
        search.ensure_current_index()
    shutil.rmtree(root)

    with gunicorn(env, workers=2, log=tmp_path / "gunicorn.log") as base:
        # Only /healthz has been asked so far, which touches no index: the master built it.
        current = IndexStore(root).current()
        assert current is not None
        status, body = get_json(f"{base}/readyz")
        assert status == 200, body
        assert body["index_revision"] == body["data_revision"] == current.revision


def test_gunicorn_starts_when_the_database_is_unreachable(tmp_path: Path) -> None:
    env = app_environment(UNREACHABLE_POSTGRES, tmp_path / "instance")
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, workers=1, log=log) as base:
        status, body = get_json(f"{base}/readyz")
        assert status == 503
        assert body["database"] == "unreachable"
    assert "search index not brought up to date at start" in log.read_text()
