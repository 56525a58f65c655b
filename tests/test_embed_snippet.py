"""The "embed this definition" snippet builder and the oEmbed discovery link on concept pages."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url, headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def code_block(html_text: str, key: str) -> str:
    found = re.search(rf'<code id="embed-code-{key}">(.*?)</code>', html_text, re.S)
    assert found, key
    return html.unescape(found.group(1))


def test_iframe_snippet_embeds_the_card_in_the_content_language(client: FlaskClient):
    snippet = code_block(page(client, "/begrip/mediawijsheid?lang=en"), "card")
    assert '<iframe src="http://localhost/embed/mediawijsheid?lang=en"' in snippet
    assert '<script src="http://localhost/static/embed.js" async></script>' in snippet


def test_tooltip_snippet_uses_the_preferred_label_and_language(client: FlaskClient):
    snippet = code_block(page(client, "/begrip/mediawijsheid?lang=en"), "tooltip")
    assert '<span data-begrip="Media literacy">Media literacy</span>' in snippet
    assert 'data-lang="en"' in snippet


def test_oembed_snippet_answers_with_the_embed_of_this_concept(client: FlaskClient):
    # The field holds the page address a platform is given; the endpoint answers for it.
    url = code_block(page(client, "/begrip/mediawijsheid"), "oembed")
    data = client.get("/oembed", query_string={"url": url}).get_json()
    assert data["title"] == "Mediawijsheid"


def test_concept_page_carries_the_oembed_discovery_link(client: FlaskClient):
    head = page(client, "/begrip/mediawijsheid?lang=en").split("</head>", 1)[0]
    found = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', head)
    assert found
    data = client.get(html.unescape(found.group(1)).removeprefix("http://localhost")).get_json()
    assert data["title"] == "Media literacy"


def test_snippet_links_to_a_handout_of_the_concept(client: FlaskClient):
    assert 'href="/handout?id=mediawijsheid&amp;lang=nl"' in page(client, "/begrip/mediawijsheid")
