"""Whole-framework downloads: SKOS checked by NL-SBB, TBX by its schema, CSV round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SH, SKOS

from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from tests import schematron
from tests.conftest import SCHEME_ID
from tests.standards import standards_file

BASE = "https://begrippen.opgroeien.be/id/begrip/"
TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
IMPORT_FILES = ("begrippenkader.csv", "clusters.csv", "bronnen.csv", "scheme.csv")


def turtle_export(client: FlaskClient) -> Graph:
    response = client.get("/export/begrippenkader.ttl")
    assert response.status_code == 200
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


def violations(data: Graph) -> list[str]:
    shapes = Graph().parse(standards_file("nl-sbb/skos-ap-nl.ttl"), format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, do_owl_imports=False, allow_warnings=True)
    return [
        f"{report.value(result, SH.focusNode)}: {report.value(result, SH.resultMessage)}"
        for result in report.subjects(SH.resultSeverity, SH.Violation)
    ]


def test_turtle_export_has_no_nl_sbb_violations(client: FlaskClient) -> None:
    assert violations(turtle_export(client)) == []


def test_nl_sbb_validation_does_find_a_concept_without_definition(client: FlaskClient) -> None:
    graph = turtle_export(client)
    concept = URIRef(BASE + "mediawijsheid")
    graph.remove((concept, SKOS.definition, None))
    assert len(violations(graph)) == 1


@pytest.mark.parametrize(
    ("extension", "media_type", "parser"),
    [
        ("ttl", "text/turtle", "turtle"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("rdf", "application/rdf+xml", "xml"),
    ],
)
def test_rdf_exports_hold_the_same_graph(
    client: FlaskClient, extension: str, media_type: str, parser: str
) -> None:
    response = client.get(f"/export/begrippenkader.{extension}")
    graph = Graph().parse(data=response.get_data(as_text=True), format=parser)
    assert response.mimetype == media_type
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == 42


@pytest.mark.parametrize(("lang", "label"), [("nl", "Digitale kloof"), ("en", "Digital divide")])
def test_skos_export_carries_preferred_labels_in_both_languages(
    client: FlaskClient, lang: str, label: str
) -> None:
    graph = turtle_export(client)
    assert Literal(label, lang=lang) in set(
        graph.objects(URIRef(BASE + "digitale-kloof"), SKOS.prefLabel)
    )


def test_skos_export_marks_the_english_translation_as_draft(client: FlaskClient) -> None:
    graph = turtle_export(client)
    notes = set(graph.objects(URIRef(BASE + "mediawijsheid"), SKOS.changeNote))
    assert Literal("translation status: draft", lang="en") in notes


def test_skos_export_expresses_equivalence_without_exact_match(client: FlaskClient) -> None:
    graph = turtle_export(client)
    digital, electronic = URIRef(BASE + "digitaal-dossier"), URIRef(BASE + "elektronisch-dossier")
    assert (digital, SKOS.related, electronic) in graph
    assert not list(graph.triples((None, SKOS.exactMatch, None)))


def test_skos_export_has_one_collection_per_cluster_in_order(client: FlaskClient) -> None:
    graph = turtle_export(client)
    collections = set(graph.subjects(RDF.type, SKOS.Collection))
    ordered = set(graph.subjects(RDF.type, SKOS.OrderedCollection))
    assert len(collections) == 6
    assert ordered == collections


def test_skos_export_describes_sources(client: FlaskClient) -> None:
    graph = turtle_export(client)
    sources = set(graph.objects(None, DCTERMS.source))
    assert sources
    for source in sources:
        assert graph.value(source, DCTERMS.title) is not None
        citation = graph.value(source, DCTERMS.bibliographicCitation)
        assert citation is not None and citation.language is None
    assert any(isinstance(page, URIRef) for page in graph.objects(None, FOAF.page))


def tbx_export(client: FlaskClient) -> etree._ElementTree:
    response = client.get("/export/begrippenkader.tbx")
    assert response.status_code == 200
    return etree.ElementTree(etree.fromstring(response.get_data()))


def test_tbx_export_is_valid_against_the_tbx_core_schema(client: FlaskClient) -> None:
    schema = etree.RelaxNG(etree.parse(str(standards_file("tbx/TBXcoreStructV03.rng"))))
    document = tbx_export(client)
    assert schema.validate(document), schema.error_log


def test_tbx_export_follows_the_tbx_basic_dialect_rules(client: FlaskClient) -> None:
    rules = standards_file("tbx/TBX-Basic_DCA.sch")
    assert schematron.validate(rules, tbx_export(client)) == []


def test_the_dialect_rules_accept_the_standard_example_and_catch_a_broken_export(
    client: FlaskClient,
) -> None:
    rules = standards_file("tbx/TBX-Basic_DCA.sch")
    example = etree.parse(str(standards_file("tbx/Example_Astronomy_DCA_VALID.tbx")))
    assert schematron.validate(rules, example) == []
    broken = tbx_export(client)
    term_note = broken.find(f".//{TBX}termNote")
    term_note.text = "synonym"
    broken.find(f".//{TBX}descrip").set("type", "explanation")
    messages = [failure.message for failure in schematron.validate(rules, broken)]
    assert any("/termType/ type may be" in m for m in messages), messages
    assert any("Permitted type value(s): subjectField, context, definition" in m for m in messages)


def test_tbx_export_has_one_entry_per_concept(client: FlaskClient) -> None:
    assert len(tbx_export(client).findall(f".//{TBX}conceptEntry")) == 42


@pytest.mark.parametrize(
    ("lang", "term", "status"),
    [
        ("nl", "Mediawijsheid", "preferredTerm-admn-sts"),
        ("en", "Media literacy", "preferredTerm-admn-sts"),
    ],
)
def test_tbx_terms_carry_their_administrative_status(
    client: FlaskClient, lang: str, term: str, status: str
) -> None:
    entry = tbx_export(client).find(f".//{TBX}conceptEntry[@id='mediawijsheid']")
    section = entry.find(f"{TBX}langSec[@{XML_LANG}='{lang}']")
    terms = {
        sec.findtext(f"{TBX}term"): sec.findtext(f"{TBX}termNote[@type='administrativeStatus']")
        for sec in section.findall(f"{TBX}termSec")
    }
    assert terms[term] == status


def test_tbx_alternative_labels_are_admitted_terms(client: FlaskClient) -> None:
    entry = tbx_export(client).find(f".//{TBX}conceptEntry[@id='onlinehulpverlening']")
    section = entry.find(f"{TBX}langSec[@{XML_LANG}='nl']")
    statuses = [
        sec.findtext(f"{TBX}termNote[@type='administrativeStatus']")
        for sec in section.findall(f"{TBX}termSec")
        if sec.findtext(f"{TBX}term") == "e-zorg"
    ]
    assert statuses == ["admittedTerm-admn-sts"]


def test_tbx_english_section_notes_the_draft_translation(client: FlaskClient) -> None:
    entry = tbx_export(client).find(f".//{TBX}conceptEntry[@id='mediawijsheid']")
    section = entry.find(f"{TBX}langSec[@{XML_LANG}='en']")
    assert "translation status: draft" in [note.text for note in section.findall(f"{TBX}note")]


def test_tbx_definitions_carry_their_sources(client: FlaskClient) -> None:
    entry = tbx_export(client).find(f".//{TBX}conceptEntry[@id='digitaal-dossier']")
    group = entry.find(f"{TBX}langSec[@{XML_LANG}='nl']/{TBX}descripGrp")
    assert group.find(f"{TBX}descrip[@type='definition']").text
    assert group.findall(f"{TBX}admin[@type='source']")


def test_tbx_equivalence_is_a_cross_reference(client: FlaskClient) -> None:
    entry = tbx_export(client).find(f".//{TBX}conceptEntry[@id='digitaal-dossier']")
    targets = [ref.get("target") for ref in entry.findall(f"{TBX}ref[@type='crossReference']")]
    assert "elektronisch-dossier" in targets


def download_import_files(client: FlaskClient, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in IMPORT_FILES:
        response = client.get(f"/export/{name}")
        assert response.status_code == 200, name
        (folder / name).write_bytes(response.get_data())
    return folder / IMPORT_FILES[0]


def test_csv_export_imports_back_into_an_empty_database_identically(
    client: FlaskClient, empty_app: Flask, tmp_path: Path
) -> None:
    first = download_import_files(client, tmp_path / "first")
    with empty_app.app_context():
        import_framework(db.session, SCHEME_ID, FrameworkFiles.beside(first), source_language="nl")
    second = download_import_files(empty_app.test_client(), tmp_path / "second")
    for name in IMPORT_FILES:
        assert (first.parent / name).read_text() == (second.parent / name).read_text(), name


def test_csv_export_is_the_import_format(client: FlaskClient) -> None:
    response = client.get("/export/begrippenkader.csv")
    header = response.get_data(as_text=True).splitlines()[0]
    assert response.mimetype == "text/csv"
    assert header.startswith("id,clusters,status,pref_label@nl")
    assert "pref_label@en" in header


def test_unknown_export_format_is_a_problem(client: FlaskClient) -> None:
    response = client.get("/export/begrippenkader.pdf")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_exports_are_cors_enabled_and_cacheable(client: FlaskClient) -> None:
    response = client.get("/export/begrippenkader.ttl")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["ETag"]
    again = client.get(
        "/export/begrippenkader.ttl", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_exports_follow_a_new_import(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    before = client.get("/export/begrippenkader.csv").get_data(as_text=True)
    concepts_file = download_import_files(client, tmp_path / "edited")
    concepts_file.write_text(before.replace("Mediawijsheid,", "Mediawijsheid (herzien),", 1))
    with app.app_context():
        import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(concepts_file), source_language="nl"
        )
    after = client.get("/export/begrippenkader.csv").get_data(as_text=True)
    assert "Mediawijsheid (herzien)" in after
