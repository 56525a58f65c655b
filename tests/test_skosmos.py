"""The Skosmos-compatible API, driven by the `skosmos-client` package against a live server."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph
from rdflib.namespace import SKOS
from skosmos_client import SkosmosClient
from werkzeug.serving import make_server

VOCID = "begrippenkader"
BASE = "https://begrippen.opgroeien.be/id/begrip/"
LANGS = ["nl", "en"]


@pytest.fixture
def skosmos(app: Flask) -> Iterator[SkosmosClient]:
    """A skosmos-client talking to the app served on a free local port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SkosmosClient(api_base=f"http://127.0.0.1:{server.server_port}/rest/v1/")
    server.shutdown()
    thread.join()


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("nl", "Begrippenkader blended ondersteunen"),
        ("en", "Concept framework for blended support"),
    ],
)
def test_vocabularies_list_the_begrippenkader(
    skosmos: SkosmosClient, lang: str, title: str
) -> None:
    assert skosmos.vocabularies(lang) == [{"uri": VOCID, "id": VOCID, "title": title}]


def test_vocabularies_need_a_language(client: FlaskClient) -> None:
    response = client.get("/rest/v1/vocabularies")
    assert response.status_code == 400


@pytest.mark.parametrize("lang", LANGS)
def test_vocabulary_information(skosmos: SkosmosClient, lang: str) -> None:
    info = skosmos.get_vocabulary(VOCID, lang=lang)
    assert info["id"] == VOCID
    assert info["defaultLanguage"] == "nl"
    assert info["languages"] == ["en", "nl"]
    assert info["conceptschemes"][0]["type"] == "skos:ConceptScheme"


def test_unknown_vocabulary_is_not_found(skosmos: SkosmosClient) -> None:
    with pytest.raises(ValueError, match="no vocabulary"):
        skosmos.get_vocabulary("yso")


@pytest.mark.parametrize(("lang", "label"), [("nl", "Digitale kloof"), ("en", "Digital divide")])
def test_top_concepts_are_those_without_broader(
    skosmos: SkosmosClient, lang: str, label: str
) -> None:
    top = skosmos.top_concepts(VOCID, lang=lang)
    labels = {concept["label"] for concept in top}
    assert label in labels
    assert BASE + "blended-care" not in {concept["uri"] for concept in top}


def test_top_concepts_know_their_children(skosmos: SkosmosClient) -> None:
    top = {c["uri"]: c for c in skosmos.top_concepts(VOCID)}
    assert top[BASE + "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"]["hasChildren"]
    assert not top[BASE + "digitale-kloof"]["hasChildren"]


@pytest.mark.parametrize(
    ("label", "lang", "uri"),
    [
        ("e-zorg", "nl", BASE + "onlinehulpverlening"),
        ("Mediawijsheid", "nl", BASE + "mediawijsheid"),
        ("media literacy", "en", BASE + "mediawijsheid"),
        ("digital divide", None, BASE + "digitale-kloof"),
    ],
)
def test_lookup_finds_the_concept_a_label_names(
    skosmos: SkosmosClient, label: str, lang: str | None, uri: str
) -> None:
    (hit,) = skosmos.lookup(VOCID, label, lang=lang)
    assert hit["uri"] == uri


def test_lookup_by_alternative_label_says_which_label_matched(skosmos: SkosmosClient) -> None:
    (hit,) = skosmos.lookup(VOCID, "e-zorg", lang="nl")
    assert hit["altLabel"] == "e-zorg"
    assert hit["prefLabel"] == "Onlinehulpverlening"


def test_lookup_in_another_language_does_not_match(skosmos: SkosmosClient) -> None:
    with pytest.raises(ValueError, match="Could not find label"):
        skosmos.lookup(VOCID, "Mediawijsheid", lang="en")


@pytest.mark.parametrize(("lang", "label"), [("nl", "Mediawijsheid"), ("en", "Media literacy")])
def test_label_of_a_concept(skosmos: SkosmosClient, lang: str, label: str) -> None:
    assert skosmos.get_concept(VOCID, BASE + "mediawijsheid").label(lang) == label


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("nl", "Blended aanbod in ondersteuning van jongeren en gezinnen"),
        ("en", "Blended provision in support of young people and families"),
    ],
)
def test_broader_concepts(skosmos: SkosmosClient, lang: str, label: str) -> None:
    broader = skosmos.get_concept(VOCID, BASE + "blended-care").broader(lang)
    assert [b["prefLabel"] for b in broader] == [label]


