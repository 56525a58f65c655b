"""A third content language, end to end, with no code change (issue 7: "French must be addable").

The bundled framework is copied with French columns added for a few concepts, the clusters
and the scheme, and imported into an empty database. Everything that serves content must then
offer French: the JSON API, the concept page, SKOS, TBX, the CSV export, Skosmos, the search
index and the embeddable card.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from tests.conftest import BUNDLED_CSV, SCHEME_ID

LANG = "fr"
BASE_URI = "https://begrippen.opgroeien.be/id/begrip/"
FRENCH = {
    "mediawijsheid": {
        "pref_label": "Éducation aux médias",
        "alt_labels": "littératie médiatique",
        "definition": "= l'ensemble des connaissances, aptitudes et attitudes qui permettent aux "
        "citoyens d'évoluer de manière consciente et critique dans un monde médiatisé. "
        "Voir aussi la fracture numérique.",
        "translation_status": "reviewed",
    },
    "digitale-kloof": {
        "pref_label": "Fracture numérique",
        "definition": "La fracture numérique désigne les groupes qui manquent de compétences "
        "numériques.",
    },
}
FRENCH_CLUSTERS = {"e-inclusie-en-digitale-competenties": "e-inclusion et compétences numériques"}
FRENCH_SCHEME_TITLE = "Cadre conceptuel pour l'accompagnement hybride"


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def framework_with_french(folder: Path) -> Path:
    """The bundled framework plus French columns: only new columns, nothing else changed."""
    folder.mkdir()
    data = BUNDLED_CSV.parent
    (folder / "bronnen.csv").write_bytes((data / "bronnen.csv").read_bytes())

    columns, rows = _read(BUNDLED_CSV)
    fields = ("pref_label", "alt_labels", "definition", "translation_status")
    links_start = columns.index("sources")
    columns[links_start:links_start] = [f"{field}@{LANG}" for field in fields]
    for row in rows:
        for field, value in FRENCH.get(row["id"], {}).items():
            row[f"{field}@{LANG}"] = value
    _write(folder / BUNDLED_CSV.name, columns, rows)

    columns, rows = _read(data / "clusters.csv")
    columns.append(f"title@{LANG}")
    for row in rows:
        row[f"title@{LANG}"] = FRENCH_CLUSTERS.get(row["id"], "")
    _write(folder / "clusters.csv", columns, rows)

    columns, rows = _read(data / "scheme.csv")
    columns.append(f"title@{LANG}")
    rows[0][f"title@{LANG}"] = FRENCH_SCHEME_TITLE
    _write(folder / "scheme.csv", columns, rows)
    return folder / BUNDLED_CSV.name


@pytest.fixture
def french_app(empty_app: Flask, tmp_path: Path) -> Iterator[Flask]:
    concepts_file = framework_with_french(tmp_path / "framework")
    with empty_app.app_context():
        plan, revision = import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(concepts_file), source_language="nl"
        )
        assert revision is not None and len(plan.added) == 42
    yield empty_app


@pytest.fixture
def client(french_app: Flask) -> FlaskClient:
    return french_app.test_client()


def text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


# --- the JSON API ------------------------------------------------------------------------------


def test_the_api_lists_french_among_the_languages(client: FlaskClient) -> None:
    body = client.get("/api/v1/schemes").get_json()
    assert LANG in str(body)
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["LanguageCode"]
    assert [tag for tag in ("en", "fr-BE", "nl", "de") if re.search(schema["pattern"], tag)] == [
        "en",
        "fr-BE",
        "nl",
    ]


def test_the_api_shows_a_concept_in_french(client: FlaskClient) -> None:
    response = client.get(f"/api/v1/concepts/mediawijsheid?lang={LANG}")
    body = response.get_json()
    assert response.status_code == 200, body
    assert "Éducation aux médias" in str(body)
    assert "littératie médiatique" in str(body)


def test_a_french_label_redirects_to_its_concept(client: FlaskClient) -> None:
    response = client.get("/api/v1/concepts/Éducation aux médias")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/api/v1/concepts/mediawijsheid")


def test_the_api_lists_concepts_with_french_labels(client: FlaskClient) -> None:
    body = client.get(f"/api/v1/concepts?lang={LANG}&per_page=100").get_json()
    assert "Fracture numérique" in str(body)


def test_a_french_cluster_title(client: FlaskClient) -> None:
    body = client.get(f"/api/v1/clusters/e-inclusie-en-digitale-competenties?lang={LANG}")
    assert FRENCH_CLUSTERS["e-inclusie-en-digitale-competenties"] in str(body.get_json())


# --- pages ------------------------------------------------------------------------------------


def test_the_concept_page_shows_french_with_its_language(client: FlaskClient) -> None:
    html = text(client.get(f"/begrip/mediawijsheid?lang={LANG}"))
    assert f'lang="{LANG}"' in html
    assert "Éducation aux médias" in html
    assert "monde médiatisé" in html


def test_a_french_definition_links_the_concepts_it_mentions(client: FlaskClient) -> None:
    html = text(client.get(f"/begrip/mediawijsheid?lang={LANG}"))
    assert 'data-concept="digitale-kloof"' in html


def test_the_content_switch_offers_french(client: FlaskClient) -> None:
    html = text(client.get("/begrip/mediawijsheid"))
    assert f'hreflang="{LANG}"' in html or f'lang="{LANG}"' in html
    assert "Français" in html


def test_an_untranslated_concept_falls_back_to_dutch(client: FlaskClient) -> None:
    html = text(client.get(f"/begrip/onlinehulpverlening?lang={LANG}"))
    assert "Onlinehulpverlening" in html
    assert 'lang="nl"' in html


def test_the_card_shows_french(client: FlaskClient) -> None:
    html = text(client.get(f"/embed/mediawijsheid?lang={LANG}"))
    assert "Éducation aux médias" in html


# --- exports ----------------------------------------------------------------------------------


def test_skos_export_carries_the_french_labels(client: FlaskClient) -> None:
    turtle = text(client.get("/export/begrippenkader.ttl"))
    assert '"Éducation aux médias"@fr' in turtle
    graph = Graph().parse(data=turtle, format="turtle")
    concept = graph.resource(f"{BASE_URI}mediawijsheid").identifier
    assert Literal("Éducation aux médias", lang=LANG) in set(graph.objects(concept, SKOS.prefLabel))
    assert Literal("littératie médiatique", lang=LANG) in set(graph.objects(concept, SKOS.altLabel))


def test_tbx_export_has_a_french_language_section(client: FlaskClient) -> None:
    tbx = etree.fromstring(client.get("/export/begrippenkader.tbx").get_data())
    sections = tbx.findall(".//{*}langSec[@{http://www.w3.org/XML/1998/namespace}lang='fr']")
    assert len(sections) == len(FRENCH)
    terms = {term.text for section in sections for term in section.iter("{*}term")}
    assert {"Éducation aux médias", "littératie médiatique", "Fracture numérique"} <= terms


def test_csv_export_round_trips_the_french_columns(client: FlaskClient) -> None:
    exported = text(client.get("/export/begrippenkader.csv"))
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(exported))}
    assert rows["mediawijsheid"]["pref_label@fr"] == "Éducation aux médias"
    assert rows["mediawijsheid"]["translation_status@fr"] == "reviewed"
    assert rows["digitale-kloof"]["translation_status@fr"] == "draft"
    clusters = text(client.get("/export/clusters.csv"))
    assert "title@fr" in clusters.splitlines()[0]


def test_skosmos_serves_french(client: FlaskClient) -> None:
    vocab = client.get(f"/rest/v1/{SCHEME_ID}/").get_json()
    assert LANG in vocab["languages"]
    label = client.get(
        f"/rest/v1/{SCHEME_ID}/label?uri={BASE_URI}mediawijsheid&lang={LANG}"
    ).get_json()
    assert label["prefLabel"] == "Éducation aux médias"
