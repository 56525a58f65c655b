"""Search finds terms in people's own words, through the plain-language explanations.

The explanation is a field of its own that weighs less than the definition (search.
EXPLANATION_BOOST), so definitions keep their place; tests/test_search_eval.py guards the
overall quality.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from flask import Flask

from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from tests import search_helpers as search
from tests.conftest import BUNDLED_CSV, DATA_DIR, SCHEME_ID

EVERYDAY_QUERIES = [
    ("hulp via chat", "online-communicatie"),
    ("je gegevens online bewaren", "digitale-kluis"),
]


def first_three(app: Flask, query: str) -> list[str]:
    with app.app_context():
        return [hit.id for hit in search.search(query, "nl", limit=3).results]


@pytest.mark.parametrize(("query", "concept"), EVERYDAY_QUERIES)
def test_an_everyday_query_finds_the_concept(app: Flask, query: str, concept: str) -> None:
    assert concept in first_three(app, query)


def _without_explanations(folder: Path) -> Path:
    folder.mkdir()
    for name in ("clusters.csv", "bronnen.csv", "scheme.csv"):
        shutil.copy(DATA_DIR / name, folder / name)
    with BUNDLED_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [name for name in reader.fieldnames or [] if "explanation" not in name]
        rows = [{name: row[name] for name in columns} for row in reader]
    concepts = folder / BUNDLED_CSV.name
    with concepts.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return concepts


@pytest.mark.parametrize(("query", "concept"), EVERYDAY_QUERIES)
def test_it_is_the_explanation_that_finds_it(
    empty_app: Flask, tmp_path: Path, query: str, concept: str
) -> None:
    concepts = _without_explanations(tmp_path / "data")
    with empty_app.app_context():
        import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(concepts), source_language="nl"
        )
    assert concept not in first_three(empty_app, query)
