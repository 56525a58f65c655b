"""What changed between two releases, or between a release and today (`huidig`).

Each concept falls in one kind: added (only in the newer), removed (only in the older),
replaced or retired (its status became "replaced" or "retired": `status_entered`, the rule
what's new follows too), or changed (any other difference). Per concept, the word diff of its
labels and definitions (editing.history.diff) shows what the words became.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from glossary.editing.history import diff as field_diff
from glossary.importing import export_framework
from glossary.model_enums import ConceptStatus, status_entered
from glossary.records import ConceptRecord
from glossary.releases.store import CURRENT, release_records

ADDED, CHANGED, REPLACED, RETIRED, REMOVED = "added", "changed", "replaced", "retired", "removed"
KINDS = (ADDED, CHANGED, REPLACED, RETIRED, REMOVED)


@dataclass(frozen=True)
class ConceptChange:
    """One concept that differs: how, its label, and the word diff of each changed field."""

    slug: str
    kind: str
    label: str
    fields: dict[str, list[tuple[str, str]]]
    replaced_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReleaseDiff:
    old: str
    new: str
    changes: list[ConceptChange]

    def of_kind(self, kind: str) -> list[ConceptChange]:
        return [change for change in self.changes if change.kind == kind]

    def counts(self) -> dict[str, int]:
        return {kind: len(self.of_kind(kind)) for kind in KINDS}


def records_of(session: Session, scheme_id: str, name: str) -> dict[str, ConceptRecord]:
    """The records of release `name`, or of today's published framework for `huidig`."""
    if name == CURRENT:
        return {record.slug: record for record in export_framework(session, scheme_id)[0].concepts}
    return release_records(session, scheme_id, name)


def diff_between(
    session: Session, scheme_id: str, a: str, b: str, label_lang: str | None = None
) -> ReleaseDiff:
    """What changed from release `a` to release `b` (either may be `huidig`, today), in
    framework order of the newer side then the removed ones, each labelled in `label_lang`
    where it has a label there; ReleaseNotFound for an unknown name. The what's-new pages
    link each publication to such a diff."""
    old, new = records_of(session, scheme_id, a), records_of(session, scheme_id, b)
    changes: list[ConceptChange] = []
    for slug, after in new.items():
        before = old.get(slug)
        if before == after:
            continue
        kind = ADDED if before is None else _kind(before, after)
        changes.append(
            ConceptChange(
                slug,
                kind,
                _label(after, label_lang),
                field_diff(before, after),
                _replaced_by(after) if kind == REPLACED else (),
            )
        )
    for slug, before in old.items():
        if slug not in new:
            changes.append(ConceptChange(slug, REMOVED, _label(before, label_lang), {}))
    return ReleaseDiff(a, b, changes)


def _kind(before: ConceptRecord, after: ConceptRecord) -> str:
    entered = status_entered(before.status, after.status)
    if entered is ConceptStatus.REPLACED:
        return REPLACED
    if entered is ConceptStatus.RETIRED:
        return RETIRED
    return CHANGED


def _replaced_by(record: ConceptRecord) -> tuple[str, ...]:
    """The successors, once records carry them (`replaced_by`, issue 15 part A)."""
    found = getattr(record, "replaced_by", ())
    return tuple(str(slug) for slug in found)


def _label(record: ConceptRecord, lang: str | None) -> str:
    wanted = record.labels.get(lang) if lang is not None else None
    if wanted is not None and wanted.pref:
        return wanted.pref
    for labels in record.labels.values():
        if labels.pref:
            return labels.pref
    return record.slug
