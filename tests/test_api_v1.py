"""The JSON API /api/v1: schemes, clusters, concepts, changes — in both languages."""

from __future__ import annotations

import csv
import shutil
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from tests.conftest import DATA_DIR, SCHEME_ID

LANGS = ["nl", "en"]
RELATION_COLUMNS = ("related", "broader", "equivalent")


@pytest.mark.parametrize("lang", LANGS)
def test_schemes_list_the_begrippenkader_with_its_title(client: FlaskClient, lang: str) -> None:
    body = client.get(f"/api/v1/schemes?lang={lang}").get_json()
    (scheme,) = body["schemes"]
    assert scheme["id"] == SCHEME_ID
    assert list(scheme["title"]) == [lang]
    assert scheme["languages"] == ["en", "nl"]
    assert scheme["concept_count"] == 42


@pytest.mark.parametrize(("lang", "title"), [("nl", "gegevensdeling"), ("en", "data sharing")])
def test_clusters_are_listed_in_document_order_with_titles(
    client: FlaskClient, lang: str, title: str
) -> None:
    clusters = client.get(f"/api/v1/clusters?lang={lang}").get_json()["clusters"]
    assert [c["position"] for c in clusters] == [1, 2, 3, 4, 5, 6]
    assert clusters[3]["title"] == {lang: title}


def test_clusters_count_their_concepts(client: FlaskClient) -> None:
    clusters = client.get("/api/v1/clusters").get_json()["clusters"]
    assert sum(c["concept_count"] for c in clusters) == 43  # Mediamatrix is in two clusters


@pytest.mark.parametrize(
    ("lang", "label"), [("nl", "Digitaal dossier"), ("en", "Digital case file")]
)
def test_cluster_lists_its_concepts(client: FlaskClient, lang: str, label: str) -> None:
    body = client.get(f"/api/v1/clusters/gegevensdeling?lang={lang}").get_json()
    assert body["concepts"][0]["pref_label"] == {lang: label}
    assert body["concept_count"] == len(body["concepts"])


def test_a_cluster_reports_its_published_version(client: FlaskClient) -> None:
    assert client.get("/api/v1/clusters/digitalisering").get_json()["version"] == 1


def test_sources_are_listed_in_bibliography_order_with_their_addresses(
    client: FlaskClient,
) -> None:
    listed = client.get("/api/v1/sources").get_json()["sources"]
    bundled = list(csv.DictReader((DATA_DIR / "bronnen.csv").open(encoding="utf-8")))
    assert len(listed) == len(bundled)
    assert all(source["href"] == f"/api/v1/sources/{source['id']}" for source in listed)


def test_a_source_names_the_concepts_that_cite_it_and_its_version(client: FlaskClient) -> None:
    cited = client.get("/api/v1/concepts/mediawijsheid").get_json()["sources"][0]
    key = cited if isinstance(cited, str) else cited["id"]
    source = client.get(f"/api/v1/sources/{key}").get_json()
    assert "mediawijsheid" in [concept["id"] for concept in source["cited_by"]]
    assert source["version"] == 1
    assert client.get(source["history"]).status_code == 200


def test_an_unknown_source_is_not_found(client: FlaskClient) -> None:
    assert client.get("/api/v1/sources/geen-bron").status_code == 404


