"""The search index on disk: `flask glossary reindex`, and healing from every kind of damage.

The index is derived from the database; whatever happens to its folder (deleted, a file
truncated, the pointer overwritten, left behind by an import), the next search rebuilds or
refreshes it and answers from the data. A killed builder is tested in tests/test_faults.py,
the rebuild at gunicorn start in tests/test_production_health.py.
"""

from __future__ import annotations

import csv
import io
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from glossary.search import ranking
from glossary.search.index_store import BUILD_PREFIX, POINTER, VERSION_PREFIX, IndexStore
from tests import search_helpers as search
from tests.conftest import BUNDLED_CSV, SCHEME_ID
from tests.search_helpers import forget_opened, index_state, open_index, store
from tests.serving import wait_until

NEW_SLUG = "indexproefbegrip"
NEW_WORD = "indexproefbegrip"
# A word of the bundled framework and the concept it finds first.
KNOWN_QUERY, KNOWN_SLUG = "mediawijsheid", "mediawijsheid"
BACKGROUND_SECONDS = 60


def framework_with_a_new_concept(folder: Path) -> Path:
    """The bundled framework plus one concept whose label is found nowhere else."""
    folder.mkdir()
    for companion in ("clusters.csv", "bronnen.csv"):
        (folder / companion).write_bytes((BUNDLED_CSV.parent / companion).read_bytes())
    reader = csv.DictReader(io.StringIO(BUNDLED_CSV.read_text(encoding="utf-8"), newline=""))
    rows = list(reader)
    new = dict.fromkeys(reader.fieldnames or [], "")
    new.update(
        {
            "id": NEW_SLUG,
            "clusters": rows[0]["clusters"],
            "status": rows[0]["status"],
            "pref_label@nl": "Indexproefbegrip",
            "definition@nl": "Een begrip dat alleen bestaat om de index te toetsen.",
        }
    )
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, new])
    path = folder / BUNDLED_CSV.name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def import_directly(path: Path) -> int:
    """Import `path` through the service (as a second host would), not the CLI; the revision."""
    _, revision = import_framework(
        db.session, SCHEME_ID, FrameworkFiles.beside(path), source_language="nl"
    )
    assert revision is not None
    return revision.number


def found(query: str) -> list[str]:
    return [hit.id for hit in search.search(query, "nl").results]


def versions(root: Path) -> list[str]:
    return sorted(path.name for path in root.glob(f"{VERSION_PREFIX}*") if path.is_dir())


def builds(root: Path) -> list[str]:
    return sorted(path.name for path in root.glob(f"{BUILD_PREFIX}*"))


@pytest.fixture
def index_root(app: Flask) -> Path:
    return Path(app.config["GLOSSARY_INDEX_DIR"])


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


# --- flask glossary reindex ----------------------------------------------------------------


def test_reindex_builds_a_new_version_and_says_so(runner: FlaskCliRunner, index_root: Path) -> None:
    first = runner.invoke(args=["glossary", "reindex"])
    assert first.exit_code == 0, first.output
    assert "search index built (requested): revision 1" in first.output
    again = runner.invoke(args=["glossary", "reindex"])
    assert again.exit_code == 0, again.output
    assert "search index built (requested): revision 1" in again.output
    assert len(versions(index_root)) == 2
    assert (index_root / POINTER).read_text().strip() == versions(index_root)[-1]


def test_reindex_if_stale_twice_builds_once(runner: FlaskCliRunner, index_root: Path) -> None:
    first = runner.invoke(args=["glossary", "reindex", "--if-stale"])
    assert first.exit_code == 0, first.output
    assert "search index built (missing or damaged): revision 1" in first.output
    second = runner.invoke(args=["glossary", "reindex", "--if-stale"])
    assert second.exit_code == 0, second.output
    assert "search index is current: revision 1" in second.output
    assert len(versions(index_root)) == 1


