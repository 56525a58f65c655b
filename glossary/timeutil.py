"""Time helpers on the ground floor: every stored moment is UTC, whatever the database says."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current moment, aware and in UTC: what every timestamp column stores."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes, PostgreSQL the session's zone; everything stored is UTC."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
