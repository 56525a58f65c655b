"""The API reference page can be found, and shows per operation how to call it and what
comes back."""

from __future__ import annotations

import json

import lxml.html
import pytest
from flask.testing import FlaskClient
from lxml.html import HtmlElement

from tests.test_i18n import compiled_catalogs  # noqa: F401  (autouse fixture)

DOCS = "/api/v1/docs"


def tree(client: FlaskClient, url: str, ui: str = "nl") -> HtmlElement:
    response = client.get(url, headers={"Accept-Language": ui})
    assert response.status_code == 200
    return lxml.html.document_fromstring(response.get_data(as_text=True))


@pytest.mark.parametrize("url", ["/", "/over", "/begrip/mediawijsheid"])
def test_the_footer_links_the_api_reference_page_not_the_raw_document(
    client: FlaskClient, url: str
) -> None:
    footer = tree(client, url).find_class("site-footer")[0]
    hrefs = footer.xpath(".//a/@href")
    assert DOCS in hrefs
    assert "/api/v1/openapi.json" not in hrefs


def test_the_about_page_links_the_api_reference_page(client: FlaskClient) -> None:
    main = tree(client, "/over").get_element_by_id("main")
    assert DOCS in main.xpath(".//a/@href")


def operations(client: FlaskClient, ui: str = "nl") -> list[HtmlElement]:
    found = tree(client, DOCS, ui).find_class("operation")
    assert len(found) > 40
    return found


def test_every_operation_shows_an_example_curl_request(client: FlaskClient) -> None:
    for operation in operations(client):
        (request,) = operation.find_class("example-request")
        command = request.text_content()
        assert command.startswith("curl "), command
        assert "http://localhost/" in command


def test_an_example_request_fills_in_the_required_parameters(client: FlaskClient) -> None:
    search = tree(client, DOCS).get_element_by_id("search")
    command = search.find_class("example-request")[0].text_content()
    assert "'http://localhost/api/v1/search?q=e-zorg'" in command
    concept = tree(client, DOCS).get_element_by_id("getConcept")
    request_text = concept.find_class("example-request")[0].text_content()
    assert "/api/v1/concepts/mediawijsheid'" in request_text


def test_every_json_operation_shows_a_sample_response(client: FlaskClient) -> None:
    for operation in operations(client):
        for sample in operation.find_class("example-response"):
            if "json" in sample.get("data-media-type", ""):
                json.loads(sample.text_content())


def test_the_sample_response_follows_the_schema(client: FlaskClient) -> None:
    search = tree(client, DOCS).get_element_by_id("search")
    sample = json.loads(search.find_class("example-response")[0].text_content())
    assert {"query", "results"} <= set(sample)
    assert isinstance(sample["results"], list)


@pytest.mark.parametrize(("ui", "heading"), [("nl", "Voorbeeldverzoek"), ("en", "Example request")])
def test_the_example_headings_speak_the_ui_language(
    client: FlaskClient, ui: str, heading: str
) -> None:
    first = operations(client, ui)[0]
    assert heading in first.text_content()
