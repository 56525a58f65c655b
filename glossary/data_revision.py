"""The data revision row: one number that says which state of the data a reader has.

On the data floor, so that the importer (which bumps it in its transaction) and the
services (which read it) both reach it without importing upwards. `services.revision` adds
what a request needs on top (reading it once per request)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.models import DataRevision
from glossary.timeutil import as_utc, utcnow

_ROW_ID = 1


@dataclass(frozen=True)
class Revision:
    number: int
    changed_at: datetime


def read_revision(session: Session) -> Revision:
    """The revision row as it is in the database now (a plain select, no ORM identity map)."""
    row = session.execute(
        select(DataRevision.revision, DataRevision.changed_at).where(DataRevision.id == _ROW_ID)
    ).one_or_none()
    if row is None:
        return Revision(0, datetime(1970, 1, 1, tzinfo=UTC))
    return Revision(row.revision, as_utc(row.changed_at))


def bump_revision(session: Session) -> Revision:
    """Advance the revision inside the caller's transaction and return the new one.

    The row is locked for update so two concurrent imports serialise on PostgreSQL.
    """
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
