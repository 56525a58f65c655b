"""Every request is logged as one JSON line with method, path, status, duration and id."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "glossary.requests"
    ]


@pytest.fixture
def caplog_requests(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """caplog for the request logger, which does not propagate to the root logger."""
    logger = logging.getLogger("glossary.requests")
    caplog.set_level("INFO", logger=logger.name)
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def test_a_request_is_logged_as_json(
    client: FlaskClient, caplog_requests: pytest.LogCaptureFixture
) -> None:
    client.get("/no-such-page")
    (line,) = request_lines(caplog_requests)
    assert line["method"] == "GET"
    assert line["path"] == "/no-such-page"
    assert line["status"] == 404
    assert isinstance(line["duration_ms"], float)


def test_the_request_id_is_generated_and_echoed(
    client: FlaskClient, caplog_requests: pytest.LogCaptureFixture
) -> None:
    response = client.get("/healthz")
    (line,) = request_lines(caplog_requests)
    assert response.headers["X-Request-ID"] == line["request_id"]
    assert len(str(line["request_id"])) == 32


def test_a_sane_incoming_request_id_is_kept(client: FlaskClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "lb-1234.abc"})
    assert response.headers["X-Request-ID"] == "lb-1234.abc"


def test_an_insane_incoming_request_id_is_replaced(client: FlaskClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "<script>" + "x" * 100})
    assert response.headers["X-Request-ID"] != "<script>" + "x" * 100
