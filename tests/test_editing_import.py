"""Imports and the history: a direct import is recorded as a publication like any other, and
`flask glossary import FILE --as-draft` turns a CSV into drafts for review instead."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner

from glossary.accounts.models import Role
from glossary.data_revision import read_revision
from glossary.editing import drafts, history
from glossary.editing.models import DraftStatus
from glossary.models import db
from tests.accounts import add_user
from tests.conftest import DATA_DIR, SCHEME_ID

SLUG = "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
NEW_DEFINITION = "= een nieuwe omschrijving uit een bestand."


def changed_copy(folder: Path, **changes: str) -> Path:
    """The bundled CSV file set in `folder`, with fields of SLUG's row changed."""
    for name in ("begrippenkader.csv", "clusters.csv", "bronnen.csv", "scheme.csv"):
        shutil.copy(DATA_DIR / name, folder / name)
    path = folder / "begrippenkader.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    for row in rows:
        if row["id"] == SLUG:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def published_definition(app: Flask) -> str:
    with app.app_context():
        return drafts.stored_record(db.session(), SCHEME_ID, SLUG).notes[("definition", "nl")]


def test_a_direct_import_is_recorded_as_the_next_version(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = changed_copy(tmp_path, **{"definition@nl": NEW_DEFINITION})
    result = runner.invoke(args=["glossary", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        found = history.versions(db.session(), SCHEME_ID, SLUG)
        revision = read_revision(db.session()).number
    assert [(v.version, v.change_note, v.revision) for v in found] == [
        (1, "import", revision - 1),
        (2, "import", revision),
    ]
    assert found[1].record.notes[("definition", "nl")] == NEW_DEFINITION


def test_an_import_that_changes_nothing_records_no_version(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["glossary", "import", str(DATA_DIR / "begrippenkader.csv")])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert [v.version for v in history.versions(db.session(), SCHEME_ID, SLUG)] == [1]


def test_as_draft_turns_the_changed_concepts_into_drafts_and_publishes_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    add_user(app, "ed@example.org", Role.EDITOR)
    path = changed_copy(tmp_path, **{"definition@nl": NEW_DEFINITION})
    with app.app_context():
        revision = read_revision(db.session()).number
    before = published_definition(app)
    result = runner.invoke(
        args=["glossary", "import", str(path), "--as-draft", "--author", "ed@example.org"]
    )
    assert result.exit_code == 0, result.output
    assert f"draft {SLUG}" in result.output
    assert "1 draft(s) written" in result.output
    assert published_definition(app) == before
    with app.app_context():
        assert read_revision(db.session()).number == revision
        draft = drafts.find_draft(db.session(), SCHEME_ID, SLUG)
    assert draft is not None
    assert (draft.status, draft.author, draft.base_version) == (
        DraftStatus.DRAFT,
        "ed@example.org",
        1,
    )
    assert draft.record.notes[("definition", "nl")] == NEW_DEFINITION
    assert draft.change_note == "import begrippenkader.csv"


def test_as_draft_dry_run_writes_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = changed_copy(tmp_path, **{"definition@nl": NEW_DEFINITION})
    result = runner.invoke(args=["glossary", "import", str(path), "--as-draft", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"would draft: {SLUG}" in result.output
    with app.app_context():
        assert drafts.find_draft(db.session(), SCHEME_ID, SLUG) is None


def test_as_draft_refuses_a_file_with_problems_and_writes_no_draft(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = changed_copy(tmp_path, related="no-such-concept")
    result = runner.invoke(args=["glossary", "import", str(path), "--as-draft"])
    assert result.exit_code == 1
    assert "no-such-concept" in result.output
    assert "no draft was written" in result.output
    with app.app_context():
        assert drafts.find_draft(db.session(), SCHEME_ID, SLUG) is None


def test_as_draft_refuses_to_prune(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = changed_copy(tmp_path)
    result = runner.invoke(args=["glossary", "import", str(path), "--as-draft", "--prune"])
    assert result.exit_code == 1
    assert "--prune" in result.output


def test_as_draft_for_an_unknown_author_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = changed_copy(tmp_path, **{"definition@nl": NEW_DEFINITION})
    result = runner.invoke(
        args=["glossary", "import", str(path), "--as-draft", "--author", "nobody@example.org"]
    )
    assert result.exit_code == 1
    assert "nobody@example.org" in result.output
