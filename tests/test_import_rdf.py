"""Import of SKOS / NL-SBB and TBX files through the same checks, plan and transaction as
the CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from lxml import etree
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, XSD
from sqlalchemy import select

from glossary.models import Concept, Source, db
from glossary.services.revision import current_revision
from tests.conftest import SCHEME_ID, make_app
from tests.standards import standards_file

THESAURUS = standards_file("nl-sbb/thesaurus.ttl")
SECOND = "nlbegrip"


def run_import(app: Flask, path: Path, *options: str):
    return app.test_cli_runner().invoke(args=["glossary", "import", str(path), *options])


def revision(app: Flask) -> int:
    with app.app_context():
        return current_revision(db.session).number


def test_the_nl_sbb_thesaurus_imports_as_a_second_scheme(app: Flask) -> None:
    result = run_import(app, THESAURUS, "--scheme", SECOND)
    assert result.exit_code == 0, result.output
    assert "43 added" in result.output


def test_an_imported_scheme_is_served_by_the_pages_the_api_and_skosmos(
    app: Flask, tmp_path: Path
) -> None:
    assert run_import(app, THESAURUS, "--scheme", SECOND).exit_code == 0
    second = make_app(
        tmp_path / "second",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        GLOSSARY_SCHEME_ID=SECOND,
    ).test_client()
    listed = second.get("/api/v1/concepts?per_page=100").get_json()
    assert listed["total"] == 43
    assert "topconcept" in {concept["id"] for concept in listed["concepts"]}
    assert "topbegrip" in second.get("/begrip/topconcept?lang=nl").get_data(as_text=True)
    vocabulary = second.get(f"/rest/v1/{SECOND}/")
    assert vocabulary.status_code == 200
    # the first scheme is untouched
    assert app.test_client().get("/api/v1/concepts").get_json()["total"] == 42


def test_what_the_model_cannot_hold_is_reported_by_subject_and_property(app: Flask) -> None:
    before = revision(app)
    result = run_import(app, THESAURUS, "--scheme", SECOND, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run, nothing written: concepts: 43 added" in result.output
    assert revision(app) == before
    assert "not imported: <http://begrippen.nlbegrip.nl/sbb/id/concept/" in result.output
    assert "skos:notation: the model has no place for it" in result.output


def test_a_broken_turtle_file_is_a_located_error_and_writes_nothing(
    app: Flask, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<http://example.org/a> a skos:Concept ;\n"
        '  skos:prefLabel "a"@nl \n'
        "<http://example.org/b> a skos:Concept .\n",
        encoding="utf-8",
    )
    before = revision(app)
    result = run_import(app, broken, "--scheme", SECOND)
    assert result.exit_code == 1
    assert f"error: {broken}:" in result.output
    assert "nothing was imported" in result.output
    assert revision(app) == before


def test_a_checked_problem_is_located_at_the_subject_and_property(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "nodefinition.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<http://example.org/a> a skos:Concept ; skos:prefLabel "a"@nl .\n',
        encoding="utf-8",
    )
    result = run_import(app, path, "--scheme", SECOND)
    assert result.exit_code == 1
    assert "<http://example.org/a> (definition@nl): missing definition" in result.output


def _without_timestamps(data: str, rdf_format: str = "turtle") -> Graph:
    graph = Graph().parse(data=data, format=rdf_format)
    # dct:issued is the scheme's first import here, like dct:created
    for predicate in (DCTERMS.created, DCTERMS.issued, DCTERMS.modified):
        graph.remove((None, predicate, None))
    return graph


def test_the_turtle_export_re_imports_into_a_fresh_database_to_an_isomorphic_graph(
    app: Flask, empty_app: Flask, tmp_path: Path
) -> None:
    before = app.test_client().get("/export/begrippenkader.ttl").get_data(as_text=True)
    exported = tmp_path / "export.ttl"
    exported.write_text(before, encoding="utf-8")
    result = run_import(empty_app, exported, "--scheme", SCHEME_ID)
    assert result.exit_code == 0, result.output
    after = empty_app.test_client().get("/export/begrippenkader.ttl").get_data(as_text=True)
    # created/issued/modified are the import's own moments in the fresh database
    assert isomorphic(_without_timestamps(before), _without_timestamps(after))


@pytest.mark.parametrize(("suffix", "rdf_format"), [("jsonld", "json-ld"), ("rdf", "xml")])
def test_the_json_ld_and_rdf_xml_exports_re_import_to_an_isomorphic_graph(
    app: Flask, empty_app: Flask, tmp_path: Path, suffix: str, rdf_format: str
) -> None:
    before = app.test_client().get(f"/export/begrippenkader.{suffix}").get_data(as_text=True)
    exported = tmp_path / f"export.{suffix}"
    exported.write_text(before, encoding="utf-8")
    result = run_import(empty_app, exported, "--scheme", SCHEME_ID)
    assert result.exit_code == 0, result.output
    after = empty_app.test_client().get(f"/export/begrippenkader.{suffix}").get_data(as_text=True)
    assert isomorphic(
        _without_timestamps(before, rdf_format), _without_timestamps(after, rdf_format)
    )


TBX = "{urn:iso:std:iso:30042:ed-2}"


def _entries(document: bytes) -> list[bytes]:
    """Each concept entry as canonical XML, without its dated transactions."""
    root = etree.fromstring(document)
    entries = []
    for entry in root.iter(f"{TBX}conceptEntry"):
        for transaction in entry.findall(f"{TBX}transacGrp"):
            entry.remove(transaction)
        entries.append(etree.tostring(entry, method="c14n"))
    return entries


def test_the_tbx_export_re_imports_to_the_same_entries(
    app: Flask, empty_app: Flask, tmp_path: Path
) -> None:
    before = app.test_client().get("/export/begrippenkader.tbx").data
    exported = tmp_path / "export.tbx"
    exported.write_bytes(before)
    result = run_import(empty_app, exported, "--scheme", SCHEME_ID)
    assert result.exit_code == 0, result.output
    after = empty_app.test_client().get("/export/begrippenkader.tbx").data
    assert len(_entries(before)) == 42
    assert _entries(after) == _entries(before)


def test_a_broken_tbx_file_is_a_located_error_and_writes_nothing(
    app: Flask, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.tbx"
    broken.write_text('<?xml version="1.0"?>\n<tbx>\n<text><body>\n</tbx>\n', encoding="utf-8")
    before = revision(app)
    result = run_import(app, broken, "--scheme", SECOND)
    assert result.exit_code == 1
    assert f"error: {broken}:4: not valid XML" in result.output
    assert revision(app) == before


CONCEPT_WITH_EXPLANATION = (
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    '<http://example.org/a> a skos:Concept ; skos:prefLabel "a"@nl ;\n'
    '  skos:definition "Een a."@nl ; rdfs:comment "Een a is iets eenvoudigs."@nl'
)


def _explanations(app: Flask, slug: str) -> dict[str, tuple[str, str]]:
    with app.app_context():
        concept = db.session.scalars(
            select(Concept).where(Concept.scheme_id == SECOND, Concept.slug == slug)
        ).one()
        return {e.lang: (e.text, e.status.value) for e in concept.explanations}


def test_rdfs_comment_on_a_concept_is_imported_as_its_explanation_with_its_status(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "comment.ttl"
    path.write_text(
        CONCEPT_WITH_EXPLANATION + ' ;\n  skos:changeNote "explanation status: reviewed"@nl .\n',
        encoding="utf-8",
    )
    result = run_import(app, path, "--scheme", SECOND)
    assert result.exit_code == 0, result.output
    assert "not imported" not in result.output
    assert _explanations(app, "a") == {"nl": ("Een a is iets eenvoudigs.", "reviewed")}


def test_an_explanation_without_a_status_note_is_imported_as_a_draft(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "comment.ttl"
    path.write_text(CONCEPT_WITH_EXPLANATION + " .\n", encoding="utf-8")
    assert run_import(app, path, "--scheme", SECOND).exit_code == 0
    assert _explanations(app, "a") == {"nl": ("Een a is iets eenvoudigs.", "draft")}


def test_rdfs_comment_on_a_subject_that_is_no_concept_is_reported_as_unrepresentable(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "comment.ttl"
    path.write_text(
        "@prefix dct: <http://purl.org/dc/terms/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<http://example.org/s> a skos:ConceptScheme ; dct:title "S"@nl ;\n'
        '  rdfs:comment "Over het kader."@nl .\n' + CONCEPT_WITH_EXPLANATION + " .\n",
        encoding="utf-8",
    )
    result = run_import(app, path, "--scheme", SECOND, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "not imported: <http://example.org/s> rdfs:comment:" in result.output
    assert "<http://example.org/a> rdfs:comment" not in result.output


def test_an_explanation_status_without_an_explanation_is_reported(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "status.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<http://example.org/a> a skos:Concept ; skos:prefLabel "a"@nl ;\n'
        '  skos:definition "Een a."@nl ; skos:changeNote "explanation status: draft"@en .\n',
        encoding="utf-8",
    )
    result = run_import(app, path, "--scheme", SECOND, "--dry-run")
    assert result.exit_code == 0, result.output
    assert (
        "not imported: <http://example.org/a> skos:changeNote: "
        "'explanation status: draft' (en) but no explanation in 'en'"
    ) in result.output


def test_the_tbx_explanation_note_is_imported_as_the_explanation(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "explained.tbx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="nl">\n'
        '<text><body><conceptEntry id="a">\n'
        '<descrip type="subjectField">Kern</descrip>\n'
        '<langSec xml:lang="nl"><descripGrp><descrip type="definition">Een a.</descrip>'
        "</descripGrp>\n"
        "<note>Plain-language explanation (reviewed): Een a is iets eenvoudigs.</note>\n"
        "<termSec><term>a</term></termSec></langSec>\n"
        "</conceptEntry></body></text></tbx>\n",
        encoding="utf-8",
    )
    result = run_import(app, path, "--scheme", SECOND)
    assert result.exit_code == 0, result.output
    assert "not imported" not in result.output
    assert _explanations(app, "a") == {"nl": ("Een a is iets eenvoudigs.", "reviewed")}


def _own_export_with_scheme_statement(app: Flask, tmp_path: Path, old: str, new: str) -> Path:
    text = app.test_client().get("/export/begrippenkader.ttl").get_data(as_text=True)
    assert old in text
    path = tmp_path / "relabelled.ttl"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_file_under_another_licence_is_reported_not_silently_relabelled(
    app: Flask, empty_app: Flask, tmp_path: Path
) -> None:
    ours = app.config["GLOSSARY_LICENSE"]
    other = "https://creativecommons.org/licenses/by-nc/4.0/"
    path = _own_export_with_scheme_statement(app, tmp_path, f"<{ours}>", f"<{other}>")
    result = run_import(empty_app, path, "--scheme", SCHEME_ID, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"dct:license: <{other}> is not this service's licence <{ours}>" in result.output


def test_a_file_of_another_publisher_is_reported(
    app: Flask, empty_app: Flask, tmp_path: Path
) -> None:
    ours = app.config["GLOSSARY_PUBLISHER_NAME"]
    path = _own_export_with_scheme_statement(app, tmp_path, f'"{ours}"', '"Een ander"')
    result = run_import(empty_app, path, "--scheme", SCHEME_ID, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dct:publisher: 'Een ander' is not this service's publisher" in result.output


def test_a_tbx_file_imported_beside_the_bibliography_reuses_its_sources(
    app: Flask, tmp_path: Path
) -> None:
    exported = tmp_path / "export.tbx"
    exported.write_bytes(app.test_client().get("/export/begrippenkader.tbx").data)
    with app.app_context():
        sources_before = db.session.query(Source).count()
    result = run_import(app, exported, "--scheme", SECOND)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.query(Source).count() == sources_before


def test_the_own_turtle_export_reports_nothing_unrepresentable(
    app: Flask, empty_app: Flask, tmp_path: Path
) -> None:
    exported = tmp_path / "export.ttl"
    exported.write_bytes(app.test_client().get("/export/begrippenkader.ttl").data)
    result = run_import(empty_app, exported, "--scheme", SCHEME_ID, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "not imported" not in result.output


def test_the_own_export_re_imported_into_its_database_keeps_the_issue_date_silently(
    app: Flask,
) -> None:
    # dct:issued equals the stored scheme's first import: nothing to report
    text = app.test_client().get("/export/begrippenkader.ttl").get_data(as_text=True)
    path = Path(app.instance_path) / "again.ttl"
    path.write_text(text, encoding="utf-8")
    result = run_import(app, path, "--scheme", SCHEME_ID, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "not imported" not in result.output


def test_another_issue_date_for_a_stored_scheme_is_reported(app: Flask, tmp_path: Path) -> None:
    text = app.test_client().get("/export/begrippenkader.ttl").get_data(as_text=True)
    graph = Graph().parse(data=text, format="turtle")
    scheme = next(graph.subjects(DCTERMS.issued, None))
    graph.set((scheme, DCTERMS.issued, Literal("2001-01-01T00:00:00+00:00", datatype=XSD.dateTime)))
    path = tmp_path / "older.ttl"
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    result = run_import(app, path, "--scheme", SCHEME_ID, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dct:issued: '2001-01-01T00:00:00+00:00' is not the scheme's first import" in (
        result.output
    )


def test_a_document_of_one_concept_is_refused_rather_than_overwriting_its_neighbours(
    app: Flask, tmp_path: Path
) -> None:
    # its neighbours are summaries only (labels, definitions): read as concepts, they would
    # lose their other labels, notes, relations and clusters
    path = tmp_path / "mediawijsheid.ttl"
    path.write_bytes(app.test_client().get("/begrip/mediawijsheid?format=ttl").data)
    before = revision(app)
    result = run_import(app, path, "--scheme", SCHEME_ID)
    assert result.exit_code == 1
    assert (
        f"error: {path}: <https://begrippen.opgroeien.be/id/begrip/digitale-geletterdheid>: "
        "a summary of a neighbouring concept"
    ) in result.output
    assert revision(app) == before


def test_a_second_explanation_in_one_language_is_reported_and_the_first_kept(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "two.ttl"
    path.write_text(
        CONCEPT_WITH_EXPLANATION + ' ;\n  rdfs:comment "Zo is het."@nl .\n', encoding="utf-8"
    )
    result = run_import(app, path, "--scheme", SECOND)
    assert result.exit_code == 0, result.output
    assert "rdfs:comment: 'Zo is het.' is a second explanation in 'nl'" in result.output
    assert _explanations(app, "a") == {"nl": ("Een a is iets eenvoudigs.", "draft")}