def test_an_import_moves_the_revision_and_search_finds_the_new_concept(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(args=["glossary", "reindex", "--if-stale"]).exit_code == 0
    changed = framework_with_a_new_concept(tmp_path / "changed")
    result = runner.invoke(args=["glossary", "import", str(changed)])
    assert result.exit_code == 0, result.output
    assert "data revision is now 2" in result.output
    # One concept added: this host's index is updated, not rebuilt (test_search_incremental.py).
    assert "search index updated incrementally (1 concept): revision 2" in result.output
    with app.app_context():
        assert found(NEW_WORD)[0] == NEW_SLUG
        assert index_state().ready


# --- damage --------------------------------------------------------------------------------


def test_a_deleted_index_folder_is_rebuilt_by_the_next_search(
    context: None, index_root: Path
) -> None:
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    shutil.rmtree(index_root)
    forget_opened()  # as a worker started after the deletion
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    assert store().current() is not None
    assert index_state().ready


def test_a_deleted_index_folder_under_an_open_index_is_noticed(
    context: None, index_root: Path
) -> None:
    """The pointer is gone, so the process reopens; the next search rebuilds and answers."""
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    shutil.rmtree(index_root)
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    assert len(versions(index_root)) == 1


def largest_file(folder: Path) -> Path:
    segments = list(folder.glob("*.seg"))
    return max(
        segments or [path for path in folder.iterdir() if path.is_file()],
        key=lambda path: path.stat().st_size,
    )


def test_a_truncated_segment_is_noticed_and_rebuilt(context: None, index_root: Path) -> None:
    built = search.ensure_current_index()
    damaged = Path(built.path)
    segment = largest_file(damaged)
    with segment.open("r+b") as stream:
        stream.truncate(segment.stat().st_size // 2)
    assert store().current() is None  # the manifest check notices

    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    current = store().current()
    assert current is not None and current.path != damaged
    assert index_state().ready


def test_a_deleted_segment_file_is_noticed_and_rebuilt(context: None, index_root: Path) -> None:
    built = search.ensure_current_index()
    damaged = Path(built.path)
    largest_file(damaged).unlink()
    assert store().current() is None  # the manifest lists a file that is gone

    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    current = store().current()
    assert current is not None and current.path != damaged
    assert index_state().ready


def test_a_segment_cut_short_under_an_open_index_still_answers_from_what_was_read(
    context: None, index_root: Path
) -> None:
    """An opened version's files are read whole when opened: damage after that cannot
    reach the process that holds them."""
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    damaged = Path(search.ensure_current_index().path)
    for segment in damaged.glob("*.seg"):
        with segment.open("r+b") as stream:
            stream.truncate(4096)

    assert found("digitale hulpverlening")  # a new query: not answered from the cache


def test_a_segment_cut_short_under_an_open_index_is_rebuilt_by_the_next_process(
    context: None, index_root: Path
) -> None:
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    damaged = Path(search.ensure_current_index().path)
    for segment in damaged.glob("*.seg"):
        with segment.open("r+b") as stream:
            stream.truncate(4096)
    forget_opened()  # as a worker started after the damage

    assert found("digitale hulpverlening")
    current = store().current()
    assert current is not None and current.path != damaged
    assert index_state().ready


def test_a_truncated_segment_is_reported_by_reindex_if_stale(
    runner: FlaskCliRunner, index_root: Path
) -> None:
    assert runner.invoke(args=["glossary", "reindex", "--if-stale"]).exit_code == 0
    [name] = versions(index_root)
    segment = largest_file(index_root / name)
    segment.write_bytes(segment.read_bytes()[:100])
    result = runner.invoke(args=["glossary", "reindex", "--if-stale"])
    assert result.exit_code == 0, result.output
    assert "search index built (missing or damaged): revision 1" in result.output


@pytest.mark.parametrize(
    "pointer",
    [b"\xff\xfe\x00garbage", b"r000001-does-not-exist\n", b"../../etc\n", b""],
    ids=["binary", "missing-version", "escape", "empty"],
)
def test_a_garbage_pointer_is_rebuilt(context: None, index_root: Path, pointer: bytes) -> None:
    search.ensure_current_index()
    (index_root / POINTER).write_bytes(pointer)
    forget_opened()
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    assert store().current() is not None
    assert index_state().ready


def test_a_manifest_of_another_format_is_rebuilt(context: None, index_root: Path) -> None:
    built = search.ensure_current_index()
    manifest = Path(built.path) / "MANIFEST.json"
    manifest.write_text(manifest.read_text().replace('"format": ', '"format": 1000'))
    forget_opened()
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    assert Path(built.path) != store().current().path  # type: ignore[union-attr]


# --- staleness -----------------------------------------------------------------------------


def test_a_stale_small_index_is_rebuilt_within_the_next_search(
    context: None, index_root: Path, tmp_path: Path
) -> None:
    assert NEW_SLUG not in found(NEW_WORD)
    revision = import_directly(framework_with_a_new_concept(tmp_path / "changed"))
    assert store().current().revision == revision - 1  # type: ignore[union-attr]
    assert found(NEW_WORD)[0] == NEW_SLUG
    assert index_state().index_revision == revision


def test_a_stale_large_index_is_served_while_a_background_thread_rebuilds(
    app: Flask, context: None, index_root: Path, tmp_path: Path
) -> None:
    app.config["GLOSSARY_INDEX_INLINE_LIMIT"] = 0
    # A change an update cannot take (more concepts than the limit): a full build is needed.
    app.config["GLOSSARY_INDEX_UPDATE_LIMIT"] = 0
    assert NEW_SLUG not in found(NEW_WORD)
    old = store().current_name()
    revision = import_directly(framework_with_a_new_concept(tmp_path / "changed"))

    # The stale version answers at once; the rebuild runs beside it.
    assert NEW_SLUG not in found(NEW_WORD)
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG
    assert wait_until(lambda: NEW_SLUG in found(NEW_WORD), BACKGROUND_SECONDS)
    assert store().current_name() != old
    assert index_state().index_revision == revision


# --- builders ------------------------------------------------------------------------------


def test_concurrent_builders_build_one_version_and_both_succeed(
    app: Flask, index_root: Path
) -> None:
    start = threading.Barrier(2)
    reports: list[search.IndexReport] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            with app.app_context():
                start.wait(timeout=30)
                reports.append(search.ensure_current_index())
                db.session.remove()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(reports) == 2
    assert sorted(report.built for report in reports) == [False, True]
    assert {report.path for report in reports} == {str(index_root / versions(index_root)[0])}
    assert len(versions(index_root)) == 1
    assert builds(index_root) == []


def test_a_builder_removes_builds_abandoned_by_dead_builders(
    context: None, index_root: Path
) -> None:
    search.ensure_current_index()
    abandoned = index_root / f"{BUILD_PREFIX}0123456789abcdef"
    abandoned.mkdir()
    (abandoned / "half-written.seg").write_bytes(b"\0" * 1000)
    search.rebuild_index()
    assert builds(index_root) == []
    assert found(KNOWN_QUERY)[0] == KNOWN_SLUG


def test_an_index_store_in_a_missing_folder_has_no_current_version(tmp_path: Path) -> None:
    assert IndexStore(tmp_path / "nowhere").current() is None


# --- bugs are not damage -------------------------------------------------------------------


def test_a_bug_in_ranking_answers_500_and_keeps_the_index(
    app: Flask, index_root: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Only damage drops an index: any other error is a bug, logged and answered 500."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    assert client.get("/api/v1/search", query_string={"q": KNOWN_QUERY}).status_code == 200
    with app.test_request_context():
        opened = open_index()
    version = store_name(index_root)

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug in ranking")

    monkeypatch.setattr(ranking, "present_hit", broken)
    response = client.get("/api/v1/search", query_string={"q": "digitale hulpverlening"})

    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert "a bug in ranking" not in response.get_data(as_text=True)
    assert any(
        record.exc_info and record.exc_info[0] is ZeroDivisionError for record in caplog.records
    )
    with app.test_request_context():
        assert open_index() is opened  # the opened version was not dropped
    assert store_name(index_root) == version  # nor rebuilt
    assert len(versions(index_root)) == 1


def store_name(root: Path) -> str | None:
    return IndexStore(root).current_name()
