"""Draft rows: the view the surfaces get (`Draft`), and reading a row, locked for a writer
when asked, with a lost race on PostgreSQL turned into a draft conflict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, joinedload

from glossary.editing.errors import DraftConflict
from glossary.editing.models import ConceptDraft, DraftStatus
from glossary.editing.record_json import record_from_json
from glossary.records import ConceptRecord
from glossary.timeutil import as_utc


@dataclass(frozen=True)
class Draft:
    """A draft as the surfaces show it."""

    id: int
    kind: str
    slug: str
    is_new: bool
    status: DraftStatus
    author: str | None
    author_pk: int | None
    base_version: int
    record: ConceptRecord
    change_note: str
    reason: str
    updated_at: datetime
    lock_version: int


def draft_view(row: ConceptDraft) -> Draft:
    return Draft(
        id=row.pk,
        kind=row.kind,
        slug=row.slug,
        is_new=row.is_new,
        status=row.status,
        author=row.author.email if row.author is not None else None,
        author_pk=row.author_pk,
        base_version=row.base_version,
        record=record_from_json(row.record),
        change_note=row.change_note,
        reason=row.reason,
        updated_at=as_utc(row.updated_at),
        lock_version=row.lock_version,
    )


# SQLSTATEs of a PostgreSQL transaction that lost a race under REPEATABLE READ: another
# transaction changed the row since this one's snapshot (serialization failure, deadlock).
LOST_RACE = frozenset({"40001", "40P01"})


def lost_race(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) in LOST_RACE


def draft_row(
    session: Session,
    scheme_id: str,
    slug: str,
    for_update: bool = False,
    mine: ConceptRecord | None = None,
    kind: str = "concept",
) -> ConceptDraft | None:
    """The draft row; `for_update` locks it for the writer's transaction (PostgreSQL: a
    second writer waits and then reads the first one's save, so a stale lock_version is
    seen as one; SQLite's writers are serialised by begin_write already). `kind` says of
    what: a concept (the slug), a cluster (its id), a source (its key), the scheme (its id)."""
    statement = select(ConceptDraft).where(
        ConceptDraft.scheme_id == scheme_id, ConceptDraft.kind == kind, ConceptDraft.slug == slug
    )
    if not for_update:
        return session.scalar(statement.options(joinedload(ConceptDraft.author)))
    try:
        return session.scalar(statement.with_for_update().execution_options(populate_existing=True))
    except DBAPIError as error:
        if not lost_race(error):
            raise
        detail = "someone else saved this draft at the same moment; read it again"
        raise DraftConflict(mine, 0, detail) from None
