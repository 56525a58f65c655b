"""The data revision: one number that says which state of the data a reader has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.models import DataRevision, utcnow

_ROW_ID = 1


@dataclass(frozen=True)
class Revision:
    number: int
    changed_at: datetime


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes, PostgreSQL the session's zone; everything stored is UTC."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def current_revision(session: Session) -> Revision:
    """The revision of the committed data; 0 for an empty database."""
    row = session.get(DataRevision, _ROW_ID)
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
