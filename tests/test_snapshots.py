"""One revision per answer, and readers that never wait for a writer (SQLite and PostgreSQL).

Every request reads inside one transaction with one snapshot: an import that commits while a
request runs shows in the next request, never in half of this one. On SQLite the write-ahead
log lets readers go on reading while an import holds the write lock.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from glossary import database
from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from tests.conftest import SCHEME_ID
from tests.serving import Rows, framework_variant

MARK = " Gewijzigd tijdens het lezen."


def with_changed_definitions(rows: Rows) -> Rows:
    return [{**row, "definition@nl": row["definition@nl"] + MARK} for row in rows]


def start_import(app: Flask, framework: Path) -> tuple[threading.Thread, list[BaseException]]:
    """Import `framework` in a thread, on a connection of its own as another process would;
    the list receives the error it fails with, if any."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context():
                import_framework(db.session, SCHEME_ID, FrameworkFiles.beside(framework), "nl")
        except BaseException as error:  # reported in the test's thread
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failures


def import_in_another_thread(app: Flask, framework: Path) -> None:
    """Import `framework` on a connection of its own, as another worker would, and commit."""
    thread, failures = start_import(app, framework)
    thread.join(timeout=60)
    assert not thread.is_alive(), "the import did not finish"
    assert not failures, failures


@contextmanager
def import_after_the_first_query(app: Flask, framework: Path) -> Iterator[list[str]]:
    """While the block runs, the first request that reads has an import committed after its
    first query (before its second): the request has begun reading, the import lands."""
    with app.app_context():
        engine = db.engine
    reader = threading.get_ident()
    queries: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if threading.get_ident() != reader or not statement.lstrip().upper().startswith("SELECT"):
            return
        queries.append(statement)
        if len(queries) == 2:
            import_in_another_thread(app, framework)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield queries
    finally:
        event.remove(engine, "before_cursor_execute", before)


def revision_of(etag: str) -> str:
    """The `r<revision>` part of an ETag."""
    return etag.strip('W/"').split("-")[0]


@pytest.mark.parametrize(
    "url", ["/api/v1/concepts?per_page=100&lang=nl", "/api/v1/concepts/mediawijsheid?lang=nl"]
)
def test_an_import_committed_during_a_request_shows_in_none_of_its_answer(
    app: Flask, client: FlaskClient, tmp_path: Path, url: str
) -> None:
    old = client.get("/readyz").json["data_revision"]  # and the index is ready
    changed = framework_variant(tmp_path / "changed", with_changed_definitions)

    with import_after_the_first_query(app, changed) as queries:
        during = client.get(url)
    assert len(queries) >= 2, "the import did not run during the request"

    # The request began at the old revision: its body and its ETag both belong to it.
    assert during.status_code == 200
    assert revision_of(during.headers["ETag"]) == f"r{old}"
    assert MARK not in during.get_data(as_text=True)

    # What that request kept for its revision is not served for the new one.
    after = client.get(url)
    assert revision_of(after.headers["ETag"]) == f"r{old + 1}"
    assert MARK in after.get_data(as_text=True)


@contextmanager
def a_write_in_progress(app: Flask) -> Iterator[None]:
    """Another process's import half-way: it holds the write lock and has changed the revision
    row, not yet committed. SQLite's EXCLUSIVE lock is the strongest a writer takes."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            writer = sqlite3.connect(engine.url.database or "", isolation_level=None, timeout=0)
            try:
                writer.execute("BEGIN EXCLUSIVE")
                writer.execute("UPDATE data_revision SET revision = revision + 1")
                yield
            finally:
                writer.execute("ROLLBACK")
                writer.close()
            return
        with engine.connect() as connection:
            connection.exec_driver_sql("UPDATE data_revision SET revision = revision + 1")
            yield
            connection.rollback()


@pytest.mark.parametrize(
    "url", ["/api/v1/concepts?per_page=5", "/begrip/mediawijsheid", "/api/v1/search?q=zorg"]
)
def test_readers_are_answered_from_the_old_data_while_a_write_is_in_progress(
    app: Flask, client: FlaskClient, url: str
) -> None:
    before = client.get(url)
    assert before.status_code == 200
    with a_write_in_progress(app):
        during = client.get(url)
    assert during.status_code == 200
    assert during.headers.get("ETag") == before.headers.get("ETag")


def test_readiness_answers_ready_while_a_write_is_in_progress(
    app: Flask, client: FlaskClient
) -> None:
    assert client.get("/readyz").status_code == 200
    with a_write_in_progress(app):
        during = client.get("/readyz")
    assert during.status_code == 200
    assert during.json["data_revision"] == 1


def test_a_second_writer_waits_for_the_first_instead_of_failing(
    app: Flask, client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL queues writers on the revision row's lock")
        path = db.engine.url.database or ""
    # Readers' lock wait made short, so that the writer's own, longer wait is what is shown.
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    old = client.get("/readyz").json["data_revision"]
    changed = framework_variant(tmp_path / "changed", with_changed_definitions)

    first = sqlite3.connect(path, isolation_level=None, timeout=0)
    first.execute("BEGIN IMMEDIATE")  # another import holds the write lock
    thread, failures = start_import(app, changed)
    time.sleep(1)  # ten times the readers' wait
    assert thread.is_alive(), failures  # the second import waits ...
    first.execute("ROLLBACK")
    first.close()
    thread.join(timeout=60)

    assert not failures, failures  # ... and runs once the first is done
    assert client.get("/readyz").json["data_revision"] == old + 1
