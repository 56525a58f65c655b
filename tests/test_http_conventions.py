"""HTTP done right on every surface: temporary label redirects, Link alternates and Vary on
negotiated answers, one BCP 47 language matching, RFC 9457 problem titles."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from flask.testing import FlaskClient

from glossary.language import match_language

BASE = "https://begrippen.opgroeien.be/id/begrip/"


@pytest.mark.parametrize(
    ("requested", "matched"),
    [
        ("nl", "nl"),
        ("NL", "nl"),
        ("nl-BE", "nl"),
        ("EN-gb", "en"),
        ("nl-Latn-BE-x-west", "nl"),
        ("fr", None),
        ("", None),
        ("nl-", None),
        ("n", None),
        ("nl_BE", None),
        ("nl-123456789", None),
    ],
)
def test_language_tags_match_case_insensitively_with_fallback(
    requested: str, matched: str | None
) -> None:
    assert match_language(requested, ["en", "nl"]) == matched


def test_a_more_specific_available_tag_wins() -> None:
    assert match_language("nl-BE", ["nl", "nl-BE"]) == "nl-BE"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/concepts/e-zorg", "/begrip/e-zorg", "/begrip/e-zorg?format=json", "/embed/e-zorg"],
)
def test_label_redirects_are_temporary(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert "onlinehulpverlening" in response.headers["Location"]


def alternates(link_header: str) -> dict[str, str]:
    """media type → target of each rel="alternate" link."""
    found = {}
    for link in link_header.split(", "):
        target, *params = link.split("; ")
        attributes = dict(param.split("=", 1) for param in params)
        assert attributes["rel"] == '"alternate"'
        found[attributes["type"].strip('"')] = target.strip("<>")
    return found


def test_concept_page_links_every_other_representation(client: FlaskClient) -> None:
    response = client.get("/begrip/mediawijsheid")
    links = alternates(response.headers["Link"])
    assert links == {
        "application/json": "/begrip/mediawijsheid?format=json",
        "text/turtle": "/begrip/mediawijsheid?format=ttl",
        "application/ld+json": "/begrip/mediawijsheid?format=jsonld",
        "application/rdf+xml": "/begrip/mediawijsheid?format=rdf",
    }
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("headers", "served"),
    [
        ({"Accept": "text/turtle"}, "text/turtle"),
        ({"Accept": "application/json"}, "application/json"),
    ],
)
def test_negotiated_concept_links_the_others(
    client: FlaskClient, headers: dict[str, str], served: str
) -> None:
    response = client.get("/begrip/mediawijsheid", headers=headers)
    assert response.mimetype == served
    links = alternates(response.headers["Link"])
    assert served not in links
    assert links["text/html"] == "/begrip/mediawijsheid"
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    "path", ["/begrip/mediawijsheid", f"/rest/v1/data?uri={BASE}mediawijsheid"]
)
def test_not_acceptable_varies_by_accept(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "Accept" in response.headers["Vary"]


def test_skosmos_data_links_the_other_formats(client: FlaskClient) -> None:
    response = client.get(f"/rest/v1/data?uri={BASE}mediawijsheid&format=text/turtle")
    links = alternates(response.headers["Link"])
    assert set(links) == {"application/rdf+xml", "application/ld+json", "application/json"}
    assert client.get(links["application/rdf+xml"]).mimetype == "application/rdf+xml"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/concepts/mediawijsheid?lang=NL", "pref_label"),
        ("/api/v1/concepts/mediawijsheid?lang=nl-BE", "pref_label"),
        ("/begrip/mediawijsheid?format=json&lang=nl-be", "pref_label"),
    ],
)
def test_the_api_reads_language_tags(client: FlaskClient, path: str, field: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.get_json()[field] == {"nl": "Mediawijsheid"}


def test_skosmos_reads_language_tags(client: FlaskClient) -> None:
    body = client.get(
        f"/rest/v1/begrippenkader/label?uri={BASE}mediawijsheid&lang=EN-GB"
    ).get_json()
    assert body["prefLabel"] == "Media literacy"


def test_pages_read_language_tags(client: FlaskClient) -> None:
    page = client.get("/begrip/mediawijsheid?lang=EN-gb").get_data(as_text=True)
    assert "Media literacy" in page


def test_embed_cards_read_language_tags(client: FlaskClient) -> None:
    card = client.get("/embed/mediawijsheid?lang=en-GB").get_data(as_text=True)
    assert "Media literacy" in card


@pytest.mark.parametrize("lang", ["fr", ""])
def test_concept_json_refuses_an_unknown_language_like_the_api(
    client: FlaskClient, lang: str
) -> None:
    page_json = client.get(f"/begrip/mediawijsheid?format=json&lang={lang}")
    api = client.get(f"/api/v1/concepts/mediawijsheid?lang={lang}")
    assert page_json.status_code == api.status_code == 400
    assert page_json.get_json()["parameter"] == "lang"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/concepts?per_page=abc",
        "/api/v1/resolve?label=mediawijs",
        "/rest/v1/begrippenkader/label",
        "/api/v1/concepts/nope",
        "/begrip/mediawijsheid?format=nope",
    ],
)
def test_problem_titles_are_the_status_phrase(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    problem = response.get_json()
    assert response.mimetype == "application/problem+json"
    assert problem["type"] == "about:blank"
    assert problem["title"] == HTTPStatus(response.status_code).phrase
    assert problem["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/concepts?cluster=%00",
        "/api/v1/concepts/a%00b",
        "/api/v1/resolve?label=%00x",
        f"/rest/v1/begrippenkader/label?uri={BASE}%00",
        f"/rest/v1/search?query=x&parent={BASE}%00",
        "/begrip/a%00b?format=json",
    ],
)
def test_a_nul_character_names_nothing_on_every_backend(client: FlaskClient, path: str) -> None:
    """PostgreSQL raises on text with NUL; no stored id or label holds one, so it is a 404."""
    assert client.get(path).status_code == 404


def test_the_interface_language_is_read_as_a_tag_too(client: FlaskClient) -> None:
    response = client.get("/begrip/mediawijsheid?ui=EN-gb")
    assert response.headers["Content-Language"] == "en"


def test_the_vocabulary_download_redirect_varies_by_accept(client: FlaskClient) -> None:
    response = client.get("/rest/v1/begrippenkader/data", headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(".ttl")
    assert "Accept" in response.headers["Vary"]
