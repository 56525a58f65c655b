"""GLOSSARY_BASE_URI: checked at start-up, and the base of every concept URI wherever it shows.

The base is followed directly by the concept id, so it must end in "/" or "#"; any other base
is refused at start-up, in every mode, with a message saying what to write instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from glossary.production import UnsafeSettings
from tests.conftest import make_app

# Nothing may keep the default base's host when another base is configured.
DEFAULT_HOST = "https://begrippen.opgroeien.be/"
# A slash base elsewhere, and a hash base: (base, URI of the scheme beside the concepts).
BASES = [
    ("https://data.example.org/vocab/", "https://data.example.org/begrippenkader/begrippenkader"),
    ("http://localhost:8080/id/term#", "http://localhost:8080/id/begrippenkader/begrippenkader"),
]
SLUG = "mediawijsheid"


# --- start-up check ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["development", "production"])
def test_a_base_without_a_final_slash_or_hash_is_refused_at_start_up(
    tmp_path: Path, mode: str
) -> None:
    with pytest.raises(UnsafeSettings, match="must end in '/' or '#'") as refused:
        make_app(
            tmp_path,
            GLOSSARY_ENV=mode,
            TESTING=mode == "development",
            SECRET_KEY="x" * 40,
            GLOSSARY_BASE_URI="https://begrippen.opgroeien.be/id/begrip",
        )
    assert "did you mean 'https://begrippen.opgroeien.be/id/begrip/'" in str(refused.value)


@pytest.mark.parametrize(
    "base",
    [
        "begrippen.opgroeien.be/id/begrip/",
        "/id/begrip/",
        "ftp://begrippen.opgroeien.be/id/begrip/",
        "urn:begrip:",
        "",
    ],
)
def test_a_base_that_is_not_an_absolute_http_uri_is_refused(tmp_path: Path, base: str) -> None:
    with pytest.raises(UnsafeSettings, match="must be an absolute http\\(s\\) URI"):
        make_app(tmp_path, GLOSSARY_BASE_URI=base)


@pytest.mark.parametrize(
    "base",
    [
        "https://begrippen.opgroeien.be/id/begrip/?versie=2/",
        "https://begrippen.opgroeien.be/id/#begrip/",
        "https://begrippen.opgroeien.be/id/mijn begrip/",
    ],
)
def test_a_base_with_a_query_fragment_or_space_is_refused(tmp_path: Path, base: str) -> None:
    with pytest.raises(UnsafeSettings, match="no spaces, query or fragment"):
        make_app(tmp_path, GLOSSARY_BASE_URI=base)


@pytest.mark.parametrize("base", [base for base, _ in BASES])
def test_a_base_ending_in_a_slash_or_hash_is_accepted(tmp_path: Path, base: str) -> None:
    assert make_app(tmp_path, GLOSSARY_BASE_URI=base).config["GLOSSARY_BASE_URI"] == base


# --- the base in every representation ------------------------------------------------------


@pytest.fixture(params=BASES, ids=["slash", "hash"])
def base(request: pytest.FixtureRequest, app: Flask) -> tuple[str, str]:
    """The app of the bundled framework, published under another base."""
    app.config["GLOSSARY_BASE_URI"] = request.param[0]
    return request.param


def test_json_concept_uris_use_the_base(client: FlaskClient, base: tuple[str, str]) -> None:
    concept = client.get(f"/api/v1/concepts/{SLUG}").get_json()
    assert concept["uri"] == base[0] + SLUG
    (first, *_) = client.get(f"/api/v1/search?q={SLUG}").get_json()["results"]
    assert first["uri"] == base[0] + SLUG


def test_turtle_concept_uris_use_the_base(client: FlaskClient, base: tuple[str, str]) -> None:
    turtle = client.get("/export/begrippenkader.ttl").get_data(as_text=True)
    graph = Graph().parse(data=turtle, format="turtle")
    concept = URIRef(base[0] + SLUG)
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, SKOS.inScheme, URIRef(base[1])) in graph
    nodes = {str(node) for triple in graph for node in triple if isinstance(node, URIRef)}
    assert not any(node.startswith(DEFAULT_HOST) for node in nodes)


def test_turtle_of_one_concept_uses_the_base(client: FlaskClient, base: tuple[str, str]) -> None:
    response = client.get(f"/begrip/{SLUG}", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert (URIRef(base[0] + SLUG), RDF.type, SKOS.Concept) in graph


def test_skosmos_api_concept_uris_use_the_base(client: FlaskClient, base: tuple[str, str]) -> None:
    (first, *_) = client.get(f"/rest/v1/begrippenkader/search?query={SLUG}").get_json()["results"]
    assert first["uri"] == base[0] + SLUG
    lookup = client.get("/rest/v1/begrippenkader/lookup?label=Mediawijsheid&lang=nl").get_json()
    assert [result["uri"] for result in lookup["result"]] == [base[0] + SLUG]
    data = client.get(
        "/rest/v1/begrippenkader/data",
        query_string={"uri": base[0] + SLUG, "format": "text/turtle"},
    )
    assert data.status_code == 200
    graph = Graph().parse(data=data.get_data(as_text=True), format="turtle")
    assert (URIRef(base[0] + SLUG), RDF.type, SKOS.Concept) in graph
