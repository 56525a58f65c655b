"""Small frameworks written at test time, for page behaviour the bundled data cannot show.

The clusters, sources and scheme files are the bundled ones; only the concepts are the test's.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Sequence
from pathlib import Path

from flask import Flask

from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from tests.conftest import DATA_DIR, SCHEME_ID

COLUMNS = (
    "id",
    "clusters",
    "pref_label@nl",
    "alt_labels@nl",
    "definition@nl",
    "pref_label@en",
    "alt_labels@en",
    "definition@en",
)


def import_concepts(
    app: Flask, folder: Path, rows: Sequence[dict[str, str]], columns: Sequence[str] = COLUMNS
) -> None:
    """Write `rows` (keys from `columns`) as a concepts file beside the bundled files; import
    it."""
    folder.mkdir(parents=True)
    for name in ("clusters.csv", "bronnen.csv", "scheme.csv"):
        shutil.copy(DATA_DIR / name, folder / name)
    concepts = folder / "begrippenkader.csv"
    with concepts.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    with app.app_context():
        import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(concepts), source_language="nl"
        )
