"""Definition text is data from a CSV cell: whatever markup it holds, no page runs it.

A framework whose definition carries a script, an image with an event handler and
`javascript:` links is imported; every place a definition is shown (concept page, cluster page,
search snippet, the cross-link tooltip on another concept, the API's `definition.html`) is
parsed and must hold no script, no handler attribute and no script URL, while still showing
the definition's words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml.html import HtmlElement

from tests.small_framework import import_concepts
from tests.test_i18n import compiled_catalogs  # noqa: F401  (autouse fixture)

HOSTILE = (
    "Gevaarlijke inhoud met <script>alert(1)</script> erin, een plaatje "
    "<img src=x onerror=alert(1)> en een [link](javascript:alert(1)) of "
    '<a href="javascript:alert(2)">klik</a> en <iframe src="javascript:alert(3)"></iframe>.'
)
CLUSTER = "blended-werken"


@pytest.fixture
def hostile_app(empty_app: Flask, tmp_path: Path) -> Iterator[Flask]:
    import_concepts(
        empty_app,
        tmp_path / "framework",
        [
            {
                "id": "kwaadaardig",
                "clusters": CLUSTER,
                "pref_label@nl": "Kwaadaardig begrip",
                "definition@nl": HOSTILE,
                "pref_label@en": "Malicious term",
                "definition@en": HOSTILE.replace("Gevaarlijke inhoud", "Dangerous content"),
            },
            {
                "id": "verwijzer",
                "clusters": CLUSTER,
                "pref_label@nl": "Verwijzend begrip",
                # Mentions the other concept: the cross-link's tooltip quotes its definition.
                "definition@nl": "Een begrip dat naar het kwaadaardig begrip verwijst.",
            },
        ],
    )
    yield empty_app


@pytest.fixture
def client(hostile_app: Flask) -> FlaskClient:
    return hostile_app.test_client()


def page(client: FlaskClient, url: str) -> HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def assert_harmless(tree: HtmlElement) -> None:
    """No script of the definition's, no handler attributes, no script URLs, no frames."""
    for script in tree.iter("script"):
        assert script.get("src"), "an inline <script>"
        assert "alert" not in (script.text or "")
    # The one frame a concept page has is the embed builder's preview of its own card.
    frames = [frame for frame in tree.iter("iframe") if "embed-preview" not in frame.classes]
    assert frames == []
    assert [img for img in tree.iter("img") if img.get("src") == "x"] == []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith("javascript:"), (element.tag, value)


def test_the_concept_page_shows_the_definition_without_its_markup(client: FlaskClient) -> None:
    tree = page(client, "/begrip/kwaadaardig")
    assert_harmless(tree)
    (definition,) = tree.xpath('//section[@aria-labelledby="note-definition"]')
    assert "Gevaarlijke inhoud" in definition.text_content()


def test_the_english_concept_page_shows_the_definition_without_its_markup(
    client: FlaskClient,
) -> None:
    tree = page(client, "/begrip/kwaadaardig?lang=en")
    assert_harmless(tree)
    assert "Dangerous content" in tree.text_content()


def test_the_cluster_page_summary_carries_no_markup(client: FlaskClient) -> None:
    tree = page(client, f"/cluster/{CLUSTER}")
    assert_harmless(tree)
    summaries = [p.text_content() for p in tree.find_class("concept-item-summary")]
    assert any(text.startswith("Gevaarlijke inhoud") for text in summaries)


def test_a_cross_link_quoting_the_definition_carries_no_markup(client: FlaskClient) -> None:
    tree = page(client, "/begrip/verwijzer")
    assert_harmless(tree)
    links = tree.xpath('//a[@class="crosslink" and @href="/begrip/kwaadaardig"]')
    assert links, "the mention is linked"


def test_the_search_snippet_carries_no_markup(client: FlaskClient) -> None:
    tree = page(client, "/zoeken?q=gevaarlijke")
    assert_harmless(tree)
    (snippet,) = tree.xpath('//li[@data-concept="kwaadaardig"]//p[@class="result-snippet"]')
    # Only the highlight is markup; the definition's tags are shown as text.
    assert {child.tag for child in snippet.iter()} <= {"p", "mark"}
    assert [mark.text for mark in snippet.iter("mark")] == ["Gevaarlijke"]


def test_the_api_definition_html_carries_no_markup(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts/kwaadaardig").get_json()
    for lang, prefix in (("nl", "Gevaarlijke inhoud"), ("en", "Dangerous content")):
        fragment = lxml.html.fragment_fromstring(body["definition"][lang]["html"], "div")
        assert_harmless(fragment)
        assert fragment.text_content().strip().startswith(prefix)
