"""Mappings to concepts of other vocabularies: CSV, API, SKOS, TBX, Skosmos, the page, and
labels fetched only by an explicit command."""

from __future__ import annotations

import csv
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from glossary.importing import export_framework
from glossary.models import ExternalLabel, db
from glossary.services.revision import current_revision
from tests import schematron
from tests.conftest import BUNDLED_CSV, DATA_DIR, SCHEME_ID
from tests.standards import standards_file

EXACT = "https://begrippen.nlbegrip.nl/sbb/id/concept/Mediawijsheid"
CLOSE = "http://vocab.example.org/concept/online-hulp"
BROAD = "http://vocab.example.org/concept/digitale-vaardigheden"
TBX = "{urn:iso:std:iso:30042:ed-2}"
SKOSMOS_SWAGGER = standards_file("skosmos/swagger.json")


def write_framework(folder: Path, mapped: dict[str, dict[str, str]]) -> Path:
    """The bundled framework in `folder`, with mapping cells added to the concepts named."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("clusters.csv", "bronnen.csv", "scheme.csv"):
        shutil.copy(DATA_DIR / name, folder / name)
    with BUNDLED_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    columns = sorted({column for cells in mapped.values() for column in cells} - set(header))
    for row in rows:
        row.update(mapped.get(row["id"], {}))
    path = folder / "begrippenkader.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header + columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_import(app: Flask, path: Path, *options: str):
    return app.test_cli_runner().invoke(args=["glossary", "import", str(path), *options])


@pytest.fixture
def mapped_app(app: Flask, tmp_path: Path) -> Flask:
    path = write_framework(
        tmp_path / "mapped",
        {
            "mediawijsheid": {"exact_match": EXACT, "close_match": f"{CLOSE} | {BROAD}"},
            "onlinehulpverlening": {"broad_match": BROAD},
        },
    )
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def mapped_client(mapped_app: Flask) -> FlaskClient:
    return mapped_app.test_client()


def test_csv_mappings_are_stored_in_the_file_order(mapped_app: Flask) -> None:
    with mapped_app.app_context():
        framework, _ = export_framework(db.session, SCHEME_ID)
    record = next(c for c in framework.concepts if c.slug == "mediawijsheid")
    assert record.mappings == {"exact_match": (EXACT,), "close_match": (CLOSE, BROAD)}


def test_mappings_round_trip_exactly_through_the_csv_export(
    mapped_app: Flask, tmp_path: Path
) -> None:
    exported = tmp_path / "export" / "begrippenkader.csv"
    result = mapped_app.test_cli_runner().invoke(args=["glossary", "export", str(exported)])
    assert result.exit_code == 0, result.output
    with mapped_app.app_context():
        before = current_revision(db.session).number
    again = run_import(mapped_app, exported)
    assert again.exit_code == 0, again.output
    assert "nothing changed" in again.output
    with mapped_app.app_context():
        assert current_revision(db.session).number == before


@pytest.mark.parametrize(
    "uri",
    [
        "vocab.example.org/concept/x",
        "ftp://vocab.example.org/concept/x",
        "javascript:alert(1)",
        "http://vocab.example.org/a b",
    ],
)
def test_a_mapping_that_is_no_absolute_http_uri_is_refused_with_its_location(
    app: Flask, tmp_path: Path, uri: str
) -> None:
    path = write_framework(tmp_path / "bad", {"mediawijsheid": {"exact_match": uri}})
    with app.app_context():
        before = current_revision(db.session).number
    result = run_import(app, path)
    assert result.exit_code == 1
    header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    column = header.index("exact_match") + 1
    assert (
        f"begrippenkader.csv:{_line_of(path, 'mediawijsheid')}: column {column} (exact_match):"
        in (result.output)
    )
    with app.app_context():
        assert current_revision(db.session).number == before


def test_a_mapping_to_a_concept_of_this_framework_is_refused(app: Flask, tmp_path: Path) -> None:
    own = app.config["GLOSSARY_BASE_URI"] + "onlinehulpverlening"
    path = write_framework(tmp_path / "own", {"mediawijsheid": {"related_match": own}})
    result = run_import(app, path)
    assert result.exit_code == 1
    assert "(related_match): " in result.output
    assert "is a concept of this framework" in result.output


def _line_of(path: Path, slug: str) -> int:
    """The line a row starts on (cells may span lines)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        start = 2
        for row in reader:
            if row["id"] == slug:
                return start
            start = reader.line_num + 1
    raise AssertionError(slug)


