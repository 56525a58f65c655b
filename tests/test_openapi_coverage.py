"""The OpenAPI document describes only endpoints the app serves."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

VOCID = "begrippenkader"
METHODS = {"get", "put", "post", "delete", "patch"}


def test_every_described_endpoint_is_served(app: Flask, client: FlaskClient) -> None:
    document: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    routes = app.url_map.bind("localhost")
    unserved = []
    for path, operations in document["paths"].items():
        concrete = (
            path.replace("{vocid}", VOCID)
            .replace("{concept_id}", "mediawijsheid")
            .replace("{cluster_id}", "gegevensdeling")
        )
        for method in sorted(set(operations) & METHODS):
            try:
                routes.match(concrete, method=method.upper())
            except (NotFound, MethodNotAllowed, RequestRedirect):
                unserved.append(f"{method.upper()} {path}")
    assert unserved == []
