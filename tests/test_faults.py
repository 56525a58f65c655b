"""Faults: a process killed mid-import or mid-reindex, an unreachable database.

The kill tests run the real `flask glossary import` against PostgreSQL and kill -9 it while
its transaction holds uncommitted writes (seen in pg_stat_activity), and the real
`flask glossary reindex` while its version is being written (a `build-` folder exists).
Damaged and deleted index folders are in tests/test_search_index.py.
"""

from __future__ import annotations

import csv
import io
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from glossary.config import PROJECT_ROOT
from glossary.models import db
from glossary.services import search
from glossary.services.index_store import BUILD_PREFIX, IndexStore
from tests.conftest import BUNDLED_CSV, PostgresServer, make_app
from tests.serving import FLASK, app_environment, run_flask

UNREACHABLE_POSTGRES = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"


@pytest.fixture
def pg_filled(pg_server: PostgresServer, pg_templates: dict[str, str]) -> Iterator[str]:
    """The name of a private PostgreSQL database holding the bundled framework."""
    name = pg_server.create(template=pg_templates["filled"])
    yield name
    pg_server.drop(name)


def write_changed_framework(folder: Path) -> Path:
    """The bundled framework with every Dutch definition changed: a long import."""
    folder.mkdir()
    for companion in ("clusters.csv", "bronnen.csv"):
        (folder / companion).write_bytes((BUNDLED_CSV.parent / companion).read_bytes())
    reader = csv.DictReader(io.StringIO(BUNDLED_CSV.read_text(encoding="utf-8"), newline=""))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    for row in reader:
        row["definition@nl"] += "\n\nGewijzigd bij de storingstest."
        writer.writerow(row)
    path = folder / "begrippenkader.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def framework_state(server: PostgresServer, name: str) -> tuple[int, int]:
    """(data revision, number of changed definitions) of database `name`."""
    url = server.url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(url) as connection:
        revision = connection.execute("SELECT revision FROM data_revision").fetchone()
        changed = connection.execute(
            "SELECT count(*) FROM note WHERE text LIKE %s", ("%storingstest%",)
        ).fetchone()
    return (revision[0] if revision else 0, changed[0] if changed else 0)


def writing_transaction_open(server: PostgresServer, name: str) -> bool:
    with psycopg.connect(server.url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL",
            (name,),
        ).fetchone()
    return bool(row and row[0])


def test_kill_9_during_an_import_leaves_the_old_framework(
    pg_server: PostgresServer, pg_filled: str, tmp_path: Path
) -> None:
    changed = write_changed_framework(tmp_path / "changed")
    env = app_environment(pg_server.database_url(pg_filled), tmp_path / "instance")
    old_revision, _ = framework_state(pg_server, pg_filled)
    process = subprocess.Popen(
        [*FLASK, "glossary", "import", str(changed)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not writing_transaction_open(pg_server, pg_filled) and process.poll() is None:
        assert time.monotonic() < deadline, "the import never started writing"
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    time.sleep(0.5)  # the server notices the dead client and aborts its transaction

    assert framework_state(pg_server, pg_filled) == (old_revision, 0)


def test_an_import_after_a_killed_one_completes(
    pg_server: PostgresServer, pg_filled: str, tmp_path: Path
) -> None:
    changed = write_changed_framework(tmp_path / "changed")
    env = app_environment(pg_server.database_url(pg_filled), tmp_path / "instance")
    old_revision, _ = framework_state(pg_server, pg_filled)
    process = subprocess.Popen(
        [*FLASK, "glossary", "import", str(changed)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while not writing_transaction_open(pg_server, pg_filled) and process.poll() is None:
        pass
    process.kill()
    process.wait()

    again = subprocess.run(
        [*FLASK, "glossary", "import", str(changed)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    revision, changed_definitions = framework_state(pg_server, pg_filled)
    assert revision == old_revision + 1
    assert changed_definitions > 40


def test_kill_9_during_a_reindex_keeps_the_old_version_serving(
    pg_server: PostgresServer, pg_filled: str, tmp_path: Path
) -> None:
    url = pg_server.database_url(pg_filled)
    instance = tmp_path / "instance"
    env = app_environment(url, instance)
    root = instance / "search-index"
    first = run_flask(env, "glossary", "reindex", "--if-stale")
    assert first.returncode == 0, first.stderr
    index_store = IndexStore(root)
    old = index_store.current_name()
    assert old is not None

    process = subprocess.Popen(
        [*FLASK, "glossary", "reindex"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not any(root.glob(f"{BUILD_PREFIX}*")):
        assert process.poll() is None, "the reindex ended before it was seen building"
        assert time.monotonic() < deadline, "the reindex never started building"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL

    # The pointer still names the old, complete version; the half build is left aside.
    assert any(root.glob(f"{BUILD_PREFIX}*"))
    current = index_store.current()
    assert current is not None and current.name == old
    app = make_app(instance, SQLALCHEMY_DATABASE_URI=url, GLOSSARY_INDEX_DIR=str(root))
    with app.app_context():
        assert search.search("mediawijsheid", "nl").results[0].id == "mediawijsheid"
        assert search.index_state().ready
        assert index_store.current_name() == old  # served as it was, nothing rebuilt

        # The lock died with the builder: the next build runs and clears the leftover.
        again = run_flask(env, "glossary", "reindex")
        assert again.returncode == 0, again.stderr
        assert not any(root.glob(f"{BUILD_PREFIX}*"))
        assert index_store.current_name() != old
        assert search.search("mediawijsheid", "nl").results[0].id == "mediawijsheid"
        db.engine.dispose()


def test_pages_answer_503_with_a_friendly_page_when_the_database_is_unreachable(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=UNREACHABLE_POSTGRES, TESTING=False)
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert "Traceback" not in response.get_data(as_text=True)


def test_the_api_answers_503_problem_json_when_the_database_is_unreachable(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=UNREACHABLE_POSTGRES, TESTING=False)
    response = app.test_client().get("/api/v1/concepts")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
