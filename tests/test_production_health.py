"""Liveness and readiness endpoints."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from tests.conftest import make_app

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


def test_health_answers_are_never_cached(client: FlaskClient) -> None:
    assert client.get("/readyz").headers["Cache-Control"] == "no-store"
