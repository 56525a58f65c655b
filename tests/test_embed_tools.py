"""The reuse tools can be found and used: the handout is linked where people read, an empty
handout choice says what to do, and the embed builder offers language, theme and a preview."""

from __future__ import annotations

import lxml.html
from flask.testing import FlaskClient
from lxml.html import HtmlElement

from tests.test_i18n import compiled_catalogs  # noqa: F401  (autouse fixture)


def tree(client: FlaskClient, url: str, status: int = 200) -> HtmlElement:
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == status
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def visible_links(page: HtmlElement) -> list[str]:
    """Hrefs of links not inside a closed <details>."""
    return [a.get("href") for a in page.xpath("//a[not(ancestor::details)]")]


def test_the_concept_page_links_its_handout_outside_the_embed_code(client: FlaskClient) -> None:
    links = visible_links(tree(client, "/begrip/mediawijsheid"))
    assert any(href.startswith("/handout?id=mediawijsheid") for href in links)


def test_the_cluster_page_links_its_handout(client: FlaskClient) -> None:
    links = visible_links(tree(client, "/cluster/digitalisering"))
    assert any(href.startswith("/handout?cluster=digitalisering") for href in links)


def test_a_handout_asked_with_nothing_ticked_says_what_to_do(client: FlaskClient) -> None:
    page = tree(client, "/handout?lang=nl&text=definition&title=", status=400)
    (alert,) = page.xpath("//*[@role='alert']")
    assert "Tick at least one term" in alert.text_content()
    assert page.find_class("handout-form")


def test_the_plain_handout_form_shows_no_message(client: FlaskClient) -> None:
    assert tree(client, "/handout").xpath("//*[@role='alert']") == []


def test_the_oembed_field_shows_the_concept_pages_address(client: FlaskClient) -> None:
    page = tree(client, "/begrip/mediawijsheid")
    code = page.get_element_by_id("embed-code-oembed").text_content()
    assert code == "http://localhost/begrip/mediawijsheid?lang=nl"
    help_text = page.get_element_by_id("embed-oembed-help").text_content()
    assert "http://localhost/oembed" in help_text


def test_the_embed_builder_offers_language_theme_and_a_preview(client: FlaskClient) -> None:
    page = tree(client, "/begrip/mediawijsheid")
    (builder,) = page.find_class("embed-builder")
    assert builder.xpath(".//select[@name='lang']/option/@value") == ["nl", "en"]
    assert builder.xpath(".//select[@name='theme']/option/@value") == ["light", "dark"]
    (preview,) = builder.xpath(".//iframe[@class='embed-preview']")
    assert preview.get("src").startswith("/embed/mediawijsheid?lang=nl")
