"""The data revision: one number that says which state of the data a reader has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.models import DataRevision
from glossary.timeutil import as_utc, utcnow

_ROW_ID = 1
# Keys in Session.info: the revision is pinned for the session, and the revision it read.
_PINNED = "glossary_revision_pinned"
_SEEN = "glossary_revision_seen"


@dataclass(frozen=True)
class Revision:
    number: int
    changed_at: datetime


def pin_revision(session: Session) -> None:
    """Make `current_revision(session)` answer the first revision it reads, from now on.

    The HTTP layer pins the session of a reading request (GET, HEAD): its index check, its
    body and its ETag then all name the same revision, even when an import commits while it
    runs, and a request pays for one query instead of one per caller.
    """
    session.info[_PINNED] = True


def current_revision(session: Session) -> Revision:
    """The revision of the committed data; 0 for an empty database.

    Read once per pinned session (see `pin_revision`), else every time.
    """
    if not session.info.get(_PINNED):
        return read_revision(session)
    seen: Revision | None = session.info.get(_SEEN)
    if seen is None:
        seen = session.info[_SEEN] = read_revision(session)
    return seen


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
