"""The data revision row: one number that says which state of the data a reader has.

On the data floor, so that the importer (which bumps it in its transaction) and the
services (which read it) both reach it without importing upwards. `services.revision` adds
what a request needs on top (reading it once per request)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.models import DataRevision
from glossary.timeutil import as_utc, utcnow

_ROW_ID = 1
# Key in a pooled SQLite connection's info: the probe of its last revision read, and the
# revision it read (see `read_revision`).
_KNOWN = "glossary_revision_known"
# Key in Session.info: the session has moved the revision (see `bump_revision`).
_BUMPED = "glossary_revision_bumped"


@dataclass(frozen=True)
class Revision:
    number: int
    changed_at: datetime


# An empty database's revision.
_NO_REVISION = Revision(0, datetime(1970, 1, 1, tzinfo=UTC))
_PLAIN_READ = f"SELECT revision, changed_at FROM data_revision WHERE id = {_ROW_ID}"


def read_revision(session: Session) -> Revision:
    """The revision row as the session's transaction sees it now.

    Every reading request asks, so the answer must cost next to nothing. On SQLite a pooled
    connection remembers the revision it read last with a probe of two counters:
    `PRAGMA data_version` (moves when another connection commits) and the connection's own
    `total_changes` (moves when it writes a row itself). While both stand still the row
    cannot have changed, and the remembered revision is the answer; the pragma opens the
    transaction's snapshot just as a select would, so the revision and whatever the request
    reads next still come from one state of the data. A session that moved the revision
    itself reads the row: a rollback moves neither counter. Other databases (PostgreSQL)
    read the row, as plain SQL: the ORM's select costs five times the round trip.
    """
    connection = session.connection()
    pooled = connection.connection
    driver: Any = pooled.dbapi_connection
    if not isinstance(driver, sqlite3.Connection):
        row = connection.exec_driver_sql(_PLAIN_READ).one_or_none()
        return _NO_REVISION if row is None else Revision(int(row[0]), as_utc(row[1]))
    if session.info.get(_BUMPED):
        return _select_revision(session)
    probe = (driver.execute("PRAGMA data_version").fetchone()[0], driver.total_changes)
    known: tuple[tuple[int, int], Revision] | None = pooled.info.get(_KNOWN)
    if known is not None and known[0] == probe:
        return known[1]
    revision = _select_revision(session)
    pooled.info[_KNOWN] = (probe, revision)
    return revision


def _select_revision(session: Session) -> Revision:
    """The revision row, read (a plain select, no ORM identity map)."""
    row = session.execute(
        select(DataRevision.revision, DataRevision.changed_at).where(DataRevision.id == _ROW_ID)
    ).one_or_none()
    if row is None:
        return _NO_REVISION
    return Revision(row.revision, as_utc(row.changed_at))


def bump_revision(session: Session) -> Revision:
    """Advance the revision inside the caller's transaction and return the new one.

    The row is locked for update so two concurrent imports serialise on PostgreSQL.
    """
    session.info[_BUMPED] = True
    row = session.scalars(
        select(DataRevision).where(DataRevision.id == _ROW_ID).with_for_update()
    ).one_or_none()
    now = utcnow()
    if row is None:
        row = DataRevision(id=_ROW_ID, revision=0, changed_at=now)
        session.add(row)
    row.revision += 1
    row.changed_at = now
    session.flush()
    return Revision(row.revision, now)
