"""The OpenAPI document: valid, complete, true to real responses, and no 5xx under fuzzing."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error

from glossary.formats.skos import RDF_FORMATS

BASE = "https://begrippen.opgroeien.be/id/begrip/"
VOCID = "begrippenkader"
MACHINE_PATHS = ("/api/", "/rest/", "/export/", "/begrip/")
EXPORT_EXTENSIONS = [*RDF_FORMATS, "tbx", "csv"]


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").get_json()


def test_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_document_lists_the_languages_of_the_data(document: dict[str, Any]) -> None:
    assert document["components"]["schemas"]["LanguageCode"]["enum"] == ["en", "nl"]


def openapi_paths_of(rule: str) -> list[str]:
    """The OpenAPI paths a Flask rule serves (the export rule serves one per extension)."""
    if rule.endswith("/begrippenkader.<extension>"):
        return [rule.replace("<extension>", extension) for extension in EXPORT_EXTENSIONS]
    return [re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)]


def test_every_machine_endpoint_is_described(app: Flask, document: dict[str, Any]) -> None:
    served = {
        path
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(MACHINE_PATHS) and "GET" in rule.methods
        for path in openapi_paths_of(rule.rule)
    }
    assert served - set(document["paths"]) == set()


def response_validator(document: dict[str, Any], path: str, status: int, media_type: str):
    """A JSON Schema validator for one documented response, resolving refs in the document."""
    pointer = "/".join(
        part.replace("~", "~0").replace("/", "~1")
        for part in (
            "paths",
            path,
            "get",
            "responses",
            str(status),
            "content",
            media_type,
            "schema",
        )
    )
    operation_response = document["paths"][path]["get"]["responses"][str(status)]
    if "$ref" in operation_response:
        name = operation_response["$ref"].rsplit("/", 1)[-1]
        pointer = "/".join(
            part.replace("/", "~1")
            for part in ("components", "responses", name, "content", media_type, "schema")
        )
    return Draft202012Validator({**document, "$ref": f"#/{pointer}"})


REAL_RESPONSES = [
    ("/api/v1/schemes", "/api/v1/schemes", 200),
    ("/api/v1/schemes", "/api/v1/schemes?lang=en", 200),
    ("/api/v1/clusters", "/api/v1/clusters?lang=nl", 200),
    ("/api/v1/clusters/{cluster_id}", "/api/v1/clusters/gegevensdeling?lang=en", 200),
    ("/api/v1/clusters/{cluster_id}", "/api/v1/clusters/nope", 404),
    ("/api/v1/concepts", "/api/v1/concepts?per_page=5", 200),
    ("/api/v1/concepts", "/api/v1/concepts?lang=en&cluster=digitalisering", 200),
    ("/api/v1/concepts", "/api/v1/concepts?per_page=abc", 400),
    ("/api/v1/concepts/{concept_id}", "/api/v1/concepts/digitaal-dossier", 200),
    ("/api/v1/concepts/{concept_id}", "/api/v1/concepts/mediawijsheid?lang=en", 200),
    ("/api/v1/concepts/{concept_id}", "/api/v1/concepts/nope", 404),
    ("/api/v1/changes", "/api/v1/changes?since=2000-01-01", 200),
    ("/api/v1/changes", "/api/v1/changes", 400),
    ("/begrip/{concept_id}", "/begrip/mediawijsheid?format=json", 200),
    ("/rest/v1/vocabularies", "/rest/v1/vocabularies?lang=nl", 200),
    ("/rest/v1/{vocid}/", f"/rest/v1/{VOCID}/?lang=en", 200),
    ("/rest/v1/{vocid}/topConcepts", f"/rest/v1/{VOCID}/topConcepts?lang=en", 200),
    ("/rest/v1/{vocid}/lookup", f"/rest/v1/{VOCID}/lookup?label=e-zorg", 200),
    ("/rest/v1/{vocid}/label", f"/rest/v1/{VOCID}/label?uri={BASE}mediawijsheid", 200),
    ("/rest/v1/{vocid}/broader", f"/rest/v1/{VOCID}/broader?uri={BASE}blended-care", 200),
    ("/rest/v1/{vocid}/narrower", f"/rest/v1/{VOCID}/narrower?uri={BASE}blended-care", 200),
    ("/rest/v1/{vocid}/related", f"/rest/v1/{VOCID}/related?uri={BASE}digitaal-dossier", 200),
    ("/rest/v1/{vocid}/groups", f"/rest/v1/{VOCID}/groups?lang=nl", 200),
    ("/rest/v1/{vocid}/label", f"/rest/v1/{VOCID}/label?uri={BASE}nope", 404),
]


@pytest.mark.parametrize(("path", "url", "status"), REAL_RESPONSES)
def test_real_responses_match_their_documented_schema(
    client: FlaskClient, document: dict[str, Any], path: str, url: str, status: int
) -> None:
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == status
    validator = response_validator(document, path, status, response.mimetype)
    errors = [error.message for error in validator.iter_errors(response.get_json())]
    assert errors == []


def test_schema_check_rejects_a_wrong_response(document: dict[str, Any]) -> None:
    validator = response_validator(document, "/api/v1/concepts", 200, "application/json")
    assert not validator.is_valid({"total": "many"})


def test_docs_page_renders_every_operation(client: FlaskClient, document: dict[str, Any]) -> None:
    page = client.get("/api/v1/docs").get_data(as_text=True)
    for path in document["paths"]:
        assert f'<code class="path">{path}</code>' in page


def test_docs_page_loads_nothing_from_other_sites(client: FlaskClient) -> None:
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_fuzzing_the_api_finds_no_server_error(app: Flask) -> None:
    """Schemathesis generates requests for every documented operation (bounded in time)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        check()
