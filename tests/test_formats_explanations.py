"""The plain-language explanation in every format: API field, SKOS rdfs:comment (NL-SBB
"uitleg"), TBX note. The whole exports' validity (NL-SBB SHACL, TBX RNG and Schematron) is
checked by tests/test_formats_exports.py on the same data, explanations included."""

from __future__ import annotations

import csv

from flask.testing import FlaskClient
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from tests.conftest import BUNDLED_CSV
from tests.test_formats_exports import BASE, TBX, XML_LANG, tbx_export, turtle_export

with BUNDLED_CSV.open(encoding="utf-8", newline="") as handle:
    BUNDLED = {row["id"]: row for row in csv.DictReader(handle)}


def test_the_api_gives_the_explanation_per_language_with_its_status(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts/mediawijsheid").get_json()
    assert body["explanation"] == {
        "en": {"text": BUNDLED["mediawijsheid"]["explanation@en"], "status": "draft"},
        "nl": {"text": BUNDLED["mediawijsheid"]["explanation@nl"], "status": "draft"},
    }


def test_the_api_restricts_the_explanation_to_the_language_asked(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts/mediawijsheid?lang=en").get_json()
    assert list(body["explanation"]) == ["en"]


def test_the_skos_export_has_one_dutch_and_one_english_comment_per_concept(
    client: FlaskClient,
) -> None:
    graph = turtle_export(client)
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 42
    for concept in concepts:
        comments = list(graph.objects(concept, RDFS.comment))
        assert sorted(comment.language for comment in comments) == ["en", "nl"], concept


def test_the_skos_comment_is_the_explanation_and_its_status_a_change_note(
    client: FlaskClient,
) -> None:
    graph = turtle_export(client)
    concept = URIRef(BASE + "digitale-kluis")
    text = BUNDLED["digitale-kluis"]["explanation@nl"]
    assert Literal(text, lang="nl") in set(graph.objects(concept, RDFS.comment))
    notes = set(graph.objects(concept, SKOS.changeNote))
    assert Literal("explanation status: draft", lang="nl") in notes


def test_the_tbx_language_section_notes_the_explanation_and_its_status(
    client: FlaskClient,
) -> None:
    entry = tbx_export(client).find(f".//{TBX}conceptEntry[@id='mediawijsheid']")
    section = entry.find(f"{TBX}langSec[@{XML_LANG}='nl']")
    notes = [note.text for note in section.findall(f"{TBX}note")]
    text = BUNDLED["mediawijsheid"]["explanation@nl"]
    assert f"Plain-language explanation (draft): {text}" in notes
