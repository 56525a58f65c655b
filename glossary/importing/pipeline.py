"""The stages run in order: read → check → plan → apply, under the write lock.

The whole input is checked before anything is written; every problem is reported at once,
located. Applying a plan happens in a single transaction, so a failure at any point leaves
the database exactly as it was. A file import (`import_framework`, `files.import_file`) and
the web editor's partial change (`plan_change`, `apply_change`) go through the same checks,
the same plan and the same apply step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.data_revision import Revision, read_revision
from glossary.database import begin_write
from glossary.editing.part_json import CLUSTER, SCHEME, SOURCE, PartRecord
from glossary.editing.version_rows import Provenance, record_part_versions, record_versions
from glossary.formats.csvfile import Problem
from glossary.importing.apply import Applied, apply_plan
from glossary.importing.check import check
from glossary.importing.export import export_framework
from glossary.importing.plan import ChangePlan, plan
from glossary.importing.problems import FrameworkInvalid, RecordKind, Rules, StoredLabels
from glossary.importing.read_csv import FrameworkFiles, read_framework
from glossary.importing.stored_records import stored_concepts
from glossary.models import (
    Concept,
    Label,
)
from glossary.records import Framework, SchemeInfo

R = TypeVar("R")


def import_framework(
    session: Session,
    scheme_id: str,
    files: FrameworkFiles,
    source_language: str,
    prune: bool = False,
    dry_run: bool = False,
    base_uri: str = "",
) -> tuple[ChangePlan, Revision | None]:
    """Validate, plan and (unless dry_run) apply an import. Raises FrameworkInvalid.

    `base_uri` is this service's (GLOSSARY_BASE_URI): a mapping may not name our own
    concepts. The caller passes it; nothing here reads the app's settings."""
    return import_records(
        session,
        scheme_id,
        lambda stored: read_framework(files, source_language, stored, base_uri),
        prune=prune,
        dry_run=dry_run,
    )


def import_records(
    session: Session,
    scheme_id: str,
    read: Callable[[StoredLabels], tuple[Framework, SchemeInfo]],
    prune: bool = False,
    dry_run: bool = False,
) -> tuple[ChangePlan, Revision | None]:
    """Plan and (unless dry_run) apply what `read` gives, as one transaction; every file
    format (CSV, SKOS, TBX) imports through here so that all share the same locking.

    `read` gets the stored labels (none with `prune`, which replaces them all) so that it
    can refuse a label another concept already holds. The plan is made under the write
    lock: it is the state the import writes over. Raises FrameworkInvalid, having written
    nothing, when any check fails."""
    if not dry_run:
        begin_write(session)
    try:
        stored = {} if prune else stored_concept_labels(session, scheme_id)
        framework, scheme = read(stored)
        change_plan = plan(session, scheme_id, framework, scheme, prune=prune)
    except BaseException:
        if not dry_run:
            session.rollback()  # release the write lock
        raise
    if dry_run:
        return change_plan, None
    return _applied(session, change_plan)


REMOVAL_NOTE = "removed (import --prune)"


def _applied(
    session: Session,
    change_plan: ChangePlan,
    provenance: Provenance | None = None,
    before_commit: Callable[[Applied], None] | None = None,
) -> tuple[ChangePlan, Revision | None]:
    """Apply a plan made under the write lock; the plan as applied and the new revision.
    Every concept the plan writes gets a published version (by `provenance`: an import
    unless said otherwise), in the same transaction as `before_commit`'s writes."""

    def finish(applied: Applied) -> None:
        published = [(c.before, c.after) for c in change_plan.concepts if c.after is not None]
        revision = applied.revision
        record_versions(
            session,
            change_plan.scheme_id,
            published,
            revision.number,
            revision.changed_at,
            provenance or Provenance(),
        )
        record_part_versions(
            session,
            change_plan.scheme_id,
            _published_parts(change_plan),
            revision.number,
            revision.changed_at,
            provenance or Provenance(),
        )
        # A concept removed for good (--prune, the explicit admin act; a retired concept
        # stays) closes its history with its last record, noted as the removal.
        removed = [(None, c.before) for c in change_plan.concepts if c.after is None and c.before]
        record_versions(
            session,
            change_plan.scheme_id,
            removed,
            revision.number,
            revision.changed_at,
            Provenance(change_note=REMOVAL_NOTE),
        )
        if before_commit is not None:
            before_commit(applied)

    applied = apply_plan(session, change_plan, finish)
    if applied is None:
        session.rollback()  # nothing to write: release the write lock
        return change_plan, None
    return replace(change_plan, changed_through=applied.changed_through), applied.revision


def _published_parts(
    change_plan: ChangePlan,
) -> list[tuple[str, str, PartRecord | None, PartRecord]]:
    """The clusters, sources and scheme texts a plan writes, each (kind, key, before, after)."""
    parts: list[tuple[str, str, PartRecord | None, PartRecord]] = [
        (CLUSTER, c.id, c.before, c.after) for c in change_plan.clusters if c.after is not None
    ]
    parts += [(SOURCE, s.key, s.before, s.after) for s in change_plan.sources if s.after]
    if change_plan.scheme_changed:
        parts.append((SCHEME, change_plan.scheme_id, change_plan.scheme_before, change_plan.scheme))
    return parts


