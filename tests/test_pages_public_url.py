"""Every absolute URL the service writes starts with GLOSSARY_PUBLIC_URL.

The Host header and X-Forwarded-Host are whatever a client sends; a concept page is cached
`public`, so a shared cache would keep a page whose embed snippets point at the client's
host and hand it to every later visitor. A request naming a hostile host must find that host
nowhere in the answer, whether or not a proxy is trusted (GLOSSARY_PROXY_HOPS).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from glossary.production import UnsafeSettings
from tests.conftest import make_app

PUBLIC = "https://begrippen.example/"
HOSTILE = "evil.example"
HOSTILE_HEADERS = {
    "X-Forwarded-Host": HOSTILE,
    "X-Forwarded-Proto": "http",
    "X-Forwarded-Port": "8443",
    "X-Forwarded-Prefix": "/evil",
}

# Routes whose answers hold absolute URLs or redirect (label, missing slash, 303 download).
ROUTES = [
    "/begrip/mediawijsheid",
    "/begrip/mediawijsheid?lang=en",
    "/begrip/e-zorg",
    "/embed/mediawijsheid",
    "/embed/e-zorg",
    "/embed/geen-begrip",
    f"/oembed?url={PUBLIC}begrip/mediawijsheid",
    "/handout?id=mediawijsheid",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/api/v1/concepts/mediawijsheid",
    "/api/v1/concepts/e-zorg",
    "/rest/v1/vocabularies?lang=nl",
    "/rest/v1/begrippenkader/",
    "/rest/v1/begrippenkader",
    "/rest/v1/begrippenkader/data",
    "/export/begrippenkader.csv",
    "/export/begrippenkader.ttl",
    "/export/begrippenkader.tbx",
    "/",
    "/geen-pagina",
]


def hostile_get(client: FlaskClient, path: str) -> TestResponse:
    return client.get(path, base_url=f"http://{HOSTILE}", headers=HOSTILE_HEADERS)


def assert_hostile_host_absent(response: TestResponse) -> None:
    assert HOSTILE not in response.get_data(as_text=True)
    for name, value in response.headers.items():
        assert HOSTILE not in value, f"{name}: {value}"


@pytest.fixture
def public_app(app: Flask) -> Flask:
    app.config["GLOSSARY_PUBLIC_URL"] = PUBLIC
    return app


@pytest.fixture
def proxied_app(app: Flask, tmp_path: Path) -> Flask:
    """A second app on the same database, behind one trusted proxy."""
    return make_app(
        tmp_path / "proxied",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        GLOSSARY_PUBLIC_URL=PUBLIC,
        GLOSSARY_PROXY_HOPS=1,
    )


@pytest.mark.parametrize("path", ROUTES)
def test_a_hostile_host_appears_nowhere_in_the_answer(public_app: Flask, path: str) -> None:
    response = hostile_get(public_app.test_client(), path)
    assert response.status_code < 500
    assert_hostile_host_absent(response)


@pytest.mark.parametrize("path", ROUTES)
def test_behind_a_trusted_proxy_x_forwarded_host_still_appears_nowhere(
    proxied_app: Flask, path: str
) -> None:
    response = hostile_get(proxied_app.test_client(), path)
    assert response.status_code < 500
    assert_hostile_host_absent(response)


def test_the_oembed_answer_is_built_from_the_public_url(public_app: Flask) -> None:
    data = hostile_get(public_app.test_client(), ROUTES[6]).get_json()
    assert data["provider_url"] == PUBLIC
    assert f'<iframe src="{PUBLIC}embed/mediawijsheid?lang=nl"' in data["html"]
    assert f'<script src="{PUBLIC}static/embed.js" async></script>' in data["html"]


def test_the_concept_page_links_canonically_to_the_public_url(public_app: Flask) -> None:
    html = hostile_get(public_app.test_client(), "/begrip/mediawijsheid").get_data(as_text=True)
    assert f'<link rel="canonical" href="{PUBLIC}begrip/mediawijsheid">' in html
    assert f"{PUBLIC}embed/mediawijsheid?lang=nl" in html


def test_openapi_names_the_public_url_as_its_server(public_app: Flask) -> None:
    document = hostile_get(public_app.test_client(), "/api/v1/openapi.json").get_json()
    assert document["servers"] == [{"url": PUBLIC.rstrip("/")}]


def test_skosmos_bases_are_under_the_public_url(public_app: Flask) -> None:
    client = public_app.test_client()
    listing = hostile_get(client, "/rest/v1/vocabularies?lang=nl").get_json()
    vocabulary = hostile_get(client, "/rest/v1/begrippenkader/").get_json()
    assert listing["@context"]["@base"] == f"{PUBLIC}rest/v1/vocabularies"
    assert vocabulary["@context"]["@base"] == f"{PUBLIC}rest/v1/begrippenkader/"


def test_a_missing_slash_redirects_to_the_public_url(public_app: Flask) -> None:
    response = hostile_get(public_app.test_client(), "/rest/v1/begrippenkader?lang=nl")
    assert response.status_code == 308
    assert response.headers["Location"] == f"{PUBLIC}rest/v1/begrippenkader/?lang=nl"


def test_a_public_url_with_a_path_prefixes_every_address(app: Flask) -> None:
    app.config["GLOSSARY_PUBLIC_URL"] = "https://example.org/begrippen"
    data = (
        app.test_client()
        .get("/oembed", query_string={"url": "https://example.org/begrippen/begrip/mediawijsheid"})
        .get_json()
    )
    assert data["provider_url"] == "https://example.org/begrippen/"
    assert '<iframe src="https://example.org/begrippen/embed/mediawijsheid?lang=nl"' in data["html"]


def test_oembed_refuses_a_page_on_another_host(public_app: Flask) -> None:
    response = public_app.test_client().get(
        "/oembed",
        query_string={"url": f"http://{HOSTILE}/begrip/mediawijsheid"},
        base_url=f"http://{HOSTILE}",
    )
    assert response.status_code == 404


# --- configuration -------------------------------------------------------------------------


def test_production_refuses_to_start_without_a_public_url(tmp_path: Path) -> None:
    with pytest.raises(UnsafeSettings, match="GLOSSARY_PUBLIC_URL is not set"):
        make_app(
            tmp_path,
            GLOSSARY_ENV="production",
            TESTING=False,
            SECRET_KEY="x" * 40,
            GLOSSARY_PUBLIC_URL="http://127.0.0.1:5000/",
        )


@pytest.mark.parametrize(
    "url",
    [
        "begrippen.example",
        "/begrippen/",
        "ftp://begrippen.example/",
        "https://begrippen.example/?x=1",
        "https://user@begrippen.example/",
        "",
    ],
)
def test_a_public_url_that_is_not_an_absolute_http_url_is_refused(tmp_path: Path, url: str) -> None:
    with pytest.raises(UnsafeSettings, match="GLOSSARY_PUBLIC_URL must"):
        make_app(tmp_path, GLOSSARY_PUBLIC_URL=url)
