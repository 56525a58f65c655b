"""Plain-language explanations (NL-SBB uitleg) go through the CSV like every other text:
validated with a located message, stored per language with a review status, and exported
exactly as they came in."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from glossary.importing import FrameworkFiles, FrameworkInvalid, import_framework
from glossary.models import Concept, ConceptExplanation, ExplanationStatus, db
from tests.conftest import BUNDLED_CSV, DATA_DIR, SCHEME_ID

COLUMNS = (
    "id",
    "clusters",
    "pref_label@nl",
    "definition@nl",
    "explanation@nl",
    "explanation_status@nl",
    "pref_label@en",
    "definition@en",
    "explanation@en",
    "explanation_status@en",
)


def _write(folder: Path, rows: list[dict[str, str]]) -> Path:
    folder.mkdir(parents=True)
    for name in ("clusters.csv", "bronnen.csv", "scheme.csv"):
        shutil.copy(DATA_DIR / name, folder / name)
    concepts = folder / "begrippenkader.csv"
    with concepts.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return concepts


def _row(**values: str) -> dict[str, str]:
    return {
        "id": "eerste",
        "clusters": "blended-werken",
        "pref_label@nl": "Eerste",
        "definition@nl": "Een definitie.",
        "pref_label@en": "First",
        "definition@en": "A definition.",
        **values,
    }


def _import(app: Flask, concepts: Path) -> None:
    with app.app_context():
        import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(concepts), source_language="nl"
        )


def _problems(app: Flask, concepts: Path) -> list[str]:
    with pytest.raises(FrameworkInvalid) as raised:
        _import(app, concepts)
    return [str(problem) for problem in raised.value.problems]


def _explanation_cells(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["id"]: {name: value for name, value in row.items() if "explanation" in name}
            for row in csv.DictReader(handle)
        }


def test_the_export_gives_back_the_explanations_exactly(app: Flask, tmp_path: Path) -> None:
    exported = tmp_path / "export" / "begrippenkader.csv"
    result = app.test_cli_runner().invoke(args=["glossary", "export", str(exported)])
    assert result.exit_code == 0, result.output
    assert _explanation_cells(exported) == _explanation_cells(BUNDLED_CSV)
    with exported.open(encoding="utf-8") as handle:
        header = handle.readline()
    assert "editorial_note@nl,explanation@nl,explanation_status@nl,pref_label@en" in header


def test_every_bundled_concept_has_a_draft_explanation_in_dutch_and_english(app: Flask) -> None:
    with app.app_context():
        rows = db.session.execute(select(ConceptExplanation.lang, ConceptExplanation.status)).all()
    assert len(rows) == 84
    assert {lang for lang, _ in rows} == {"nl", "en"}
    assert {status for _, status in rows} == {ExplanationStatus.DRAFT}


def test_an_explanation_without_status_is_a_draft_and_reviewed_is_kept(
    empty_app: Flask, tmp_path: Path
) -> None:
    concepts = _write(
        tmp_path / "data",
        [
            _row(
                **{
                    "explanation@nl": "Gewoon gezegd.",
                    "explanation@en": "Put simply.",
                    "explanation_status@en": "reviewed",
                }
            )
        ],
    )
    _import(empty_app, concepts)
    with empty_app.app_context():
        concept = db.session.scalars(select(Concept)).one()
        assert {e.lang: (e.text, e.status.value) for e in concept.explanations} == {
            "en": ("Put simply.", "reviewed"),
            "nl": ("Gewoon gezegd.", "draft"),
        }


def test_an_unknown_explanation_status_is_refused_with_its_place(
    empty_app: Flask, tmp_path: Path
) -> None:
    concepts = _write(
        tmp_path / "data",
        [_row(**{"explanation@nl": "Gewoon gezegd.", "explanation_status@nl": "klaar"})],
    )
    assert _problems(empty_app, concepts) == [
        f"{concepts}:2: column 6 (explanation_status@nl): unknown explanation status 'klaar' "
        "(allowed: draft, reviewed)"
    ]


def test_a_status_without_an_explanation_is_refused(empty_app: Flask, tmp_path: Path) -> None:
    concepts = _write(tmp_path / "data", [_row(**{"explanation_status@en": "draft"})])
    assert _problems(empty_app, concepts) == [
        f"{concepts}:2: column 10 (explanation_status@en): a status but no explanation@en"
    ]


def test_a_changed_explanation_changes_its_concept_only(app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "edited"
    folder.mkdir()
    for name in ("clusters.csv", "bronnen.csv", "scheme.csv"):
        shutil.copy(DATA_DIR / name, folder / name)
    with BUNDLED_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    for row in rows:
        if row["id"] == "roadmap":
            row["explanation_status@nl"] = "reviewed"
    with (folder / BUNDLED_CSV.name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    result = app.test_cli_runner().invoke(
        args=["glossary", "import", str(folder / BUNDLED_CSV.name)]
    )

    assert result.exit_code == 0, result.output
    assert "1 changed" in result.output
    with app.app_context():
        statuses = {
            (e.concept.slug, e.lang): e.status.value
            for e in db.session.scalars(select(ConceptExplanation))
        }
    assert statuses[("roadmap", "nl")] == "reviewed"
    assert statuses[("roadmap", "en")] == "draft"
