"""The URIs the framework mints resolve: 303 See Other to a document about the thing.

The URIs are read from the service's own Turtle export, so the routes tested are the ones a
linked-data client would follow; the tests with another GLOSSARY_BASE_URI show the routes
move with the setting.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from tests.conftest import make_app

PUBLIC = "http://localhost/"
ID = "https://begrippen.opgroeien.be/id/"
PARSERS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


def export_graph(client: FlaskClient) -> Graph:
    turtle = client.get("/export/begrippenkader.ttl").get_data(as_text=True)
    return Graph().parse(data=turtle, format="turtle")


def minted_uris(graph: Graph) -> dict[str, list[URIRef]]:
    """Every URI the export names, by kind."""
    return {
        "concept": sorted(graph.subjects(RDF.type, SKOS.Concept)),
        "collection": sorted(graph.subjects(RDF.type, SKOS.Collection)),
        "source": sorted(set(graph.objects(None, DCTERMS.source))),
        "scheme": sorted(graph.subjects(RDF.type, SKOS.ConceptScheme)),
    }


def path_of(uri: str) -> str:
    return urlsplit(uri).path


def follow(client: FlaskClient, location: str, accept: str) -> Graph:
    assert location.startswith(PUBLIC), location
    response = client.get("/" + location[len(PUBLIC) :], headers={"Accept": accept})
    assert response.status_code == 200, location
    return Graph().parse(data=response.get_data(as_text=True), format=PARSERS[accept])


@pytest.mark.parametrize(
    ("uri", "page"),
    [
        (ID + "begrip/mediawijsheid", "begrip/mediawijsheid"),
        (ID + "collectie/digitalisering", "cluster/digitalisering"),
        (ID + "begrippenkader/begrippenkader", ""),
    ],
)
def test_a_uri_asked_for_html_sees_other_to_its_page(
    client: FlaskClient, uri: str, page: str
) -> None:
    response = client.get(path_of(uri), headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["Location"] == PUBLIC + page
    assert "Accept" in response.vary


def test_a_source_uri_asked_for_html_sees_other_to_its_entry_in_the_bibliography(
    client: FlaskClient,
) -> None:
    source = minted_uris(export_graph(client))["source"][0]
    key = str(source).rsplit("/", 1)[1]
    response = client.get(path_of(source), headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{PUBLIC}bronnen#bron-{key}"


@pytest.mark.parametrize("kind", ["concept", "collection", "source", "scheme"])
@pytest.mark.parametrize("accept", list(PARSERS))
def test_every_minted_uri_sees_other_to_an_rdf_document_describing_it(
    client: FlaskClient, kind: str, accept: str
) -> None:
    uris = minted_uris(export_graph(client))[kind]
    assert uris
    for uri in uris:
        response = client.get(path_of(uri), headers={"Accept": accept})
        assert response.status_code == 303, uri
        assert "Accept" in response.vary
        assert (uri, RDF.type, None) in follow(client, response.headers["Location"], accept)


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("?format=ttl", "begrip/mediawijsheid?format=ttl"),
        ("?format=json", "begrip/mediawijsheid?format=json"),
        ("?format=html", "begrip/mediawijsheid"),
    ],
)
def test_the_format_parameter_wins_over_accept(
    client: FlaskClient, query: str, location: str
) -> None:
    response = client.get(f"/id/begrip/mediawijsheid{query}", headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["Location"] == PUBLIC + location


def test_a_cluster_uri_asked_for_json_sees_other_to_the_api(client: FlaskClient) -> None:
    response = client.get("/id/collectie/digitalisering", headers={"Accept": "application/json"})
    assert response.headers["Location"] == PUBLIC + "api/v1/clusters/digitalisering"


@pytest.mark.parametrize(
    "path",
    [
        "/id/begrip/geen-begrip",
        "/id/collectie/geen-cluster",
        "/id/bron/geen-bron",
        "/id/begrippenkader/geen-kader",
    ],
)
@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_an_unknown_id_is_not_found(client: FlaskClient, path: str, accept: str) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 404


def test_an_unknown_id_asked_for_rdf_is_a_problem(client: FlaskClient) -> None:
    response = client.get("/id/begrip/geen-begrip", headers={"Accept": "text/turtle"})
    assert response.mimetype == "application/problem+json"
    assert "geen-begrip" in response.get_json()["detail"]


def test_an_unacceptable_media_type_is_406_and_varies_on_accept(client: FlaskClient) -> None:
    response = client.get("/id/bron/x", headers={"Accept": "application/json"})
    assert response.status_code == 406
    assert "Accept" in response.vary


def test_the_location_ignores_the_host_header(client: FlaskClient) -> None:
    response = client.get(
        "/id/begrip/mediawijsheid",
        headers={"Accept": "text/html", "Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )
    assert response.headers["Location"] == PUBLIC + "begrip/mediawijsheid"


# --- the routes follow GLOSSARY_BASE_URI ----------------------------------------------------


def app_with(app: Flask, tmp_path: Path, **settings: str) -> Flask:
    """Another app on the same (filled) database, with other settings."""
    return make_app(
        tmp_path / "other",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        GLOSSARY_INDEX_DIR=app.config["GLOSSARY_INDEX_DIR"],
        **settings,
    )


def test_the_routes_follow_a_base_with_another_path(app: Flask, tmp_path: Path) -> None:
    other = app_with(app, tmp_path, GLOSSARY_BASE_URI="https://data.example.org/vocab/term/")
    client = other.test_client()
    minted = minted_uris(export_graph(client))
    for kind in ("concept", "collection", "source", "scheme"):
        uri = str(minted[kind][0])
        assert uri.startswith("https://data.example.org/vocab/")
        response = client.get(path_of(uri), headers={"Accept": "text/turtle"})
        assert response.status_code == 303, uri
    assert client.get("/id/begrip/mediawijsheid").status_code == 404


@pytest.mark.parametrize("host", ["begrippen.example.org", "localhost"])
def test_a_base_under_the_public_urls_path_is_served_inside_the_mount(
    app: Flask, tmp_path: Path, host: str
) -> None:
    """The app mounted at /kader by a proxy that strips the prefix (the test client's host is
    localhost: a Location on the request's own host must not get the prefix twice)."""
    other = app_with(
        app,
        tmp_path,
        GLOSSARY_BASE_URI=f"https://{host}/kader/id/begrip/",
        GLOSSARY_PUBLIC_URL=f"https://{host}/kader/",
    )
    response = other.test_client().get(
        "/id/begrip/mediawijsheid", headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"https://{host}/kader/begrip/mediawijsheid?format=ttl"


def test_with_a_hash_base_the_concepts_document_path_sees_other_to_the_scheme(
    app: Flask, tmp_path: Path
) -> None:
    other = app_with(app, tmp_path, GLOSSARY_BASE_URI="https://data.example.org/id/term#")
    response = other.test_client().get("/id/term", headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    assert response.headers["Location"] == PUBLIC + "export/begrippenkader.ttl"


def test_a_base_at_a_page_path_is_left_to_the_page(app: Flask, tmp_path: Path) -> None:
    other = app_with(app, tmp_path, GLOSSARY_BASE_URI="http://localhost/begrip/")
    response = other.test_client().get("/begrip/mediawijsheid", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