def test_the_api_lists_mappings_by_kind(mapped_client: FlaskClient) -> None:
    body = mapped_client.get("/api/v1/concepts/mediawijsheid").get_json()
    assert body["mappings"]["exact_match"] == [{"uri": EXACT, "pref_label": {}}]
    assert [m["uri"] for m in body["mappings"]["close_match"]] == [CLOSE, BROAD]
    assert body["mappings"]["narrow_match"] == []


def test_a_concept_without_mappings_has_empty_lists(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts/mediawijsheid").get_json()
    assert set(body["mappings"]) == {
        "exact_match",
        "close_match",
        "broad_match",
        "narrow_match",
        "related_match",
    }
    assert not any(body["mappings"].values())


def test_skos_export_states_the_mappings_with_skos_match_properties(
    mapped_client: FlaskClient,
) -> None:
    graph = Graph().parse(
        data=mapped_client.get("/export/begrippenkader.ttl").get_data(as_text=True),
        format="turtle",
    )
    concept = URIRef(mapped_client.application.config["GLOSSARY_BASE_URI"] + "mediawijsheid")
    assert set(graph.objects(concept, SKOS.exactMatch)) == {URIRef(EXACT)}
    assert set(graph.objects(concept, SKOS.closeMatch)) == {URIRef(CLOSE), URIRef(BROAD)}


def test_skos_mappings_never_name_a_concept_of_the_same_scheme(
    mapped_client: FlaskClient,
) -> None:
    graph = Graph().parse(
        data=mapped_client.get("/export/begrippenkader.ttl").get_data(as_text=True),
        format="turtle",
    )
    ours = set(graph.subjects(SKOS.inScheme, None))
    for prop in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch):
        assert not set(graph.objects(None, prop)) & ours


def _tbx(client: FlaskClient) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(client.get("/export/begrippenkader.tbx").data))


def test_tbx_gives_mappings_as_external_cross_references(mapped_client: FlaskClient) -> None:
    entry = _tbx(mapped_client).find(f".//{TBX}conceptEntry[@id='mediawijsheid']")
    targets = [x.get("target") for x in entry.findall(f"{TBX}xref")]
    assert EXACT in targets and CLOSE in targets
    notes = [note.text for note in entry.findall(f"{TBX}note")]
    assert f"exact match: {EXACT}" in notes


def test_tbx_with_mappings_stays_valid_against_the_rng_and_the_schematron(
    mapped_client: FlaskClient,
) -> None:
    document = _tbx(mapped_client)
    schema = etree.RelaxNG(etree.parse(str(standards_file("tbx/TBXcoreStructV03.rng"))))
    assert schema.validate(document), schema.error_log
    assert schematron.validate(standards_file("tbx/TBX-Basic_DCA.sch"), document) == []


def _skosmos_schema(name: str) -> dict:
    swagger = json.loads(SKOSMOS_SWAGGER.read_text(encoding="utf-8"))
    return {"definitions": swagger["definitions"], "$ref": f"#/definitions/{name}"}


def test_skosmos_mappings_answer_each_mapping_as_skosmos_does(mapped_client: FlaskClient) -> None:
    uri = mapped_client.application.config["GLOSSARY_BASE_URI"] + "mediawijsheid"
    response = mapped_client.get(f"/rest/v1/{SCHEME_ID}/mappings", query_string={"uri": uri})
    assert response.status_code == 200
    found = response.get_json()["mappings"]
    assert [(m["type"], m["uri"]) for m in found] == [
        (["skos:exactMatch"], EXACT),
        (["skos:closeMatch"], CLOSE),
        (["skos:closeMatch"], BROAD),
    ]
    assert found[0]["from"] == {"memberSet": [{"uri": uri}]}
    assert found[0]["to"] == {"memberSet": [{"uri": EXACT}]}
    # Each item is valid against swagger.json's ConceptMapping with its listed required keys
    # (the file puts them on ConceptMappings, whose `mappings` Skosmos answers as a list).
    required = _skosmos_schema("ConceptMappings")["definitions"]["ConceptMappings"]["required"]
    item_schema = _skosmos_schema("ConceptMapping") | {"required": required}
    for mapping in found:
        jsonschema.Draft4Validator(item_schema).validate(mapping)


