"""The OpenAPI document: valid, complete, true to real responses, and no 5xx under fuzzing."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from schemathesis import checks
from schemathesis.generation import GenerationMode

from glossary.formats.skos import RDF_FORMATS

BASE = "https://begrippen.opgroeien.be/id/begrip/"
VOCID = "begrippenkader"
PARENT = BASE + "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
GROUP = "https://begrippen.opgroeien.be/id/collectie/gegevensdeling"
MACHINE_PATHS = ("/api/", "/rest/", "/export/", "/begrip/")
EXPORT_EXTENSIONS = [*RDF_FORMATS, "tbx", "csv"]
# Cases per operation and generation mode in the contract test (46 operations, 2 modes).
CONTRACT_EXAMPLES = 6


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").get_json()


def test_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.1")


@pytest.mark.parametrize(
    ("tag", "accepted"),
    [("nl", True), ("en", True), ("NL", True), ("nl-BE", True), ("fr", False), ("", False)],
)
def test_document_describes_the_language_tags_the_data_has(
    document: dict[str, Any], tag: str, accepted: bool
) -> None:
    schema = document["components"]["schemas"]["LanguageCode"]
    assert Draft202012Validator(schema).is_valid(tag) is accepted


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
    ("/api/v1/search", "/api/v1/search?q=e-zorg", 200),
    ("/api/v1/search", "/api/v1/search?q=media&lang=en&cluster=digitalisering&limit=5", 200),
    ("/api/v1/search", "/api/v1/search?q=mediawijsheid", 200),
    ("/api/v1/search", "/api/v1/search?q=mediawijsheid&cluster=nope", 404),
    ("/api/v1/search", "/api/v1/search?q=media&limit=101", 400),
    ("/api/v1/suggest", "/api/v1/suggest?q=media", 200),
    ("/api/v1/suggest", "/api/v1/suggest?q=online&lang=en&limit=3", 200),
    ("/api/v1/resolve", "/api/v1/resolve?label=e-zorg", 200),
    ("/api/v1/resolve", "/api/v1/resolve?label=Media%20literacy&lang=en", 200),
    ("/api/v1/resolve", "/api/v1/resolve?label=mediawijs", 404),
    ("/rest/v1/search", "/rest/v1/search?query=e-zorg", 200),
    ("/rest/v1/search", "/rest/v1/search?query=media*&lang=nl&fields=prefLabel+broader", 200),
    ("/rest/v1/search", "/rest/v1/search?query=digitalization&labellang=nl&fields=definition", 200),
    ("/rest/v1/search", "/rest/v1/search?query=e-zorg&vocab=yso", 404),
    ("/rest/v1/search", "/rest/v1/search?query=e-zorg&maxhits=-1", 400),
    ("/rest/v1/{vocid}/search", f"/rest/v1/{VOCID}/search?query=*&group=gegevensdeling", 200),
    ("/rest/v1/{vocid}/search", f"/rest/v1/{VOCID}/search?query=blended&maxhits=2&offset=1", 200),
    ("/rest/v1/{vocid}/search", "/rest/v1/yso/search?query=e-zorg", 404),
    ("/rest/v1/types", "/rest/v1/types?lang=en", 200),
    ("/rest/v1/label", f"/rest/v1/label?uri={BASE}mediawijsheid", 200),
    ("/rest/v1/{vocid}/types", f"/rest/v1/{VOCID}/types", 200),
    ("/rest/v1/{vocid}/vocabularyStatistics", f"/rest/v1/{VOCID}/vocabularyStatistics", 200),
    ("/rest/v1/{vocid}/labelStatistics", f"/rest/v1/{VOCID}/labelStatistics?lang=en", 200),
    ("/rest/v1/{vocid}/index/", f"/rest/v1/{VOCID}/index/", 200),
    ("/rest/v1/{vocid}/index/{letter}", f"/rest/v1/{VOCID}/index/E", 200),
    (
        "/rest/v1/{vocid}/broaderTransitive",
        f"/rest/v1/{VOCID}/broaderTransitive?uri={BASE}blended-care",
        200,
    ),
    (
        "/rest/v1/{vocid}/narrowerTransitive",
        f"/rest/v1/{VOCID}/narrowerTransitive?uri={PARENT}",
        200,
    ),
    ("/rest/v1/{vocid}/children", f"/rest/v1/{VOCID}/children?uri={PARENT}", 200),
    ("/rest/v1/{vocid}/hierarchy", f"/rest/v1/{VOCID}/hierarchy?uri={BASE}blended-care", 200),
    ("/rest/v1/{vocid}/new", f"/rest/v1/{VOCID}/new?limit=3", 200),
    ("/rest/v1/{vocid}/modified", f"/rest/v1/{VOCID}/modified?offset=40", 200),
    ("/rest/v1/{vocid}/groupMembers", f"/rest/v1/{VOCID}/groupMembers?uri={GROUP}", 200),
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


def documented_properties(document: dict[str, Any], name: str) -> set[str]:
    return set(document["components"]["schemas"][name]["properties"])


@pytest.mark.parametrize(
    ("url", "schema", "item_schema"),
    [
        ("/api/v1/search?q=e-zorg", "SearchResponse", "SearchHit"),
        ("/api/v1/suggest?q=media", "SuggestResponse", None),
        ("/api/v1/resolve?label=e-zorg", "ResolveResponse", None),
    ],
)
def test_search_responses_hold_only_documented_fields(
    client: FlaskClient, document: dict[str, Any], url: str, schema: str, item_schema: str | None
) -> None:
    body = client.get(url).get_json()
    assert set(body) == documented_properties(document, schema)
    items = body.get("results") or body.get("suggestions") or []
    if item_schema is not None:
        assert {key for item in items for key in item} == documented_properties(
            document, item_schema
        )


def test_unresolved_label_problem_carries_label_and_suggestions(client: FlaskClient) -> None:
    problem = client.get("/api/v1/resolve?label=mediawijs").get_json()
    assert problem["label"] == "mediawijs"
    assert problem["suggestions"][0] == {
        "id": "mediawijsheid",
        "label": "Mediawijsheid",
        "uri": f"{BASE}mediawijsheid",
    }


def test_skosmos_search_results_hold_only_documented_fields(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    fields = "prefLabel broader narrower related definition scopeNote example editorialNote"
    queries = ["e-zorg", "media literacy", "digitalization", "blended*"]
    keys = {
        key
        for query in queries
        for result in client.get(
            "/rest/v1/search", query_string={"query": query, "labellang": "nl", "fields": fields}
        ).get_json()["results"]
        for key in result
    }
    documented = documented_properties(document, "SkosmosSearchResult")
    assert keys <= documented
    assert {"altLabel", "hiddenLabel", "matchedPrefLabel", "prefLabels", "broader"} <= keys


def test_docs_page_renders_every_operation(client: FlaskClient, document: dict[str, Any]) -> None:
    page = client.get("/api/v1/docs").get_data(as_text=True)
    for path in document["paths"]:
        assert f'<code class="path">{path}</code>' in page


def test_docs_page_loads_nothing_from_other_sites(client: FlaskClient) -> None:
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page)


@pytest.mark.parametrize("mode", list(GenerationMode))
def test_the_server_keeps_the_contract_under_every_check(app: Flask, mode: GenerationMode) -> None:
    """Schemathesis with every check over every operation: requests the document allows are
    answered as documented (status, media type, headers, body schema), requests it forbids
    are refused. Bounded and derandomized, in process: the same cases every run."""
    checks.load_all_checks()
    every_check = checks.CHECKS.get_all()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=CONTRACT_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=every_check)

        try:
            check()
        except Unsatisfiable:
            continue  # no parameter to make invalid: nothing to refuse
        except Exception as failure:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.label}: {str(failure)[:500]}")
    assert failures == []
