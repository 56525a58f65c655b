"""CSV exports are safe to open in a spreadsheet, and still import back exactly.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel
and LibreOffice (the bundled definitions that open with "= " would run). As OWASP recommends,
the export puts a single quote before such a cell, and the importer takes it off again. Text
that already starts with quotes before such a character ("'=" in the data) gets one more, so
that the quote the importer drops is always the one the export added; Dutch text that starts
with an apostrophe ("'s avonds") is left alone.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.formats.csvfile import FORMULA_START, from_spreadsheet, to_spreadsheet
from tests.serving import Rows, framework_variant
from tests.test_importer import snapshot

EXPORTS = [
    "/export/begrippenkader.csv",
    "/export/clusters.csv",
    "/export/bronnen.csv",
    "/export/scheme.csv",
]
# Texts as stored, each opening with something a spreadsheet or the quote scheme cares about.
AWKWARD_OPENINGS = [
    "= een definitie die met een gelijkteken begint.",
    "+ meer",
    "- een opsomming in Markdown\n- tweede punt",
    "@iedereen",
    "'s avonds en 's morgens",
    "'=al met een aanhalingsteken",
    "''-twee aanhalingstekens",
    "'",
    "gewoon = niet aan het begin",
]


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


@pytest.mark.parametrize("path", EXPORTS)
def test_no_exported_cell_starts_a_formula(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    starting_a_formula = [
        c for c in cells(response.get_data(as_text=True)) if FORMULA_START.match(c)
    ]
    assert starting_a_formula == []


def test_the_bundled_definitions_that_open_with_an_equals_sign_are_quoted(
    client: FlaskClient,
) -> None:
    exported = cells(client.get("/export/begrippenkader.csv").get_data(as_text=True))
    assert sum(cell.startswith("'= ") for cell in exported) >= 20


@pytest.mark.parametrize("text", AWKWARD_OPENINGS)
def test_a_cell_survives_the_way_to_the_spreadsheet_and_back(text: str) -> None:
    assert from_spreadsheet(to_spreadsheet(text)) == text
    assert not FORMULA_START.match(to_spreadsheet(text))


def test_an_apostrophe_before_ordinary_text_is_left_alone() -> None:
    assert to_spreadsheet("'s avonds") == "'s avonds"
    assert from_spreadsheet("'s avonds") == "'s avonds"


def with_awkward_texts(rows: Rows) -> Rows:
    """Definitions and scope notes that open awkwardly, written the way the export writes them."""
    for row, text in zip(rows, AWKWARD_OPENINGS, strict=False):
        row["scope_note@nl"] = to_spreadsheet(text)
        row["example@en"] = to_spreadsheet(text)
    return rows


def test_export_import_export_is_exact_with_awkward_texts(
    app: Flask, empty_app: Flask, tmp_path: Path
) -> None:
    variant = framework_variant(tmp_path / "variant", with_awkward_texts)
    first = tmp_path / "first" / "begrippenkader.csv"
    second = tmp_path / "second" / "begrippenkader.csv"

    imported = app.test_cli_runner().invoke(args=["glossary", "import", str(variant)])
    exported = app.test_cli_runner().invoke(args=["glossary", "export", str(first)])
    into_empty = empty_app.test_cli_runner().invoke(args=["glossary", "import", str(first)])
    reexported = empty_app.test_cli_runner().invoke(args=["glossary", "export", str(second)])

    outputs = imported.output + exported.output + into_empty.output + reexported.output
    assert imported.exit_code == exported.exit_code == 0, outputs
    assert into_empty.exit_code == reexported.exit_code == 0, outputs
    for name in ("begrippenkader.csv", "clusters.csv", "bronnen.csv", "scheme.csv"):
        assert (first.parent / name).read_bytes() == (second.parent / name).read_bytes(), name
        assert not any(FORMULA_START.match(c) for c in cells((first.parent / name).read_text()))
    assert snapshot(app)[1] == snapshot(empty_app)[1]
    stored_notes = {
        text
        for record in snapshot(empty_app)[1][0].concepts
        for (kind, lang), text in record.notes.items()
        if (kind, lang) in (("scope_note", "nl"), ("example", "en"))
    }
    assert {text.strip() for text in AWKWARD_OPENINGS} <= stored_notes