def test_skosmos_mappings_need_a_uri_and_a_known_concept(mapped_client: FlaskClient) -> None:
    assert mapped_client.get(f"/rest/v1/{SCHEME_ID}/mappings").status_code == 400
    unknown = mapped_client.get(
        f"/rest/v1/{SCHEME_ID}/mappings", query_string={"uri": "http://example.org/x"}
    )
    assert unknown.status_code == 404


def test_the_concept_page_lists_the_mappings_by_uri_when_no_label_is_known(
    mapped_client: FlaskClient,
) -> None:
    html = mapped_client.get("/begrip/mediawijsheid?ui=nl").get_data(as_text=True)
    assert "Overeenkomsten" in html
    assert f'<a href="{EXACT}" rel="external">{EXACT}</a>' in html


def test_a_page_without_mappings_has_no_mappings_section(client: FlaskClient) -> None:
    html = client.get("/begrip/mediawijsheid").get_data(as_text=True)
    assert 'class="mappings"' not in html


class _Vocabulary(BaseHTTPRequestHandler):
    """Another vocabulary's server: Turtle for one concept, 404 for the rest."""

    requests: list[tuple[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Vocabulary.requests.append((self.path, self.headers.get("Accept", "")))
        if self.path != "/concept/online-hulp":
            self.send_error(404)
            return
        body = (
            f"<http://{self.headers['Host']}/concept/online-hulp> "
            '<http://www.w3.org/2004/02/skos/core#prefLabel> "online hulp"@nl, "online help"@en .'
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def vocabulary_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Vocabulary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Vocabulary.requests = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_labels_stores_the_labels_the_other_vocabulary_publishes(
    app: Flask, tmp_path: Path, vocabulary_server: str
) -> None:
    known = f"{vocabulary_server}/concept/online-hulp"
    missing = f"{vocabulary_server}/concept/weg"
    path = write_framework(
        tmp_path / "local", {"mediawijsheid": {"exact_match": known, "close_match": missing}}
    )
    assert run_import(app, path).exit_code == 0
    client = app.test_client()
    page_before = client.get("/begrip/mediawijsheid?ui=nl").get_data(as_text=True)
    assert _Vocabulary.requests == []  # serving a page never goes out to the other vocabulary
    assert f">{known}</a>" in page_before

    result = app.test_cli_runner().invoke(args=["glossary", "mappings", "fetch-labels"])
    assert result.exit_code == 0, result.output
    assert "labels found for 1 URI(s), 1 failed" in result.output
    assert _Vocabulary.requests[0][1].startswith("text/turtle")
    with app.app_context():
        stored = {(e.lang, e.text) for e in db.session.query(ExternalLabel).filter_by(uri=known)}
    assert stored == {("nl", "online hulp"), ("en", "online help")}

    page = client.get("/begrip/mediawijsheid?ui=nl").get_data(as_text=True)
    assert f'<a href="{known}" rel="external">online hulp</a>' in page
    english = client.get("/api/v1/concepts/mediawijsheid?lang=en").get_json()
    assert english["mappings"]["exact_match"] == [
        {"uri": known, "pref_label": {"en": "online help"}}
    ]


def test_fetching_the_same_labels_again_changes_nothing(
    app: Flask, tmp_path: Path, vocabulary_server: str
) -> None:
    known = f"{vocabulary_server}/concept/online-hulp"
    path = write_framework(tmp_path / "again", {"mediawijsheid": {"exact_match": known}})
    assert run_import(app, path).exit_code == 0
    runner = app.test_cli_runner()
    assert runner.invoke(args=["glossary", "mappings", "fetch-labels"]).exit_code == 0
    with app.app_context():
        before = current_revision(db.session).number
    result = runner.invoke(args=["glossary", "mappings", "fetch-labels"])
    assert "data revision" not in result.output
    with app.app_context():
        assert current_revision(db.session).number == before