@pytest.mark.parametrize("lang", LANGS)
def test_narrower_concepts(skosmos: SkosmosClient, lang: str) -> None:
    concept = skosmos.get_concept(
        VOCID, BASE + "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
    )
    assert BASE + "blended-care" in [n["uri"] for n in concept.narrower(lang)]


@pytest.mark.parametrize(
    ("lang", "label"), [("nl", "Elektronisch dossier"), ("en", "Electronic case file")]
)
def test_related_concepts_include_equivalent_ones(
    skosmos: SkosmosClient, lang: str, label: str
) -> None:
    related = skosmos.get_concept(VOCID, BASE + "digitaal-dossier").related(lang)
    assert label in [r["prefLabel"] for r in related]


def test_unknown_concept_is_not_found(client: FlaskClient) -> None:
    response = client.get(f"/rest/v1/{VOCID}/broader", query_string={"uri": BASE + "nope"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_concept_requests_need_a_uri(client: FlaskClient) -> None:
    assert client.get(f"/rest/v1/{VOCID}/label").status_code == 400


@pytest.mark.parametrize(("lang", "title"), [("nl", "gegevensdeling"), ("en", "data sharing")])
def test_groups_are_the_clusters(skosmos: SkosmosClient, lang: str, title: str) -> None:
    groups = skosmos.groups(VOCID, lang=lang)
    assert len(groups) == 6
    assert groups[3]["prefLabel"] == title
    assert all(group["hasMembers"] for group in groups)


@pytest.mark.parametrize("lang", LANGS)
def test_group_members_are_the_cluster_concepts(client: FlaskClient, lang: str) -> None:
    groups = client.get(f"/rest/v1/{VOCID}/groups?lang={lang}").get_json()["groups"]
    body = client.get(
        f"/rest/v1/{VOCID}/groupMembers", query_string={"uri": groups[1]["uri"], "lang": lang}
    ).get_json()
    assert len(body["members"]) == 5


def test_data_of_a_concept_is_rdf_in_both_languages(skosmos: SkosmosClient) -> None:
    # The request SkosmosClient.data() makes; the client itself hands the RDF/XML to rdflib 7
    # without a format, which rdflib reads as Turtle (fails against any Skosmos server).
    response = requests.get(
        f"{skosmos.api_base}{VOCID}/data",
        params={"uri": BASE + "mediawijsheid", "format": "application/rdf+xml"},
        timeout=10,
    )
    graph = Graph().parse(data=response.content, format="xml")
    labels = {label.language for label in graph.objects(None, SKOS.prefLabel)}
    assert {"nl", "en"} <= labels


@pytest.mark.parametrize(
    ("mime_type", "marker"),
    [("text/turtle", "@prefix"), ("application/json", '"graph"'), ("application/ld+json", "@id")],
)
def test_data_format_parameter_picks_the_serialisation(
    client: FlaskClient, mime_type: str, marker: str
) -> None:
    response = client.get(
        f"/rest/v1/{VOCID}/data",
        query_string={"uri": BASE + "mediawijsheid", "format": mime_type},
    )
    assert response.mimetype == mime_type
    assert marker in response.get_data(as_text=True)


def test_data_in_an_unsupported_format_is_not_acceptable(client: FlaskClient) -> None:
    response = client.get(
        f"/rest/v1/{VOCID}/data", query_string={"uri": BASE + "mediawijsheid", "format": "x/y"}
    )
    assert response.status_code == 406


def test_data_of_the_whole_vocabulary_redirects_to_the_download(client: FlaskClient) -> None:
    response = client.get(f"/rest/v1/{VOCID}/data?format=text/turtle")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/export/begrippenkader.ttl")


def test_skosmos_api_is_cors_enabled(client: FlaskClient) -> None:
    response = client.get(f"/rest/v1/{VOCID}/groups", headers={"Origin": "https://x.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
