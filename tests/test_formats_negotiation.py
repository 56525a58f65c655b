"""Content negotiation for concept URIs: which representation a request asks for."""

from __future__ import annotations

import json

import pytest
from flask import Flask, request
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from glossary.http.negotiation import concept_response, negotiate_format
from glossary.http.problems import ApiError
from glossary.models import db
from glossary.services.concepts import get_concept
from glossary.urls import concept_uri


def negotiated(app: Flask, query: str = "", accept: str | None = None) -> str | None:
    headers = {"Accept": accept} if accept is not None else {}
    with app.test_request_context(f"/begrip/mediawijsheid{query}", headers=headers):
        return negotiate_format(request)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None),
        ("*/*", None),
        ("application/json", "json"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/rdf+xml", "rdf"),
        ("text/html;q=0.5, text/turtle;q=0.9", "ttl"),
        ("application/json;q=0.2, application/ld+json", "jsonld"),
    ],
)
def test_accept_header_picks_the_best_representation(
    app: Flask, accept: str, expected: str | None
) -> None:
    assert negotiated(app, accept=accept) == expected


def test_no_accept_header_means_html(app: Flask) -> None:
    assert negotiated(app) is None


@pytest.mark.parametrize(
    ("fmt", "expected"), [("json", "json"), ("ttl", "ttl"), ("jsonld", "jsonld"), ("rdf", "rdf")]
)
def test_format_parameter_wins_over_accept(app: Flask, fmt: str, expected: str) -> None:
    assert negotiated(app, f"?format={fmt}", accept="text/html") == expected


def test_format_html_parameter_means_html(app: Flask) -> None:
    assert negotiated(app, "?format=html", accept="application/json") is None


def test_unknown_format_parameter_is_a_bad_request(app: Flask) -> None:
    with pytest.raises(ApiError) as raised:
        negotiated(app, "?format=pdf")
    assert raised.value.status == 400
    assert "pdf" in raised.value.detail


def test_unacceptable_media_type_is_not_acceptable(app: Flask) -> None:
    with pytest.raises(ApiError) as raised:
        negotiated(app, accept="application/pdf")
    assert raised.value.status == 406


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_json_representation_is_the_api_concept(app: Flask, lang: str) -> None:
    with app.test_request_context("/begrip/mediawijsheid"):
        concept = get_concept(db.session, "begrippenkader", "mediawijsheid")
        response = concept_response(concept, "json", lang)
    body = json.loads(response.get_data())
    assert response.mimetype == "application/json"
    assert body["id"] == "mediawijsheid"
    assert list(body["pref_label"]) == [lang]


@pytest.mark.parametrize(
    ("fmt", "parser"), [("ttl", "turtle"), ("jsonld", "json-ld"), ("rdf", "xml")]
)
def test_rdf_representations_describe_the_concept_in_both_languages(
    app: Flask, fmt: str, parser: str
) -> None:
    with app.test_request_context("/begrip/mediawijsheid"):
        concept = get_concept(db.session, "begrippenkader", "mediawijsheid")
        response = concept_response(concept, fmt)
        subject = URIRef(concept_uri("mediawijsheid"))
    graph = Graph().parse(data=response.get_data(as_text=True), format=parser)
    labels = {label.language: str(label) for label in graph.objects(subject, SKOS.prefLabel)}
    assert labels == {"nl": "Mediawijsheid", "en": "Media literacy"}
    assert "Accept" in response.vary
