"""oEmbed (oembed.com) for concept pages: /oembed?url=<concept URL>&format=json."""

from __future__ import annotations

from urllib.parse import quote

from flask.testing import FlaskClient


def oembed(client: FlaskClient, url: str, **params: str):
    query = "".join(f"&{name}={value}" for name, value in params.items())
    return client.get(f"/oembed?url={quote(url, safe='')}{query}")


def test_concept_page_url_gives_a_rich_embed_of_its_card(client: FlaskClient):
    data = oembed(client, "http://localhost/begrip/mediawijsheid", format="json").get_json()
    assert data["version"] == "1.0"
    assert data["type"] == "rich"
    assert data["title"] == "Mediawijsheid"
    assert data["provider_name"] == "Begrippenkader"
    assert data["provider_url"] == "http://localhost/"
    assert '<iframe src="http://localhost/embed/mediawijsheid?lang=nl"' in data["html"]


def test_embed_html_carries_its_width_and_height(client: FlaskClient):
    data = oembed(client, "http://localhost/begrip/mediawijsheid").get_json()
    assert f'width="{data["width"]}"' in data["html"]
    assert f'height="{data["height"]}"' in data["html"]


def test_embed_html_loads_the_script_that_sizes_the_card(client: FlaskClient):
    data = oembed(client, "http://localhost/begrip/mediawijsheid").get_json()
    assert '<script src="http://localhost/static/embed.js" async></script>' in data["html"]


def test_maxwidth_and_maxheight_bound_the_embed(client: FlaskClient):
    data = oembed(
        client, "http://localhost/begrip/mediawijsheid", maxwidth="300", maxheight="150"
    ).get_json()
    assert data["width"] == 300
    assert data["height"] == 150


def test_language_of_the_concept_url_is_kept(client: FlaskClient):
    data = oembed(client, "http://localhost/begrip/blended-hulpverlening?lang=en").get_json()
    assert data["title"] == "Blended help"
    assert "/embed/blended-hulpverlening?lang=en" in data["html"]


def test_synonym_url_embeds_the_concept_it_names(client: FlaskClient):
    data = oembed(client, "http://localhost/begrip/e-zorg").get_json()
    assert "/embed/onlinehulpverlening?" in data["html"]


def test_concept_uri_is_accepted(client: FlaskClient):
    data = oembed(client, "https://begrippen.opgroeien.be/id/begrip/mediawijsheid").get_json()
    assert data["title"] == "Mediawijsheid"


def test_card_url_is_accepted(client: FlaskClient):
    data = oembed(client, "http://localhost/embed/mediawijsheid?theme=dark").get_json()
    assert "/embed/mediawijsheid?lang=nl&amp;theme=dark" in data["html"]


def test_unknown_concept_is_not_found(client: FlaskClient):
    response = oembed(client, "http://localhost/begrip/geen-begrip")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_url_of_another_site_is_not_found(client: FlaskClient):
    assert oembed(client, "https://example.org/begrip/mediawijsheid").status_code == 404


def test_url_of_a_page_that_is_no_concept_is_not_found(client: FlaskClient):
    assert oembed(client, "http://localhost/bronnen").status_code == 404


def test_xml_format_is_not_implemented(client: FlaskClient):
    response = oembed(client, "http://localhost/begrip/mediawijsheid", format="xml")
    assert response.status_code == 501
    assert response.mimetype == "application/problem+json"


def test_missing_url_is_a_bad_request(client: FlaskClient):
    assert client.get("/oembed?format=json").status_code == 400


def test_malformed_maxwidth_is_a_bad_request(client: FlaskClient):
    response = oembed(client, "http://localhost/begrip/mediawijsheid", maxwidth="wide")
    assert response.status_code == 400
