"""The change feed reports every concept whose representation an import changed.

A concept's JSON shows more than its own CSV row: the labels of related concepts, the inverse
of other concepts' relations, the concepts its definition mentions, its sources and clusters.
A partner syncing with /api/v1/changes must hear of a change to any of these.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from tests.conftest import DATA_DIR, SCHEME_ID

Rows = list[dict[str, str]]


def import_edited(app: Flask, folder: Path, file: str, edit: Callable[[Rows], None]) -> list[str]:
    """Import the bundled data with `edit` applied to one of its files; return changed_through."""
    shutil.copytree(DATA_DIR, folder)
    path = folder / file
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with app.app_context():
        plan, revision = import_framework(
            db.session,
            SCHEME_ID,
            FrameworkFiles.beside(folder / "begrippenkader.csv"),
            source_language="nl",
        )
    assert revision is not None
    return plan.changed_through


def changes_after(client: FlaskClient, act: Callable[[], object]) -> dict[str, str]:
    until = client.get("/api/v1/changes?since=2000-01-01").get_json()["until"]
    act()
    body = client.get("/api/v1/changes", query_string={"since": until}).get_json()
    return {change["id"]: change["change"] for change in body["changes"]}


def row(rows: Rows, slug: str) -> dict[str, str]:
    return next(r for r in rows if r["id"] == slug)


def test_renaming_a_concept_changes_the_concepts_that_show_its_label(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    def rename(rows: Rows) -> None:
        row(rows, "mediawijsheid")["pref_label@en"] = "Media wisdom"

    showing = {
        r["id"]
        for r in client.get("/api/v1/concepts?per_page=100").get_json()["concepts"]
        if any(
            ref["id"] == "mediawijsheid"
            for key in ("related", "broader", "narrower", "equivalent", "links")
            for ref in client.get(f"/api/v1/concepts/{r['id']}").get_json().get(key, [])
        )
    }
    assert "e-inclusie" in showing  # its definition mentions Mediawijsheid

    kinds = changes_after(
        client, lambda: import_edited(app, tmp_path / "d", "begrippenkader.csv", rename)
    )

    assert kinds == {"mediawijsheid": "changed", **dict.fromkeys(showing, "changed")}
    reference = next(
        ref
        for ref in client.get("/api/v1/concepts/e-inclusie").get_json()["links"]
        if ref["id"] == "mediawijsheid"
    )
    assert reference["pref_label"]["en"] == "Media wisdom"


def test_a_definition_change_alone_changes_only_its_concept(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    def reword(rows: Rows) -> None:
        row(rows, "mediawijsheid")["definition@nl"] += " Aangevuld."

    kinds = changes_after(
        client, lambda: import_edited(app, tmp_path / "d", "begrippenkader.csv", reword)
    )

    assert kinds == {"mediawijsheid": "changed"}


def test_a_new_relation_changes_the_concept_at_its_other_end(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    def relate(rows: Rows) -> None:
        roadmap = row(rows, "roadmap")
        roadmap["related"] = " | ".join(filter(None, [roadmap["related"], "vitalink"]))

    kinds = changes_after(
        client, lambda: import_edited(app, tmp_path / "d", "begrippenkader.csv", relate)
    )

    assert kinds == {"roadmap": "changed", "vitalink": "changed"}
    related = client.get("/api/v1/concepts/vitalink").get_json()["related"]
    assert "roadmap" in {ref["id"] for ref in related}


def test_a_corrected_source_changes_the_concepts_that_cite_it(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    def correct(rows: Rows) -> None:
        row(rows, "faresa-2022")["url"] = "https://example.org/blended-care"

    citing = {
        r["id"]
        for r in client.get("/api/v1/concepts?per_page=100").get_json()["concepts"]
        if any(
            s["id"] == "faresa-2022"
            for s in client.get(f"/api/v1/concepts/{r['id']}").get_json()["sources"]
        )
    }
    assert citing

    kinds = changes_after(
        client, lambda: import_edited(app, tmp_path / "d", "bronnen.csv", correct)
    )

    assert kinds == dict.fromkeys(citing, "changed")