def plan_change(
    session: Session,
    scheme_id: str,
    change: Framework,
    rules: Rules,
    scheme_texts: SchemeInfo | None = None,
) -> ChangePlan:
    """Plan a partial change against the database: one concept's new version (or a
    cluster's, a source's, or the scheme's texts: `scheme_texts`, None keeps the stored
    ones), as the web editor submits it. Raises FrameworkInvalid.

    The records meet the checks every import meets, with the stored framework around them:
    the concepts, clusters and sources they leave out are taken as stored, so a relation may
    point at a stored concept, and a label another stored concept holds is refused as in
    a CSV import. Problems are located at the record and field (`/concepts/<slug>`,
    `pref_label@nl`), for the editor to show at the form field."""
    stored_records = stored_concepts(session, scheme_id)
    stored, scheme = export_framework(session, scheme_id, [record for record, _ in stored_records])
    if scheme_texts is not None:
        scheme = scheme_texts
    merged, context = _merged(stored, change)
    labels = {
        slug: found
        for slug, found in stored_concept_labels(session, scheme_id).items()
        if slug not in {record.slug for record in change.concepts}
    }
    problems = check(
        merged,
        scheme,
        replace(rules, stored_labels=labels),
        FieldLocator(merged),
        context=context,
    )
    if problems:
        raise FrameworkInvalid(problems)
    return plan(session, scheme_id, merged, scheme, stored=stored_records)


def apply_change(
    session: Session,
    change_plan: ChangePlan,
    provenance: Provenance | None = None,
    before_commit: Callable[[Applied], None] | None = None,
) -> tuple[ChangePlan, Revision | None]:
    """Apply a plan made by `plan_change`, in one transaction under the write lock; the
    published versions name `provenance`, and `before_commit` joins the transaction.

    The plan was made against `base_revision`; when the data moved on since, it may no longer
    hold (another editor saved the same concept), so it is refused with PlanOutdated and
    nothing is written: the editor plans again against the new state."""
    begin_write(session)
    current = read_revision(session).number
    if current != change_plan.base_revision:
        session.rollback()
        raise PlanOutdated(change_plan.base_revision, current)
    return _applied(session, change_plan, provenance, before_commit)


class PlanOutdated(Exception):
    """The data changed after the plan was made; nothing was written."""

    def __init__(self, base: int, current: int) -> None:
        self.base, self.current = base, current
        super().__init__(
            f"the plan was made at data revision {base}, the data is at {current} now; "
            "plan the change again"
        )


def _merged(stored: Framework, change: Framework) -> tuple[Framework, set[int]]:
    """The stored framework with `change`'s records in place of those with their key (new
    ones last); and the indexes of the stored concepts left as they are (the context)."""

    def merge(records: list[R], changed: list[R], key: Callable[[R], str]) -> list[R]:
        new = {key(record): record for record in changed}
        merged = [new.pop(key(record), record) for record in records]
        return merged + list(new.values())

    concepts = merge(stored.concepts, change.concepts, lambda record: record.slug)
    submitted = {record.slug for record in change.concepts}
    context = {index for index, record in enumerate(concepts) if record.slug not in submitted}
    framework = Framework(
        clusters=merge(stored.clusters, change.clusters, lambda record: record.id),
        sources=merge(stored.sources, change.sources, lambda record: record.key),
        concepts=concepts,
    )
    return framework, context


@dataclass(frozen=True)
class FieldLocator:
    """Problems located at the record and field, as the editor's form names them: path
    `/concepts/<slug>`, column `pref_label@nl`."""

    framework: Framework

    def _key(self, kind: RecordKind, index: int | None) -> str:
        if kind == "scheme" or index is None:
            return ""
        if kind == "concept":
            return self.framework.concepts[index].slug
        if kind == "cluster":
            return self.framework.clusters[index].id
        return self.framework.sources[index].key

    def locate(self, kind: RecordKind, index: int | None, field: str, message: str) -> Problem:
        key = self._key(kind, index)
        return Problem(f"/{kind}s/{key}" if key else f"/{kind}", 0, field, message)

    def name(self, kind: RecordKind, index: int) -> str:
        return f"{kind} '{self._key(kind, index)}'"


def stored_concept_labels(session: Session, scheme_id: str) -> StoredLabels:
    """Every label of every stored concept of the scheme, by concept slug.

    An import checks a file against them, so that a file never gives a concept a label
    that another stored concept (one the file leaves out) already holds."""
    labels: StoredLabels = {}
    for slug, lang, text in session.execute(
        select(Concept.slug, Label.lang, Label.text)
        .join(Label, Label.concept_pk == Concept.pk)
        .where(Concept.scheme_id == scheme_id)
    ):
        labels.setdefault(slug, []).append((lang, text))
    return labels
