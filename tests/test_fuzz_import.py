"""Bad input at scale: mutated editor files never crash the importer.

Every mutation of the bundled files either imports or is rejected with FrameworkInvalid
(located problems); a rejected file leaves the database exactly as it was.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.importing import FrameworkFiles, FrameworkInvalid, import_framework
from glossary.models import db
from tests.conftest import BUNDLED_CSV, DATA_DIR, SCHEME_ID
from tests.dbstate import database_snapshot

FILES = ("begrippenkader.csv", "clusters.csv", "bronnen.csv")
ORIGINALS = {name: (DATA_DIR / name).read_bytes() for name in FILES}
# What editors and spreadsheets put in cells, plus the CSV syntax that can break parsing.
NASTY_TEXT = st.text(
    alphabet=st.sampled_from(list(';,"\n\r\t |@#-_.éëñ€—ß\u00a0\u200b\ufeffabcXYZ019')),
    max_size=40,
)


@st.composite
def mutated_bytes(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` after one to four edits of the kinds editors and broken tools make."""
    data = original
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["splice", "drop_line", "repeat_line", "bytes", "cut"]))
        lines = data.split(b"\n")
        if kind == "splice":
            start = draw(st.integers(0, len(data)))
            end = draw(st.integers(start, min(len(data), start + 200)))
            data = data[:start] + draw(NASTY_TEXT).encode() + data[end:]
        elif kind == "drop_line":
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = b"\n".join(lines)
        elif kind == "repeat_line":
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(draw(st.integers(0, len(lines))), lines[index])
            data = b"\n".join(lines)
        elif kind == "bytes":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        else:
            data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def damaged_framework(draw: st.DrawFn) -> dict[str, bytes]:
    """The three bundled files, one of them damaged (mostly the concepts file)."""
    target = draw(st.sampled_from(FILES[:1] * 4 + FILES[1:]))
    files = dict(ORIGINALS)
    files[target] = draw(mutated_bytes(ORIGINALS[target]))
    return files


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=damaged_framework())
def test_damaged_files_import_or_are_rejected_leaving_the_database_unchanged(
    app: Flask, files: dict[str, bytes]
) -> None:
    with tempfile.TemporaryDirectory() as folder, app.app_context():
        for name, content in files.items():
            (Path(folder) / name).write_bytes(content)
        before = database_snapshot(db.session)
        try:
            import_framework(
                db.session,
                SCHEME_ID,
                FrameworkFiles.beside(Path(folder) / BUNDLED_CSV.name),
                source_language="nl",
            )
        except FrameworkInvalid as invalid:
            assert invalid.problems
            db.session.rollback()
            assert database_snapshot(db.session) == before
        finally:
            db.session.remove()
