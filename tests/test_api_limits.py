"""Rate limiting per client: 429 problem+json with Retry-After, off unless configured."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app


@pytest.fixture
def limited_client(app: Flask, instance_path: Path) -> FlaskClient:
    """The test app's database, served with a limit of two requests per minute."""
    limited = make_app(
        instance_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_DEFAULT="2 per minute",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
    )
    return limited.test_client()


def test_client_over_its_limit_gets_too_many_requests(limited_client: FlaskClient) -> None:
    for _ in range(2):
        assert limited_client.get("/api/v1/clusters").status_code == 200
    response = limited_client.get("/api/v1/clusters")
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0


def test_limits_count_per_client(limited_client: FlaskClient) -> None:
    for _ in range(3):
        limited_client.get("/api/v1/clusters", environ_base={"REMOTE_ADDR": "192.0.2.1"})
    response = limited_client.get("/api/v1/clusters", environ_base={"REMOTE_ADDR": "192.0.2.2"})
    assert response.status_code == 200


def test_health_probes_are_not_limited(limited_client: FlaskClient) -> None:
    statuses = {limited_client.get("/healthz").status_code for _ in range(4)}
    assert statuses == {200}


def test_tests_run_without_limits(client: FlaskClient) -> None:
    statuses = {client.get("/api/v1/clusters").status_code for _ in range(400)}
    assert statuses == {200}
