"""Every link of the header navigation and the footer leads somewhere: 200, and an HTML page
unless the link announces another type (a download)."""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import pytest
from flask.testing import FlaskClient

from tests.test_i18n import compiled_catalogs  # noqa: F401  (autouse fixture)

PAGES = ["/", "/begrip/mediawijsheid", "/cluster/digitalisering", "/zoeken?q=media", "/over"]
LINKS = "//header//a[@href] | //footer//a[@href]"


@pytest.mark.parametrize("ui", ["nl", "en"])
@pytest.mark.parametrize("url", PAGES)
def test_every_navigation_and_footer_link_answers(client: FlaskClient, url: str, ui: str) -> None:
    html = client.get(url, headers={"Accept-Language": ui}).get_data(as_text=True)
    links = lxml.html.document_fromstring(html).xpath(LINKS)
    assert len(links) >= 8
    for link in links:
        href = link.get("href")
        parts = urlsplit(href)
        assert not parts.netloc, f"{href} leaves the site"
        response = client.get(
            parts.path + (f"?{parts.query}" if parts.query else ""), headers={"Accept-Language": ui}
        )
        assert response.status_code == 200, href
        assert response.mimetype == (link.get("type") or "text/html"), href
