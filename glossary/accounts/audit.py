"""The audit log: every write, who made it, from where, and when; kept for a set period.

Writers call `record` inside their own transaction, so a write and its audit entry are
committed together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, joinedload

from glossary.accounts.models import AuditEntry, Via
from glossary.database import begin_write
from glossary.models import utcnow

DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class Actor:
    """Who makes a write: a signed-in user (web), a token's user (api), or the command line
    (no user). `address` is the client address of a request, None on the command line."""

    via: Via
    user_pk: int | None = None
    token_pk: int | None = None
    address: str | None = None

    @classmethod
    def cli(cls) -> Actor:
        return cls(via=Via.CLI)


def record(
    session: Session,
    actor: Actor,
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry to the session's transaction (the caller commits)."""
    entry = AuditEntry(
        at=utcnow(),
        user_pk=actor.user_pk,
        token_pk=actor.token_pk,
        via=actor.via,
        action=action,
        target=target[:400] if target else None,
        address=actor.address[:64] if actor.address else None,
        detail=detail or None,
    )
    session.add(entry)
    return entry


def recent_entries(session: Session, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """The newest entries first, with their users loaded (the admin's audit page)."""
    statement = (
        select(AuditEntry)
        .options(joinedload(AuditEntry.user))
        .order_by(AuditEntry.at.desc(), AuditEntry.pk.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(statement))


def count_entries(session: Session) -> int:
    return session.scalar(select(func.count(AuditEntry.pk))) or 0


def prune(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete the entries older than `retention_days` days, in one transaction, and say how
    many went. The pruning itself is recorded, so the log shows when it was shortened."""
    if retention_days < 1:
        raise ValueError("the audit retention must be at least one day")
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    begin_write(session)
    result = session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
    removed = int(getattr(result, "rowcount", 0) or 0)
    record(
        session,
        Actor.cli(),
        "audit.prune",
        detail={"removed": removed, "retention_days": retention_days},
    )
    session.commit()
    return removed
