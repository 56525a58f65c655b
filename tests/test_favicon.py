"""The site icon: linked from every page, served locally, and `/favicon.ico` never 404s."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

ICON_LINK = re.compile(r'<link rel="icon" href="(?P<href>[^"]+)" type="image/svg\+xml">')
PAGES = ["/", "/begrip/mediawijsheid", "/over", "/api/v1/docs", "/niet-bestaand"]


def icon_href(client: FlaskClient, url: str) -> str:
    match = ICON_LINK.search(client.get(url).get_data(as_text=True))
    assert match, f"no icon link on {url}"
    return match["href"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_links_a_local_icon(client: FlaskClient, url: str) -> None:
    href = icon_href(client, url)
    assert href.startswith("/static/")
    response = client.get(href)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith("<svg")


def test_favicon_ico_answers_with_the_same_image(client: FlaskClient) -> None:
    linked = client.get(icon_href(client, "/")).get_data()
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype.startswith("image/")
    assert response.get_data() == linked


def test_the_icon_makes_no_third_party_requests(client: FlaskClient) -> None:
    svg = client.get("/favicon.ico").get_data(as_text=True)
    # The only URL in the file is the SVG namespace, which is an identifier, not a request.
    assert re.findall(r"https?://[^\s\"']+", svg) == ["http://www.w3.org/2000/svg"]
    assert "<image" not in svg and "@import" not in svg