def test_unknown_cluster_is_not_found(client: FlaskClient) -> None:
    response = client.get("/api/v1/clusters/nope")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_concepts_are_paginated_with_total_and_links(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts?per_page=10&page=2").get_json()
    assert body["total"] == 42
    assert body["pages"] == 5
    assert len(body["concepts"]) == 10
    assert body["links"]["next"] == "/api/v1/concepts?page=3&per_page=10"
    assert body["links"]["prev"] == "/api/v1/concepts?page=1&per_page=10"


def test_first_page_has_no_previous_and_last_page_no_next(client: FlaskClient) -> None:
    first = client.get("/api/v1/concepts?per_page=40").get_json()
    last = client.get("/api/v1/concepts?per_page=40&page=2").get_json()
    assert first["links"]["prev"] is None
    assert last["links"]["next"] is None
    assert len(last["concepts"]) == 2


@pytest.mark.parametrize("page", [6, 184467440737095518, 10**30])
def test_a_page_past_the_last_is_empty_however_far(client: FlaskClient, page: int) -> None:
    response = client.get(f"/api/v1/concepts?per_page=10&page={page}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["concepts"] == [] and body["total"] == 42 and body["links"]["next"] is None
    assert body["links"]["prev"] == "/api/v1/concepts?page=5&per_page=10"


def test_pages_together_hold_every_concept_once(client: FlaskClient) -> None:
    ids = []
    href = "/api/v1/concepts?per_page=7"
    while href:
        body = client.get(href).get_json()
        ids += [concept["id"] for concept in body["concepts"]]
        href = body["links"]["next"]
    assert len(ids) == len(set(ids)) == 42


def test_pagination_links_are_also_link_headers(client: FlaskClient) -> None:
    response = client.get("/api/v1/concepts?per_page=10&page=2")
    assert '</api/v1/concepts?page=3&per_page=10>; rel="next"' in response.headers["Link"]


def test_concepts_filter_by_cluster(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts?cluster=digitalisering").get_json()
    assert body["total"] == 5
    assert all(
        "digitalisering" in [c["id"] for c in concept["clusters"]] for concept in body["concepts"]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_concepts_restricted_to_one_language(client: FlaskClient, lang: str) -> None:
    concept = client.get(f"/api/v1/concepts?lang={lang}&per_page=1").get_json()["concepts"][0]
    assert list(concept["pref_label"]) == [lang]
    assert list(concept["definition"]) == [lang]


def test_modified_since_in_the_future_lists_nothing(client: FlaskClient) -> None:
    future = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    body = client.get(f"/api/v1/concepts?modified_since={future}").get_json()
    assert body["total"] == 0


def test_modified_since_in_the_past_lists_everything(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts?modified_since=2000-01-01T00:00:00Z").get_json()
    assert body["total"] == 42


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("per_page=abc", "per_page"),
        ("page=-1", "page"),
        ("page=0", "page"),
        ("per_page=100000", "per_page"),
        ("lang=fr", "lang"),
        ("modified_since=yesterday", "modified_since"),
    ],
)
def test_bad_listing_parameters_are_problems(
    client: FlaskClient, query: str, parameter: str
) -> None:
    response = client.get(f"/api/v1/concepts?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["parameter"] == parameter
    assert response.get_json()["detail"]


def test_an_unknown_cluster_is_not_found(client: FlaskClient) -> None:
    response = client.get("/api/v1/concepts?cluster=nope")
    assert response.status_code == 404
    assert response.get_json()["parameter"] == "cluster"


@pytest.mark.parametrize(("lang", "label"), [("nl", "Mediawijsheid"), ("en", "Media literacy")])
def test_concept_in_one_language(client: FlaskClient, lang: str, label: str) -> None:
    body = client.get(f"/api/v1/concepts/mediawijsheid?lang={lang}").get_json()
    assert body["pref_label"] == {lang: label}
    assert set(body["definition"][lang]) == {"markdown", "html", "text"}
    assert body["translation_status"] == {lang: "source" if lang == "nl" else "draft"}


def test_concept_has_everything_in_all_languages(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts/digitaal-dossier").get_json()
    assert body["uri"] == "https://begrippen.opgroeien.be/id/begrip/digitaal-dossier"
    assert set(body["pref_label"]) == {"nl", "en"}
    assert [c["id"] for c in body["equivalent"]] == ["elektronisch-dossier"]
    assert body["sources"] and {"citation", "entry", "url"} <= set(body["sources"][0])
    assert body["status"] == "valid"
    assert body["modified"]


def test_concept_links_the_concepts_its_definition_mentions(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts/blended-hulpverlening?lang=nl").get_json()
    assert "onlinehulpverlening" in [link["id"] for link in body["links"]]


@pytest.mark.parametrize(("label", "lang"), [("e-zorg", "nl"), ("online help", "en")])
def test_label_as_id_redirects_permanently_to_the_concept(
    client: FlaskClient, label: str, lang: str
) -> None:
    response = client.get(f"/api/v1/concepts/{label}?lang={lang}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/api/v1/concepts/onlinehulpverlening?lang={lang}"


def test_unknown_concept_is_not_found(client: FlaskClient) -> None:
    response = client.get("/api/v1/concepts/bestaat-niet")
    assert response.status_code == 404
    assert "bestaat-niet" in response.get_json()["detail"]


def test_method_not_allowed_is_a_problem(client: FlaskClient) -> None:
    # POST creates a concept as a draft (issue 14); nothing deletes the collection.
    response = client.delete("/api/v1/concepts")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert {"GET", "POST"} <= set(response.headers["Allow"].split(", "))


def test_unknown_api_path_is_a_problem(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_api_answers_cors_requests(client: FlaskClient) -> None:
    response = client.get("/api/v1/concepts", headers={"Origin": "https://partner.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_api_answers_conditional_requests_with_not_modified(client: FlaskClient) -> None:
    first = client.get("/api/v1/concepts/mediawijsheid")
    assert first.headers["Last-Modified"]
    assert "max-age" in first.headers["Cache-Control"]
    again = client.get(
        "/api/v1/concepts/mediawijsheid", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_changes_needs_a_since_parameter(client: FlaskClient) -> None:
    response = client.get("/api/v1/changes")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "since"


def test_changes_since_the_beginning_list_every_concept_as_added(client: FlaskClient) -> None:
    body = client.get("/api/v1/changes?since=2000-01-01").get_json()
    assert body["total"] == 42
    assert {change["change"] for change in body["changes"]} == {"added"}


def test_changes_since_now_are_empty(client: FlaskClient) -> None:
    until = client.get("/api/v1/changes?since=2000-01-01").get_json()["until"]
    assert client.get("/api/v1/changes", query_string={"since": until}).get_json()["total"] == 0


def edited_framework(folder: Path) -> tuple[Path, str]:
    """The bundled data with one definition changed, one concept removed and one added."""
    shutil.copytree(DATA_DIR, folder)
    path = folder / "begrippenkader.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    referenced = {
        target for row in rows for key in RELATION_COLUMNS for target in row[key].split(" | ")
    }
    removed = next(
        row
        for row in rows
        if row["id"] not in referenced and not any(row[key] for key in RELATION_COLUMNS)
    )
    rows.remove(removed)
    changed = next(row for row in rows if row["id"] == "mediawijsheid")
    changed["definition@nl"] += " Gewijzigd."
    added = dict(rows[-1], id="nieuw-begrip")
    added.update({"pref_label@nl": "Nieuw begrip", "pref_label@en": "New concept"})
    added.update({"alt_labels@nl": "", "alt_labels@en": "", "related": "", "broader": ""})
    added.update({"equivalent": "", "hidden_labels@nl": "", "hidden_labels@en": ""})
    rows.append(added)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path, removed["id"]


def test_changes_report_what_an_import_added_changed_and_removed(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    until = client.get("/api/v1/changes?since=2000-01-01").get_json()["until"]
    path, removed = edited_framework(tmp_path / "data")
    with app.app_context():
        import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(path), source_language="nl", prune=True
        )
    body = client.get("/api/v1/changes", query_string={"since": until}).get_json()
    kinds = {change["id"]: change["change"] for change in body["changes"]}
    assert kinds == {"mediawijsheid": "changed", "nieuw-begrip": "added", removed: "removed"}


# --- validators follow the data revision --------------------------------------------------

CONCEPT = "/api/v1/concepts/mediawijsheid"


def import_edited(app: Flask, folder: Path) -> None:
    path, _ = edited_framework(folder)
    with app.app_context():
        import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(path), source_language="nl", prune=True
        )


def wait_for_the_next_second(moment: datetime) -> None:
    """HTTP dates count whole seconds: an import in the same second could not be told apart."""
    while datetime.now(UTC) < moment + timedelta(seconds=1):
        time.sleep(0.05)


def test_after_an_import_the_old_etag_gets_the_new_data_and_a_new_etag(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    before = client.get(CONCEPT)
    import_edited(app, tmp_path / "data")
    after = client.get(CONCEPT, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.get_json()["definition"]["nl"]["markdown"].endswith("Gewijzigd.")


def test_an_import_that_changes_nothing_keeps_the_etag(app: Flask, client: FlaskClient) -> None:
    before = client.get(CONCEPT)
    with app.app_context():
        import_framework(
            db.session,
            SCHEME_ID,
            FrameworkFiles.beside(DATA_DIR / "begrippenkader.csv"),
            source_language="nl",
        )
    again = client.get(CONCEPT, headers={"If-None-Match": before.headers["ETag"]})
    assert again.status_code == 304


def test_if_modified_since_the_last_change_is_not_modified(client: FlaskClient) -> None:
    first = client.get(CONCEPT)
    again = client.get(CONCEPT, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304
    assert again.headers["ETag"] == first.headers["ETag"]


def test_if_modified_since_before_the_last_change_gets_the_data(client: FlaskClient) -> None:
    changed = parsedate_to_datetime(client.get(CONCEPT).headers["Last-Modified"])
    earlier = format_datetime(changed - timedelta(seconds=1), usegmt=True)
    response = client.get(CONCEPT, headers={"If-Modified-Since": earlier})
    assert response.status_code == 200
    assert response.get_json()["id"] == "mediawijsheid"


def test_if_modified_since_before_an_import_gets_the_imported_data(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    before = client.get(CONCEPT)
    wait_for_the_next_second(parsedate_to_datetime(before.headers["Last-Modified"]))
    import_edited(app, tmp_path / "data")
    after = client.get(CONCEPT, headers={"If-Modified-Since": before.headers["Last-Modified"]})
    assert after.status_code == 200
    assert parsedate_to_datetime(after.headers["Last-Modified"]) > parsedate_to_datetime(
        before.headers["Last-Modified"]
    )
    assert after.get_json()["definition"]["nl"]["markdown"].endswith("Gewijzigd.")
