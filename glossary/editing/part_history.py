"""The history of a cluster, a source or the scheme's texts: every published version, whole,
what changed between two, and "restore as draft", as a concept's history has them
(`history`).

Versions are the `part_version` rows the importer's apply step records at each publication
(an import or an approved draft) and the one an approved removal closes the history with,
so the history shows exactly what was public, when and why, and outlives a removal.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from glossary.accounts.audit import Actor
from glossary.editing import parts
from glossary.editing.errors import DraftNotFound, WrongStatus
from glossary.editing.history import Publication, diff_fields, published_fields
from glossary.editing.models import PartVersion
from glossary.editing.part_json import CLUSTER, SOURCE, PartRecord, part_from_json
from glossary.editing.version_rows import REMOVED, part_scope
from glossary.importing import Rules
from glossary.records import SOURCE_FIELDS, ClusterRecord, SourceRecord


@dataclass(frozen=True, kw_only=True)
class PartVersionView(Publication):
    """One published version of a part as the history pages and the API show it; a
    `removed` version is the part's removal (its record the last one published)."""

    kind: str
    key: str
    record: PartRecord
    removed: bool = False


def _view(row: PartVersion) -> PartVersionView:
    return PartVersionView(
        kind=row.kind,
        key=row.key,
        record=part_from_json(row.kind, row.record),
        removed=bool(row.record.get(REMOVED)),
        **published_fields(row),
    )


def part_versions(session: Session, scheme_id: str, kind: str, key: str) -> list[PartVersionView]:
    """The published versions of a part, oldest first (none for a part never published).
    A part stored before versions were kept shows its current state as version 1."""
    statement = (
        select(PartVersion)
        .options(joinedload(PartVersion.author), joinedload(PartVersion.reviewer))
        .where(
            PartVersion.scheme_id == part_scope(kind, scheme_id),
            PartVersion.kind == kind,
            PartVersion.key == key,
        )
        .order_by(PartVersion.version)
    )
    found = [_view(row) for row in session.scalars(statement)]
    if not found:
        record = parts.published_part(session, scheme_id, kind, key)
        if record is not None:
            found = [PartVersionView(kind=kind, key=key, record=record)]
    return found


def part_version_view(
    session: Session, scheme_id: str, kind: str, key: str, number: int
) -> PartVersionView:
    """One published version; DraftNotFound (404) when there is no such version."""
    for view in part_versions(session, scheme_id, kind, key):
        if view.version == number:
            return view
    raise DraftNotFound(f"'{key[:100]}' has no version {number}")


def part_fields(record: PartRecord | None) -> dict[str, str]:
    """The texts a diff shows, keyed as the CSV names them: a cluster's titles and place, a
    source's fields, the scheme's title and description per language."""
    if record is None:
        return {}
    if isinstance(record, ClusterRecord):
        fields = {f"title@{lang}": title for lang, title in sorted(record.titles.items())}
        return fields | {"position": str(record.position)}
    if isinstance(record, SourceRecord):
        return {name: str(getattr(record, name)) for name in SOURCE_FIELDS}
    return {f"{name}@{lang}": text for (name, lang), text in sorted(record.texts.items())}


def part_diff(
    old: PartVersionView | None, new: PartVersionView
) -> dict[str, list[tuple[str, str]]]:
    """The word diff of every field that differs from the version before (`old` None: the
    first version, all inserted); a removal deletes every field, a version after a removal
    inserts them again."""
    before = part_fields(old.record) if old is not None and not old.removed else {}
    after = {} if new.removed else part_fields(new.record)
    return diff_fields(before, after)


def restore_part_as_draft(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    key: str,
    number: int,
    rules: Rules,
) -> parts.PartDraft:
    """Make an old version the actor's draft of the part, based on the version published
    now, for review like any change; checked now as any save is (DraftInvalid, located).
    A removal is no version to restore (WrongStatus), and a removed part is drafted anew."""
    old = part_version_view(session, scheme_id, kind, key, number)
    if old.removed:
        raise WrongStatus(f"version {number} is the removal of this {kind}; restore another")
    current = parts.part_version(session, scheme_id, kind, key)
    return parts.save_part_draft(
        session,
        scheme_id,
        actor,
        old.record,
        current == 0 and kind in (CLUSTER, SOURCE),
        current,
        f"restore version {number}",
        rules,
    )


def part_restore_record(
    session: Session, scheme_id: str, kind: str, key: str, number: int
) -> PartRecord:
    """The record an old version holds, for the editor to fix when its restore is refused."""
    return part_version_view(session, scheme_id, kind, key, number).record
