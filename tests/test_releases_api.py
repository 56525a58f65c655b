"""The releases as JSON: the list, one release, the diff; each as openapi.yaml describes."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.releases import make_release, publish, stored, with_definition
from tests.test_openapi import response_validator

NEW_DEFINITION = "Een plan dat in stappen naar een doel leidt."


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    return found


@pytest.fixture
def two_releases(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01", "Januari")
        publish(with_definition(stored("roadmap"), NEW_DEFINITION))
        make_release("2026-02", "Februari")


def checked(client: FlaskClient, document: dict[str, Any], path: str, url: str, status: int):
    answer = client.get(url)
    assert answer.status_code == status
    validator = response_validator(document, path, status, answer.mimetype)
    assert [error.message for error in validator.iter_errors(answer.get_json())] == []
    return answer.get_json()


@pytest.mark.usefixtures("two_releases")
def test_the_list_names_each_release_newest_first(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    body = checked(client, document, "/api/v1/releases", "/api/v1/releases", 200)
    assert [r["name"] for r in body["releases"]] == ["2026-02", "2026-01"]
    assert body["releases"][0]["previous"] == "2026-01"


@pytest.mark.usefixtures("two_releases")
def test_a_release_gives_its_frozen_downloads(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    body = checked(client, document, "/api/v1/releases/{name}", "/api/v1/releases/2026-01", 200)
    assert body["downloads"]["ttl"] == (
        "http://localhost/versies/2026-01/export/begrippenkader.ttl"
    )
    assert client.get(body["downloads"]["csv"]).status_code == 200


def test_an_unknown_release_is_a_404_problem(client: FlaskClient, document: dict[str, Any]) -> None:
    body = checked(client, document, "/api/v1/releases/{name}", "/api/v1/releases/2099-01", 404)
    assert "2099-01" in body["detail"]


@pytest.mark.usefixtures("two_releases")
def test_the_diff_lists_exactly_the_change_with_its_word_diff(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    body = checked(
        client,
        document,
        "/api/v1/releases/{old}/diff/{new}",
        "/api/v1/releases/2026-01/diff/2026-02",
        200,
    )
    assert [(c["id"], c["kind"]) for c in body["changes"]] == [("roadmap", "changed")]
    ops = body["changes"][0]["fields"]["definition@nl"]
    assert "".join(o["text"] for o in ops if o["op"] != "delete") == NEW_DEFINITION
    assert body["counts"]["changed"] == 1


@pytest.mark.usefixtures("two_releases")
def test_the_diff_to_today_is_empty_right_after_a_release(client: FlaskClient) -> None:
    body = client.get("/api/v1/releases/2026-02/diff/huidig").get_json()
    assert body["changes"] == []


@pytest.mark.usefixtures("two_releases")
def test_a_diff_with_an_unknown_release_is_a_404_problem(client: FlaskClient) -> None:
    answer = client.get("/api/v1/releases/2026-01/diff/2099-01")
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"
