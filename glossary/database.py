"""How the app talks to its database: one snapshot per transaction, writers that queue.

Every request reads in one transaction (Flask-SQLAlchemy's session lives as long as the
request), so its body, its ETag and whatever it caches all come from one revision of the data.

- PostgreSQL: REPEATABLE READ gives each transaction one snapshot.
- SQLite: Python's sqlite3 driver (legacy transaction control) emits no BEGIN before a
  SELECT, so each statement would see the latest commit. SQLAlchemy's documented recipe
  takes transaction control over: the driver's own is switched off and the engine's "begin"
  event emits BEGIN. The write-ahead log (WAL) lets readers keep their snapshot while an
  import writes, instead of waiting for it; a writer begins with BEGIN IMMEDIATE (see
  `begin_write`) so a second writer waits for the first (up to WRITER_WAIT_MS) instead of
  failing after it has read.

The serving app never creates an SQLite file: a missing file is an unavailable database, in
every worker (a worker whose pooled connection still holds a deleted or replaced file drops
it). Only the set-up commands create the file (`create_database_file`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, TypeVar
from urllib.request import pathname2url

from flask import Flask
from sqlalchemy import Engine, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session

from glossary.models import db
from glossary.secret_tokens import link_digest

# Milliseconds a statement waits for a lock before it gives up. Readers in WAL mode take no
# lock a writer holds, so this is rarely waited for.
BUSY_TIMEOUT_MS = 5000
# Milliseconds a writer waits at BEGIN IMMEDIATE for another writer to finish: an import of a
# large framework holds the write lock for minutes on a busy host, and a second import
# should then run after it rather than fail.
WRITER_WAIT_MS = 15 * 60 * 1000
# The execution option that makes a transaction begin as a writer (see begin_write).
WRITE_OPTION = "glossary_write"
_FILE_IDENTITY = "glossary_file_identity"
_BUSY_TIMEOUT = "glossary_busy_timeout"

Row = TypeVar("Row")


def sqlite_path(engine: Engine) -> Path | None:
    """The file of an SQLite engine; None for other databases and in-memory SQLite."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database or ""
    if not database or database == ":memory:" or engine.url.query.get("uri"):
        return None
    return Path(database)


def create_database_file(engine: Engine) -> None:
    """Create the SQLite file (in WAL mode) when it does not exist yet.

    Only set-up commands call this (migrations, `flask glossary import`): the serving app
    opens the file read-write without creating it, so a deleted database is noticed instead
    of replaced by an empty one.
    """
    path = sqlite_path(engine)
    if path is None or path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


def begin_write(session: Session) -> None:
    """Start the session's next transaction as a writer.

    On SQLite this takes the write lock at BEGIN (BEGIN IMMEDIATE): a second writer waits
    for the first instead of reading a snapshot that is stale by the time it writes (which
    SQLite refuses with "database is locked" at once, whatever the busy timeout). What the
    writer reads afterwards (an import's plan) is then the state it writes over. A read
    transaction the session has open is ended first; pending changes are an error.
    """
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_write: the session holds unwritten changes")
    session.rollback()  # ends an open read transaction; nothing when there is none
    session.connection(execution_options={WRITE_OPTION: True})


def row_for_write(session: Session, model: type[Row], pk: int, name: str) -> Row:
    """Begin a write and read the row it changes, so the row is read as the writer sees it.
    LookupError ("no <name> <pk>"), with the transaction ended, when there is none."""
    begin_write(session)
    row = session.get(model, pk)
    if row is None:
        session.rollback()
        raise LookupError(f"no {name} {pk}")
    return row


def row_by_link_secret(session: Session, model: type[Row], secret: str) -> Row | None:
    """The row of `model` whose `token_digest` is that of a secret from a link (a feedback
    status page, a consultation invitation); None for any other string."""
    wanted = link_digest(secret)
    if wanted is None:
        return None
    return session.scalars(select(model).filter_by(token_digest=wanted)).one_or_none()


def db_session() -> Session:
    """The session of the current app context (request or command), typed as a Session.

    `db.session` is Flask-SQLAlchemy's scoped proxy; calling it gives the one session the
    current context uses, so services that take a `Session` argument get exactly that.
    """
    return db.session()


def init_database(app: Flask) -> None:
    """Set the engine up for one snapshot per transaction (see the module docstring)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        engine.update_execution_options(isolation_level="REPEATABLE READ")
    path = sqlite_path(engine)
    if path is not None:
        _serve_sqlite_file(engine, path)


def _serve_sqlite_file(engine: Engine, path: Path) -> None:
    # Open read-write, never create: a missing file fails to connect.
    uri = "file:" + pathname2url(str(path.resolve())) + "?mode=rw"

    @event.listens_for(engine, "do_connect")
    def open_existing(dialect: Any, record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
        cargs[:] = [uri]
        cparams["uri"] = True

    @event.listens_for(engine, "connect")
    def configure(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        # The driver's legacy transaction control off: the "begin" event below emits BEGIN.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        record.info[_BUSY_TIMEOUT] = BUSY_TIMEOUT_MS
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        record.info[_FILE_IDENTITY] = _identity(path)

    @event.listens_for(engine, "checkout")
    def same_file(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        # A deleted or replaced file: this connection still reads the old one. Dropping it
        # makes the pool reconnect, which fails for a missing file (503) or opens the new one.
        if _identity(path) != record.info.get(_FILE_IDENTITY):
            raise DisconnectionError("the database file was deleted or replaced")

    @event.listens_for(engine, "begin")
    def begin(connection: Connection) -> None:
        writer = bool(connection.get_execution_options().get(WRITE_OPTION))
        wait = WRITER_WAIT_MS if writer else BUSY_TIMEOUT_MS
        # Straight to the driver: every request begins a transaction, and SQLAlchemy's
        # statement machinery costs ten times what SQLite takes to run these.
        driver = connection.connection.dbapi_connection
        assert driver is not None
        if connection.info.get(_BUSY_TIMEOUT) != wait:
            driver.execute(f"PRAGMA busy_timeout={wait}")
            connection.info[_BUSY_TIMEOUT] = wait
        driver.execute("BEGIN IMMEDIATE" if writer else "BEGIN")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino
