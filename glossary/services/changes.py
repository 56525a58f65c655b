"""The change feed partners sync from: what imports added, changed or removed since a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from glossary.models import ChangeKind, ChangeLogEntry, Concept, ConceptRelation, RelationKind
from glossary.services.revision import Revision, current_revision
from glossary.timeutil import as_utc


@dataclass(frozen=True)
class ConceptChange:
    """The net change of one concept over a period, and when it last changed."""

    concept_id: str
    change: ChangeKind
    revision: int
    changed_at: datetime
    # the concept's status now (None once removed) and, when replaced, its successors: a
    # partner's copy learns where a term went, not only that it changed
    status: str | None = None
    replaced_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeSet:
    since: datetime
    until: Revision
    changes: list[ConceptChange]

    def of_kind(self, kind: ChangeKind) -> list[str]:
        return [change.concept_id for change in self.changes if change.change is kind]


def changes_since(session: Session, scheme_id: str, since: datetime) -> ChangeSet:
    """Each concept touched after `since`, once, with its net change.

    A concept that exists now was `added` when it did not exist at `since` (its first entry
    in the period is an addition) and `changed` otherwise; a concept that no longer exists
    was `removed`. `until` is the revision the answer describes: passing its `changed_at` as
    the next `since` continues the sync without gaps or repeats.
    """
    until = current_revision(session)
    entries = session.scalars(
        select(ChangeLogEntry)
        .where(
            ChangeLogEntry.scheme_id == scheme_id,
            ChangeLogEntry.changed_at > since.astimezone(UTC),
            ChangeLogEntry.revision <= until.number,
        )
        .order_by(ChangeLogEntry.revision, ChangeLogEntry.pk)
    ).all()
    existing = {
        concept.slug: concept
        for concept in session.scalars(
            select(Concept)
            .where(
                Concept.scheme_id == scheme_id,
                Concept.slug.in_({entry.concept_slug for entry in entries}),
            )
            .options(selectinload(Concept.relations).selectinload(ConceptRelation.object))
        )
    }
    first: dict[str, ChangeLogEntry] = {}
    last: dict[str, ChangeLogEntry] = {}
    for entry in entries:
        first.setdefault(entry.concept_slug, entry)
        last[entry.concept_slug] = entry
    changes = []
    for slug, latest in last.items():
        if slug not in existing:
            kind = ChangeKind.REMOVED
        elif first[slug].change is ChangeKind.ADDED:
            kind = ChangeKind.ADDED
        else:
            kind = ChangeKind.CHANGED
        concept = existing.get(slug)
        changes.append(
            ConceptChange(
                slug,
                kind,
                latest.revision,
                as_utc(latest.changed_at),
                concept.status.value if concept else None,
                _successors(concept) if concept else (),
            )
        )
    changes.sort(key=lambda change: (change.changed_at, change.concept_id))
    return ChangeSet(since=since, until=until, changes=changes)


def _successors(concept: Concept) -> tuple[str, ...]:
    ordered = sorted(concept.relations, key=lambda relation: relation.position)
    return tuple(r.object.slug for r in ordered if r.kind is RelationKind.REPLACED_BY)
