"""Long input: queries have a documented maximum length, and echoed queries are shortened."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade

from glossary.config import DEFAULT_MAX_QUERY_LENGTH
from tests.conftest import make_app
from tests.test_i18n import compiled_catalogs  # noqa: F401  (autouse fixture)

TOO_LONG = "x" * 12_000
# A query under the limit, still far wider than a heading on a phone.
LONG_QUERY = "onlinehulpverleningscompetentieprofiel " * 8


def heading_and_title(client: FlaskClient, query: str) -> tuple[str, str]:
    response = client.get("/zoeken", query_string={"q": query}, headers={"Accept-Language": "en"})
    tree = lxml.html.document_fromstring(response.get_data(as_text=True))
    return tree.findtext(".//h1").strip(), tree.findtext(".//title").strip()


@pytest.mark.parametrize("path", ["/api/v1/search", "/api/v1/suggest"])
def test_an_api_query_over_the_maximum_is_a_400_naming_the_limit(
    client: FlaskClient, path: str
) -> None:
    response = client.get(path, query_string={"q": TOO_LONG})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["parameter"] == "q"
    assert problem["max_length"] == DEFAULT_MAX_QUERY_LENGTH
    assert str(DEFAULT_MAX_QUERY_LENGTH) in problem["detail"]
    assert "12000" in problem["detail"]


def test_a_query_of_exactly_the_maximum_is_searched(client: FlaskClient) -> None:
    response = client.get("/api/v1/search", query_string={"q": "x" * DEFAULT_MAX_QUERY_LENGTH})
    assert response.status_code == 200


def test_the_search_page_refuses_an_overlong_query_with_a_message(client: FlaskClient) -> None:
    response = client.get(
        "/zoeken", query_string={"q": TOO_LONG}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    tree = lxml.html.document_fromstring(response.get_data(as_text=True))
    assert "x" * 100 not in tree.text_content()
    message = " ".join(tree.xpath("//*[@role='alert']//text()"))
    assert f"{DEFAULT_MAX_QUERY_LENGTH}" in message
    assert "12,000" in message


def test_the_search_inputs_carry_the_maximum(client: FlaskClient) -> None:
    tree = lxml.html.document_fromstring(client.get("/zoeken").get_data(as_text=True))
    inputs = tree.xpath("//input[@name='q']")
    assert inputs
    assert {field.get("maxlength") for field in inputs} == {str(DEFAULT_MAX_QUERY_LENGTH)}


def test_the_maximum_is_configurable(tmp_path: Path) -> None:
    app = make_app(tmp_path / "instance", GLOSSARY_MAX_QUERY_LENGTH=20)
    response = app.test_client().get("/api/v1/search", query_string={"q": "x" * 21})
    assert response.status_code == 400
    assert response.get_json()["max_length"] == 20


def test_an_echoed_long_query_is_shortened_in_the_heading_and_title(client: FlaskClient) -> None:
    heading, title = heading_and_title(client, LONG_QUERY)
    assert heading.startswith("Search results for “onlinehulpverleningscompetentieprofiel")
    assert "…" in heading
    assert len(heading) < 100
    assert len(title) < 150


def test_a_short_query_is_echoed_whole(client: FlaskClient) -> None:
    heading, _ = heading_and_title(client, "mediawijsheid")
    assert heading == "Search results for “mediawijsheid”"


def test_the_openapi_document_states_the_servers_maximum(tmp_path: Path) -> None:
    app = make_app(tmp_path / "instance", GLOSSARY_MAX_QUERY_LENGTH=20)
    with app.app_context():
        upgrade()
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["components"]["schemas"]["SearchText"]["maxLength"] == 20
