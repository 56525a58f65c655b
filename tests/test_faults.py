"""Faults: a process killed mid-import or mid-reindex, an unreachable database.

The kill tests run the real `flask glossary import` against PostgreSQL and kill -9 it while
its transaction holds uncommitted writes (seen in pg_stat_activity), or after it committed
while it builds the host's index (a `build-` folder exists), and the real
`flask glossary reindex` while its version is being written. Each checks that the kill
really landed there: killed by SIGKILL, and the revision (or the index) not yet moved on.
Damaged and deleted index folders are in tests/test_search_index.py.
"""

from __future__ import annotations

import csv
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from glossary.models import db
from glossary.paths import PROJECT_ROOT
from glossary.search.index_store import BUILD_PREFIX, IndexStore
from tests import search_helpers as search
from tests.conftest import PostgresServer, make_app
from tests.serving import (
    FLASK,
    Rows,
    app_environment,
    framework_variant,
    get_json,
    gunicorn,
    run_flask,
)

UNREACHABLE_POSTGRES = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"


@pytest.fixture
def pg_filled(pg_server: PostgresServer, pg_templates: dict[str, str]) -> Iterator[str]:
    """The name of a private PostgreSQL database holding the bundled framework."""
    name = pg_server.create(template=pg_templates["filled"])
    yield name
    pg_server.drop(name)


CHANGE_MARK = "Gewijzigd bij de storingstest."
# How long a killed client's transaction may take to disappear from the server.
ABORT_SECONDS = 10


def with_changed_definitions(rows: Rows) -> Rows:
    """Every Dutch definition changed: an import that writes to every concept."""
    return [{**row, "definition@nl": f"{row['definition@nl']}\n\n{CHANGE_MARK}"} for row in rows]


def framework_state(server: PostgresServer, name: str) -> tuple[int, int]:
    """(data revision, number of changed definitions) of database `name`."""
    url = server.url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(url) as connection:
        revision = connection.execute("SELECT revision FROM data_revision").fetchone()
        changed = connection.execute(
            "SELECT count(*) FROM note WHERE text LIKE %s", (f"%{CHANGE_MARK}%",)
        ).fetchone()
    return (revision[0] if revision else 0, changed[0] if changed else 0)


def writing_transaction_open(server: PostgresServer, name: str) -> bool:
    with psycopg.connect(server.url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL",
            (name,),
        ).fetchone()
    return bool(row and row[0])


def start_import(env: dict[str, str], framework: Path) -> subprocess.Popen:
    """`flask glossary import` in the background; its output in a file beside the framework."""
    with (framework.parent / "import.log").open("w") as log:
        return subprocess.Popen(
            [*FLASK, "glossary", "import", str(framework)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def kill_when(process: subprocess.Popen, moment: Callable[[], bool], what: str) -> None:
    """SIGKILL `process` as soon as `moment()` holds, failing if it never does in time."""
    deadline = time.monotonic() + 60
    while not moment():
        assert process.poll() is None, f"the process ended before {what}: {process.args}"
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, f"the process was not killed by SIGKILL ({what})"


def kill_import_while_it_writes(
    server: PostgresServer, name: str, env: dict[str, str], framework: Path
) -> int:
    """Run an import and kill -9 it with its transaction open; the revision it left."""
    old_revision, _ = framework_state(server, name)
    process = start_import(env, framework)
    kill_when(process, lambda: writing_transaction_open(server, name), "the import writing")
    # The server notices the dead client and aborts its transaction.
    deadline = time.monotonic() + ABORT_SECONDS
    while writing_transaction_open(server, name):
        assert time.monotonic() < deadline, "the killed import's transaction stayed open"
        time.sleep(0.05)
    revision, _ = framework_state(server, name)
    assert revision == old_revision, "the import committed before the kill: it missed"
    return revision


def test_kill_9_during_an_import_leaves_the_old_framework(
    pg_server: PostgresServer, pg_filled: str, tmp_path: Path
) -> None:
    changed = framework_variant(tmp_path / "changed", with_changed_definitions)
    env = app_environment(pg_server.database_url(pg_filled), tmp_path / "instance")
    old_revision, _ = framework_state(pg_server, pg_filled)

    kill_import_while_it_writes(pg_server, pg_filled, env, changed)

    assert framework_state(pg_server, pg_filled) == (old_revision, 0)


def test_an_import_after_a_killed_one_completes(
    pg_server: PostgresServer, pg_filled: str, tmp_path: Path
) -> None:
    changed = framework_variant(tmp_path / "changed", with_changed_definitions)
    env = app_environment(pg_server.database_url(pg_filled), tmp_path / "instance")
    old_revision = kill_import_while_it_writes(pg_server, pg_filled, env, changed)

    again = run_flask(env, "glossary", "import", str(changed))
    assert again.returncode == 0, again.stderr
    revision, changed_definitions = framework_state(pg_server, pg_filled)
    assert revision == old_revision + 1
    assert changed_definitions == len(framework_rows(changed))  # one per concept


def test_kill_9_between_an_import_commit_and_its_index_build_is_caught_up_at_start(
    pg_server: PostgresServer, pg_filled: str, tmp_path: Path
) -> None:
    url = pg_server.database_url(pg_filled)
    instance = tmp_path / "instance"
    env = app_environment(url, instance)
    root = instance / "search-index"
    assert run_flask(env, "glossary", "reindex", "--if-stale").returncode == 0
    old_revision, _ = framework_state(pg_server, pg_filled)
    changed = framework_variant(tmp_path / "changed", with_changed_definitions)

    # The import command commits, then builds this host's index: kill it in between.
    process = start_import(env, changed)
    kill_when(process, lambda: any(root.glob(f"{BUILD_PREFIX}*")), "the index being built")
    current = IndexStore(root).current()
    assert current is not None and current.revision == old_revision, "the build had finished"
    assert framework_state(pg_server, pg_filled)[0] == old_revision + 1

    with gunicorn(env, workers=1, log=tmp_path / "gunicorn.log") as base:
        # Only /healthz has been asked so far: the master's start-up check rebuilt it.
        current = IndexStore(root).current()
        assert current is not None and current.revision == old_revision + 1
        status, body = get_json(f"{base}/readyz")
        assert status == 200, body
        assert body["index_revision"] == old_revision + 1
        status, body = get_json(f"{base}/api/v1/search?q=storingstest")
        assert status == 200 and body["results"], body


def framework_rows(concepts_file: Path) -> Rows:
    with concepts_file.open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


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
    kill_when(process, lambda: any(root.glob(f"{BUILD_PREFIX}*")), "the reindex building")

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
