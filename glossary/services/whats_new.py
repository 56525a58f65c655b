"""What's new: the publications of the framework, newest first, each with what kind of
change it was and the versions a reader compares to see it.

One source for /nieuw, its Atom feed and the Skosmos `new` and `modified` routes: the
published versions the editing workflow and the importer record (`concept_version`), so
every surface tells the same story and nothing of a draft is ever in it (a draft has no
version row until it is approved).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, select, tuple_
from sqlalchemy.orm import Session

from glossary.editing.models import ConceptVersion
from glossary.model_enums import ConceptStatus, status_entered
from glossary.timeutil import as_utc

DEFAULT_MONTHS = 6
# A month of the window, in days: "the last six months" need not follow the calendar.
DAYS_PER_MONTH = 30


class PublicationKind(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    REPLACED = "replaced"
    RETIRED = "retired"


@dataclass(frozen=True)
class Publication:
    """One published version as "what's new" shows it. `previous` is the version a reader
    compares it with (None for a new concept); labels and definitions are those of this
    version, by language."""

    slug: str
    version: int
    previous: int | None
    kind: PublicationKind
    published_at: datetime
    change_note: str
    labels: dict[str, str]
    definitions: dict[str, str]
    replaced_by: tuple[str, ...]

    def label(self, lang: str, fallback: str) -> tuple[str, str]:
        """The preferred label in `lang`, else in `fallback`, else the id; with its language."""
        for code in (lang, fallback):
            if self.labels.get(code):
                return self.labels[code], code
        return self.slug, fallback


def window_start(now: datetime, months: int) -> datetime:
    """The moment "the last `months` months" begin, counted back from `now`."""
    return as_utc(now) - timedelta(days=DAYS_PER_MONTH * max(months, 0))


def _dated(scheme_id: str) -> Any:
    return and_(ConceptVersion.scheme_id == scheme_id, ConceptVersion.published_at.is_not(None))


def count_publications(session: Session, scheme_id: str, since: datetime) -> int:
    """How many versions were published since `since` (the pages of /nieuw)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(ConceptVersion)
            .where(_dated(scheme_id), ConceptVersion.published_at >= since)
        )
        or 0
    )


def publications(
    session: Session, scheme_id: str, since: datetime, offset: int, limit: int
) -> list[Publication]:
    """The versions published since `since`, newest first, a page at a time. Every
    publication is one entry, so a concept changed twice is listed twice: each change has
    its own note and its own diff."""
    dated = select(ConceptVersion).where(_dated(scheme_id), ConceptVersion.published_at >= since)
    return _newest_first(session, scheme_id, dated, offset, limit)


def first_publications(
    session: Session, scheme_id: str, offset: int, limit: int
) -> list[Publication]:
    """Concepts by the date they were first published, newest first (Skosmos `new`). A
    concept stored before versions were kept has no dated first version and is not listed."""
    first = select(ConceptVersion).where(_dated(scheme_id), ConceptVersion.version == 1)
    return _newest_first(session, scheme_id, first, offset, limit)


def latest_publications(
    session: Session, scheme_id: str, offset: int, limit: int
) -> list[Publication]:
    """Each concept once, at its latest publication, most recent first (Skosmos
    `modified`): a concept never changed since it was added is listed at its addition."""
    latest = (
        select(ConceptVersion.slug, func.max(ConceptVersion.version).label("version"))
        .where(_dated(scheme_id))
        .group_by(ConceptVersion.slug)
        .subquery()
    )
    at_latest = (
        select(ConceptVersion)
        .join(
            latest,
            and_(ConceptVersion.slug == latest.c.slug, ConceptVersion.version == latest.c.version),
        )
        .where(ConceptVersion.scheme_id == scheme_id)
    )
    return _newest_first(session, scheme_id, at_latest, offset, limit)


def _newest_first(
    session: Session,
    scheme_id: str,
    versions: Select[ConceptVersion],
    offset: int,
    limit: int,
) -> list[Publication]:
    """A page of the publications of the `versions` selected, most recently published
    first (the order of every listing here: /nieuw, its feed, Skosmos `new`, `modified`)."""
    rows = session.scalars(
        versions.order_by(ConceptVersion.published_at.desc(), ConceptVersion.pk.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return _publications(session, scheme_id, rows)


def _publications(
    session: Session, scheme_id: str, rows: Sequence[ConceptVersion]
) -> list[Publication]:
    """Publications of version rows: the previous version of each (one query for the
    page) says whether the concept was new, changed, replaced or retired by it."""
    wanted = [(row.slug, row.version - 1) for row in rows if row.version > 1]
    previous_status: dict[tuple[str, int], str] = {}
    if wanted:
        # One row-value IN, not an OR per row: a page of 1000 stays one flat condition.
        for slug, number, stored in session.execute(
            select(ConceptVersion.slug, ConceptVersion.version, ConceptVersion.record).where(
                ConceptVersion.scheme_id == scheme_id,
                tuple_(ConceptVersion.slug, ConceptVersion.version).in_(wanted),
            )
        ):
            previous_status[(slug, number)] = str(stored.get("status", ""))
    found = []
    for row in rows:
        assert row.published_at is not None  # the queries select dated versions only
        before = previous_status.get((row.slug, row.version - 1))
        record: dict[str, Any] = row.record
        status = str(record.get("status", ""))
        found.append(
            Publication(
                slug=row.slug,
                version=row.version,
                previous=row.version - 1 if before is not None else None,
                kind=change_kind(before, status),
                published_at=as_utc(row.published_at),
                change_note=row.change_note,
                labels={
                    lang: str(labels.get("pref", ""))
                    for lang, labels in record.get("labels", {}).items()
                },
                definitions={
                    key.partition("@")[2]: str(text)
                    for key, text in record.get("notes", {}).items()
                    if key.startswith("definition@")
                },
                replaced_by=tuple(str(slug) for slug in record.get("replaced_by") or ()),
            )
        )
    return found


def change_kind(before: str | None, status: str) -> PublicationKind:
    """What a publication did: added the concept (no version before it), replaced or
    retired it (its status became one of those), or changed it otherwise."""
    if before is None:
        return PublicationKind.NEW
    entered = status_entered(before, status)
    if entered is ConceptStatus.REPLACED:
        return PublicationKind.REPLACED
    if entered is ConceptStatus.RETIRED:
        return PublicationKind.RETIRED
    return PublicationKind.CHANGED
