"""Every RDF document the service serves is NL-SBB valid on its own, not only the whole export.

A partner that follows one concept's (cluster's, source's) URI gets that one resource's
document; it must pass the same SHACL shapes as the whole framework, and its three
serialisations must hold the same graph.
"""

from __future__ import annotations

from functools import cache

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, RDF, SH, SKOS
from sqlalchemy import select

from glossary.models import Cluster, Concept, Source, db
from tests.standards import standards_file

BASE = "https://begrippen.opgroeien.be/id/begrip/"
PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}


@cache
def nl_sbb_shapes() -> Graph:
    return Graph().parse(standards_file("nl-sbb/skos-ap-nl.ttl"), format="turtle")


def nl_sbb_findings(data: Graph) -> list[str]:
    """NL-SBB results of severity Violation or Warning (Info, e.g. orphans, is not counted)."""
    _, report, _ = validate(
        data, shacl_graph=nl_sbb_shapes(), do_owl_imports=False, allow_warnings=True
    )
    return sorted(
        f"{report.value(result, SH.resultSeverity)} {report.value(result, SH.focusNode)} "
        f"{report.value(result, SH.sourceShape)}"
        for severity in (SH.Violation, SH.Warning)
        for result in report.subjects(SH.resultSeverity, severity)
    )


def concept_ids(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Concept.slug).order_by(Concept.position)))


def cluster_ids(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Cluster.id).order_by(Cluster.position)))


def document(client: FlaskClient, path: str, fmt: str | None) -> Graph:
    """The RDF at `path`, in `fmt` (`?format=`), or else in the format its extension says."""
    response = client.get(path, query_string={"format": fmt} if fmt else {})
    assert response.status_code == 200, path
    parser = PARSERS[fmt or path.rsplit(".", 1)[1]]
    return Graph().parse(data=response.get_data(as_text=True), format=parser)


def test_every_concept_document_has_no_nl_sbb_violation_or_warning(
    app: Flask, client: FlaskClient
) -> None:
    failing = {
        slug: found
        for slug in concept_ids(app)
        if (found := nl_sbb_findings(document(client, f"/begrip/{slug}", "ttl")))
    }
    assert failing == {}


@pytest.mark.parametrize("fmt", ["jsonld", "rdf"])
def test_every_concept_document_holds_the_same_graph_in_each_format(
    app: Flask, client: FlaskClient, fmt: str
) -> None:
    differing = [
        slug
        for slug in concept_ids(app)
        if not isomorphic(
            document(client, f"/begrip/{slug}", "ttl"), document(client, f"/begrip/{slug}", fmt)
        )
    ]
    assert differing == []


def test_neighbours_in_a_concept_document_carry_their_definition(client: FlaskClient) -> None:
    graph = document(client, "/begrip/blended-care", "ttl")
    concept = URIRef(BASE + "blended-care")
    neighbours = {
        other
        for predicate in (SKOS.related, SKOS.broader, SKOS.narrower)
        for other in graph.objects(concept, predicate)
    }
    assert neighbours
    for neighbour in neighbours:
        assert (neighbour, RDF.type, SKOS.Concept) in graph
        assert graph.value(neighbour, SKOS.definition) is not None


def test_sources_are_typed_as_documents(client: FlaskClient) -> None:
    graph = Graph().parse(
        data=client.get("/export/begrippenkader.ttl").get_data(as_text=True), format="turtle"
    )
    sources = set(graph.objects(None, DCTERMS.source))
    assert sources
    for source in sources:
        assert (source, RDF.type, FOAF.Document) in graph
        assert (source, RDF.type, DCTERMS.BibliographicResource) in graph


def test_every_cluster_document_has_no_nl_sbb_violation_or_warning(
    app: Flask, client: FlaskClient
) -> None:
    failing = {
        cluster: found
        for cluster in cluster_ids(app)
        if (found := nl_sbb_findings(document(client, f"/export/collectie/{cluster}.ttl", None)))
    }
    assert failing == {}


@pytest.mark.parametrize("fmt", ["jsonld", "rdf"])
def test_every_cluster_document_holds_the_same_graph_in_each_format(
    app: Flask, client: FlaskClient, fmt: str
) -> None:
    differing = [
        cluster
        for cluster in cluster_ids(app)
        if not isomorphic(
            document(client, f"/export/collectie/{cluster}.ttl", None),
            document(client, f"/export/collectie/{cluster}.{fmt}", None),
        )
    ]
    assert differing == []


def test_a_cluster_document_lists_its_members_in_order(client: FlaskClient) -> None:
    graph = document(client, "/export/collectie/digitalisering.ttl", None)
    collection = URIRef("https://begrippen.opgroeien.be/id/collectie/digitalisering")
    members = list(Collection(graph, graph.value(collection, SKOS.memberList)))
    assert members and set(members) == set(graph.objects(collection, SKOS.member))


def test_every_source_document_has_no_nl_sbb_violation_or_warning(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        keys = list(db.session.scalars(select(Source.key)))
    failing = {
        key: found
        for key in keys
        if (found := nl_sbb_findings(document(client, f"/export/bron/{key}.ttl", None)))
    }
    assert failing == {}


def test_a_source_document_names_the_concepts_citing_it(client: FlaskClient) -> None:
    graph = document(client, "/export/bron/opgroeien-2022-burgerprofiel.ttl", None)
    source = URIRef("https://begrippen.opgroeien.be/id/bron/opgroeien-2022-burgerprofiel")
    citing = set(graph.subjects(DCTERMS.source, source))
    assert citing
    assert all((concept, RDF.type, SKOS.Concept) in graph for concept in citing)


@pytest.mark.parametrize(
    "path",
    [
        "/export/collectie/geen-cluster.ttl",
        "/export/bron/geen-bron.ttl",
        "/export/collectie/digitalisering.tbx",
    ],
)
def test_a_document_of_nothing_is_not_found(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_cluster_document_places_its_members_in_the_hierarchy(client: FlaskClient) -> None:
    """Members are top concepts or have a broader concept in the document, not orphans."""
    graph = document(client, "/export/collectie/digitalisering.ttl", None)
    collection = URIRef("https://begrippen.opgroeien.be/id/collectie/digitalisering")
    for member in graph.objects(collection, SKOS.member):
        placed = graph.value(member, SKOS.topConceptOf) or graph.value(member, SKOS.broader)
        assert placed is not None, member
