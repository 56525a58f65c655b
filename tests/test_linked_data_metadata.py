"""Linked-data metadata: the JSON-LD context, licence and publisher, DCAT, the bk: vocabulary.

Portals harvest the DCAT description; JSON clients read the context's term names; a client
that meets `bk:equivalent` follows its URI to the vocabulary. All of it stays NL-SBB valid.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS

from tests.conftest import make_app
from tests.test_formats_documents import nl_sbb_findings

PUBLIC = "http://localhost/"
SCHEME = URIRef("https://begrippen.opgroeien.be/id/begrippenkader/begrippenkader")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
EQUIVALENT = URIRef("https://begrippen.opgroeien.be/def/begrippenkader#equivalent")
PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}


def graph_at(client: FlaskClient, path: str, fmt: str = "turtle") -> Graph:
    response = client.get(path)
    assert response.status_code == 200, path
    return Graph().parse(data=response.get_data(as_text=True), format=fmt)


# --- JSON-LD context ---------------------------------------------------------------------------


def test_the_context_is_published_and_embedded_in_the_json_ld_exports(
    client: FlaskClient,
) -> None:
    published = client.get("/export/context.jsonld")
    assert published.mimetype == "application/ld+json"
    export = client.get("/export/begrippenkader.jsonld").get_json()
    concept = client.get("/begrip/mediawijsheid?format=jsonld").get_json()
    assert export["@context"] == published.get_json()["@context"]
    assert concept["@context"] == published.get_json()["@context"]


def test_the_context_defines_terms_with_language_maps(client: FlaskClient) -> None:
    context = client.get("/export/context.jsonld").get_json()["@context"]
    assert context["prefLabel"] == {"@id": "skos:prefLabel", "@container": "@language"}
    assert context["definition"] == {"@id": "skos:definition", "@container": "@language"}
    assert context["broader"] == {"@id": "skos:broader", "@type": "@id"}
    assert context["equivalent"] == {"@id": "bk:equivalent", "@type": "@id"}


def test_json_ld_labels_are_keyed_by_language(client: FlaskClient) -> None:
    document = client.get("/begrip/digitale-kloof?format=jsonld").get_json()
    (concept,) = [
        node for node in document["@graph"] if node["@id"].endswith("/begrip/digitale-kloof")
    ]
    assert concept["@type"] == "Concept"
    assert concept["prefLabel"] == {"nl": "Digitale kloof", "en": "Digital divide"}


def test_the_whole_json_ld_export_holds_the_turtle_graph(client: FlaskClient) -> None:
    turtle = graph_at(client, "/export/begrippenkader.ttl")
    assert isomorphic(turtle, graph_at(client, "/export/begrippenkader.jsonld", "json-ld"))


def test_the_context_parses_offline_as_a_json_ld_context(client: FlaskClient) -> None:
    context = client.get("/export/context.jsonld").get_json()["@context"]
    document = {
        "@context": context,
        "@id": "https://example.org/c",
        "@type": "Concept",
        "prefLabel": {"nl": "begrip"},
    }
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    concept = URIRef("https://example.org/c")
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, SKOS.prefLabel, Literal("begrip", lang="nl")) in graph


# --- licence, publisher, dates ---------------------------------------------------------------


def test_the_scheme_states_licence_publisher_and_dates(client: FlaskClient) -> None:
    graph = graph_at(client, "/export/begrippenkader.ttl")
    assert graph.value(SCHEME, DCTERMS.license) == CC_BY
    publisher = graph.value(SCHEME, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) == Literal("Opgroeien")
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert graph.value(SCHEME, DCTERMS.issued) is not None
    assert graph.value(SCHEME, DCTERMS.modified) is not None


def test_every_concept_document_names_the_licence(client: FlaskClient) -> None:
    graph = graph_at(client, "/begrip/mediawijsheid?format=ttl")
    assert graph.value(SCHEME, DCTERMS.license) == CC_BY


def test_the_licence_is_a_setting(app: Flask, tmp_path: Path) -> None:
    other = make_app(
        tmp_path / "other",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        GLOSSARY_INDEX_DIR=app.config["GLOSSARY_INDEX_DIR"],
        GLOSSARY_LICENSE="https://creativecommons.org/publicdomain/zero/1.0/",
    )
    graph = graph_at(other.test_client(), "/export/begrippenkader.ttl")
    zero = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
    assert graph.value(SCHEME, DCTERMS.license) == zero


# --- DCAT ----------------------------------------------------------------------------------------


def test_dcat_describes_the_scheme_as_a_dataset_of_a_catalog(client: FlaskClient) -> None:
    graph = graph_at(client, "/export/dcat.ttl")
    assert (SCHEME, RDF.type, DCAT.Dataset) in graph
    assert (URIRef(PUBLIC), DCAT.dataset, SCHEME) in graph
    assert (URIRef(PUBLIC), RDF.type, DCAT.Catalog) in graph
    assert graph.value(SCHEME, DCTERMS.license) == CC_BY
    assert graph.value(SCHEME, DCTERMS.publisher) is not None
    assert Literal("Begrippenkader blended ondersteunen", lang="nl") in set(
        graph.objects(SCHEME, DCTERMS.title)
    )


def test_every_dcat_distribution_downloads_what_it_says(client: FlaskClient) -> None:
    graph = graph_at(client, "/export/dcat.ttl")
    distributions = set(graph.objects(SCHEME, DCAT.distribution))
    assert len(distributions) == 5
    for distribution in distributions:
        url = str(graph.value(distribution, DCAT.downloadURL))
        media_type = str(graph.value(distribution, DCAT.mediaType)).rsplit("media-types/", 1)[1]
        assert url.startswith(PUBLIC)
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        assert response.mimetype == media_type
        assert graph.value(distribution, DCTERMS.license) == CC_BY


def test_dcat_download_urls_use_the_public_url(app: Flask, tmp_path: Path) -> None:
    other = make_app(
        tmp_path / "other",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        GLOSSARY_INDEX_DIR=app.config["GLOSSARY_INDEX_DIR"],
        GLOSSARY_PUBLIC_URL="https://begrippen.example.org/kader/",
    )
    response = other.test_client().get("/export/dcat.ttl", headers={"Host": "evil.example"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    urls = {str(url) for url in graph.objects(None, DCAT.downloadURL)}
    assert "https://begrippen.example.org/kader/export/begrippenkader.ttl" in urls
    assert all(url.startswith("https://begrippen.example.org/kader/export/") for url in urls)


@pytest.mark.parametrize("fmt", ["jsonld", "rdf"])
def test_dcat_holds_the_same_graph_in_each_format(client: FlaskClient, fmt: str) -> None:
    turtle = graph_at(client, "/export/dcat.ttl")
    assert isomorphic(turtle, graph_at(client, f"/export/dcat.{fmt}", PARSERS[fmt]))


# --- the bk: vocabulary --------------------------------------------------------------------


def test_the_vocabulary_namespace_resolves_to_its_terms(client: FlaskClient) -> None:
    export = graph_at(client, "/export/begrippenkader.ttl")
    assert list(export.triples((None, EQUIVALENT, None)))
    namespace = urlsplit(str(EQUIVALENT)).path
    response = client.get(namespace, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert "Accept" in response.vary
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    vocabulary = URIRef(str(EQUIVALENT).split("#")[0])
    assert (vocabulary, RDF.type, OWL.Ontology) in graph
    assert (EQUIVALENT, RDFS.subPropertyOf, SKOS.related) in graph
    assert (EQUIVALENT, RDFS.isDefinedBy, vocabulary) in graph
    assert {label.language for label in graph.objects(EQUIVALENT, RDFS.comment)} == {"en", "nl"}


@pytest.mark.parametrize(("ui", "label"), [("nl", "is equivalent aan"), ("en", "is equivalent to")])
def test_the_vocabulary_page_lists_its_terms_in_the_ui_language(
    client: FlaskClient, ui: str, label: str
) -> None:
    response = client.get(f"/def/begrippenkader?ui={ui}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'id="equivalent"' in page
    assert label in page


# --- all of it NL-SBB valid ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/export/begrippenkader.ttl", "/export/dcat.ttl", "/def/begrippenkader?format=ttl"]
)
def test_metadata_documents_have_no_nl_sbb_violation_or_warning(
    client: FlaskClient, path: str
) -> None:
    assert nl_sbb_findings(graph_at(client, path)) == []
