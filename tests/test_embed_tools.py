"""The reuse tools can be found and used: the handout is linked where people read, an empty
handout choice says what to do, and the embed builder offers language, theme and a preview."""

from __future__ import annotations

import lxml.html
from flask.testing import FlaskClient, FlaskCliRunner
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


def test_the_embed_builder_offers_no_release_choice_before_a_release(client: FlaskClient) -> None:
    (builder,) = tree(client, "/begrip/mediawijsheid").find_class("embed-builder")
    assert builder.xpath(".//select[@name='versie']") == []


def test_the_embed_builder_offers_the_releases_holding_the_concept(
    client: FlaskClient, runner: FlaskCliRunner
) -> None:
    assert runner.invoke(args=["glossary", "release", "create-initial"]).exit_code == 0
    (builder,) = tree(client, "/begrip/mediawijsheid").find_class("embed-builder")
    options = builder.xpath(".//select[@name='versie']/option")
    assert [option.get("value") for option in options] == ["", "2022-09-advies"]
    assert "2022-09-advies" in options[1].text_content()


def test_oembed_of_a_page_pinned_to_a_release_embeds_the_pinned_card(
    client: FlaskClient, runner: FlaskCliRunner
) -> None:
    runner.invoke(args=["glossary", "release", "create-initial"])
    page = "http://localhost/begrip/mediawijsheid?lang=nl&versie=2022-09-advies"
    answer = client.get("/oembed", query_string={"url": page})
    assert answer.status_code == 200
    src = lxml.html.fragment_fromstring(answer.get_json()["html"], create_parent=True).xpath(
        "//iframe/@src"
    )
    assert src == ["http://localhost/embed/mediawijsheid?lang=nl&versie=2022-09-advies"]
    assert client.get(src[0].removeprefix("http://localhost")).status_code == 200
