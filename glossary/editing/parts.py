"""Drafts of clusters, sources and the scheme's texts: the concept workflow (`workflow`)
over another record.

A cluster's draft holds its ClusterRecord (titles per language, place among the clusters),
a source's its SourceRecord, the scheme's its SchemeInfo (title and description per
language). Each save names the published version it started from, is checked by the
importer's change plan with the stored framework around it (the same located messages as a
CSV import) and is refused whole on a problem. Approving publishes through the importer's
apply step and keeps the version whole in `part_version`, in that one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from glossary.accounts import audit
from glossary.accounts.audit import Actor
from glossary.accounts.models import Role
from glossary.database import begin_write
from glossary.editing.draft_rows import draft_row
from glossary.editing.errors import DraftConflict, DraftInvalid, DraftNotFound, EditingError
from glossary.editing.models import ConceptDraft, DraftStatus
from glossary.editing.part_json import (
    CLUSTER,
    PART_KINDS,
    SCHEME,
    SOURCE,
    PartRecord,
    part_from_json,
    part_json,
    part_key,
    part_kind,
)
from glossary.editing.part_removal import plan_removal, record_removal, removal_problems
from glossary.editing.version_rows import Provenance, latest_part_version
from glossary.editing.workflow import (
    Prepared,
    actor_role,
    approve_row,
    check_lock,
    delete_row,
    may_see,
    reject_row,
    submit_row,
    target,
)
from glossary.formats.csvfile import Problem
from glossary.importing import FrameworkInvalid, Rules, plan_change
from glossary.importing.export import cluster_record, scheme_info, source_record
from glossary.importing.plan import ChangePlan
from glossary.models import Cluster, ConceptScheme, Source
from glossary.records import ClusterRecord, Framework, SchemeInfo, SourceRecord
from glossary.timeutil import as_utc, utcnow

# The mark in a draft's record that the draft proposes removing the part.
REMOVE = "remove"


class PartNotFound(EditingError):
    status = 404


class PartVersionConflict(EditingError):
    """The save (or approval) started from an older published version of the cluster,
    source or scheme than the one there now; both texts are given, nothing was saved."""

    status = 409

    def __init__(
        self, mine: PartRecord, base_version: int, theirs: PartRecord, theirs_version: int
    ) -> None:
        self.mine, self.base_version = mine, base_version
        self.theirs, self.theirs_version = theirs, theirs_version
        super().__init__(
            f"this change started from version {base_version}, but version {theirs_version} "
            "has been published since; compare both texts and save again from the new version"
        )


@dataclass(frozen=True)
class PartDraft:
    """A draft of a cluster, source or the scheme's texts, as the surfaces show it."""

    id: int
    kind: str
    key: str
    is_new: bool
    status: DraftStatus
    author: str | None
    author_pk: int | None
    base_version: int
    record: PartRecord
    change_note: str
    reason: str
    updated_at: datetime
    lock_version: int
    # the draft proposes removing the part (`record` is the published one, for the eye)
    remove: bool = False


@dataclass(frozen=True)
class PartPublished:
    kind: str
    key: str
    version: int
    revision: int | None


def part_view(row: ConceptDraft) -> PartDraft:
    return PartDraft(
        id=row.pk,
        kind=row.kind,
        key=row.slug,
        is_new=row.is_new,
        status=row.status,
        author=row.author.email if row.author is not None else None,
        author_pk=row.author_pk,
        base_version=row.base_version,
        record=part_from_json(row.kind, row.record),
        change_note=row.change_note,
        reason=row.reason,
        updated_at=as_utc(row.updated_at),
        lock_version=row.lock_version,
        remove=bool(row.record.get(REMOVE)),
    )


def published_part(session: Session, scheme_id: str, kind: str, key: str) -> PartRecord | None:
    """The published record of a cluster, source or the scheme's texts; None when none."""
    if kind == CLUSTER:
        cluster = session.scalar(
            select(Cluster).where(Cluster.scheme_id == scheme_id, Cluster.id == key)
        )
        return cluster_record(cluster) if cluster is not None else None
    if kind == SOURCE:
        source = session.scalar(select(Source).where(Source.key == key))
        return source_record(source) if source is not None else None
    scheme = session.get(ConceptScheme, scheme_id) if key == scheme_id else None
    return scheme_info(scheme) if scheme is not None else None


def part_version(session: Session, scheme_id: str, kind: str, key: str) -> int:
    """The published version of a part, as a draft's base_version names it: 1 for a part
    never edited here, one more with each publication; 0 when no such part is published."""
    if published_part(session, scheme_id, kind, key) is None:
        return 0
    return max(latest_part_version(session, scheme_id, kind, key), 1)


def next_cluster_position(session: Session, scheme_id: str) -> int:
    """The place of a new cluster: after the last."""
    last = session.scalar(select(func.max(Cluster.position)).where(Cluster.scheme_id == scheme_id))
    return int(last or 0) + 1


def _problem(kind: str, key: str, field: str, message: str) -> Problem:
    return Problem(f"/{kind}s/{key}" if kind != SCHEME else "/scheme", 0, field, message)


def _plan(session: Session, scheme_id: str, record: PartRecord, rules: Rules) -> ChangePlan:
    """The importer's change plan of one part, with the stored framework around it."""
    clusters = [record] if isinstance(record, ClusterRecord) else []
    sources = [record] if isinstance(record, SourceRecord) else []
    texts = record if isinstance(record, SchemeInfo) else None
    try:
        return plan_change(session, scheme_id, Framework(clusters, sources, []), rules, texts)
    except FrameworkInvalid as invalid:
        raise DraftInvalid(invalid.problems) from None


def _check_base(session: Session, scheme_id: str, record: PartRecord, base: int) -> None:
    kind, key = part_kind(record), part_key(record, scheme_id)
    published = part_version(session, scheme_id, kind, key)
    if base < published:
        theirs = published_part(session, scheme_id, kind, key)
        assert theirs is not None
        raise PartVersionConflict(record, base, theirs, published)
    if base > published:
        raise DraftInvalid(
            [_problem(kind, key, "base_version", f"version {base} was never published")]
        )


def get_part_draft(
    session: Session, scheme_id: str, actor: Actor, kind: str, key: str
) -> PartDraft:
    """The draft of a part, as far as the actor may see it (as for concepts)."""
    row = draft_row(session, scheme_id, key, kind=kind)
    if row is None or not may_see(row, actor, actor_role(session, actor)):
        raise DraftNotFound(f"no draft of '{key[:100]}'")
    return part_view(row)


def find_part_draft(session: Session, scheme_id: str, kind: str, key: str) -> PartDraft | None:
    """The draft of a part whoever wrote it (a surface shows that one exists)."""
    row = draft_row(session, scheme_id, key, kind=kind)
    return part_view(row) if row is not None else None


def list_part_drafts(session: Session, scheme_id: str, actor: Actor) -> list[PartDraft]:
    """The drafts of clusters, sources and the scheme the actor may see, the most recently
    saved first: an editor's own and those in review; all for reviewers and admins."""
    statement = (
        select(ConceptDraft)
        .options(joinedload(ConceptDraft.author))
        .where(ConceptDraft.scheme_id == scheme_id, ConceptDraft.kind.in_(PART_KINDS))
        .order_by(ConceptDraft.updated_at.desc(), ConceptDraft.pk.desc())
    )
    if actor_role(session, actor) is Role.EDITOR:
        statement = statement.where(
            or_(
                ConceptDraft.author_pk == actor.user_pk,
                ConceptDraft.status == DraftStatus.IN_REVIEW,
            )
        )
    return [part_view(row) for row in session.scalars(statement)]


def save_part_draft(
    session: Session,
    scheme_id: str,
    actor: Actor,
    record: PartRecord,
    is_new: bool,
    base_version: int,
    change_note: str,
    rules: Rules,
    lock_version: int | None = None,
) -> PartDraft:
    """Create or replace the draft of a cluster, source or the scheme's texts, in one
    transaction. `is_new`: a cluster or source that is not published yet (its id must be
    free). Refused whole, as a concept's save is: content the importer refuses
    (DraftInvalid, located), an older base version (PartVersionConflict, both texts), a
    draft saved by someone else since (DraftConflict)."""
    kind, key = part_kind(record), part_key(record, scheme_id)
    actor_role(session, actor)  # a disabled account writes nothing
    begin_write(session)
    try:
        published = published_part(session, scheme_id, kind, key)
        if is_new:
            if kind == SCHEME:
                raise DraftInvalid([_problem(kind, key, "id", "the scheme exists already")])
            if published is not None:
                raise DraftInvalid(
                    [_problem(kind, key, "id", f"a {kind} with id '{key}' exists already")]
                )
            base_version = 0
        else:
            if published is None:
                raise PartNotFound(f"no published {kind} '{key[:100]}'")
            _check_base(session, scheme_id, record, base_version)
        _plan(session, scheme_id, record, rules)
        row = _stored_row(session, scheme_id, actor, kind, key, is_new, lock_version)
        draft = _stored(session, row, actor, base_version, part_json(record), change_note)
    except BaseException:
        session.rollback()
        raise
    return draft


def propose_removal(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    key: str,
    base_version: int,
    change_note: str,
    lock_version: int | None = None,
) -> PartDraft:
    """Draft the removal of a published cluster or source, for review like any change, in
    one transaction. Refused as a save is (an older base version, someone else's draft),
    and, located at `remove`, while concepts still need the part (they are named)."""
    actor_role(session, actor)  # a disabled account writes nothing
    begin_write(session)
    try:
        published = published_part(session, scheme_id, kind, key)
        if published is None:
            raise PartNotFound(f"no published {kind} '{key[:100]}'")
        problems = removal_problems(session, scheme_id, kind, key)
        if problems:
            raise DraftInvalid(problems)
        _check_base(session, scheme_id, published, base_version)
        row = _stored_row(session, scheme_id, actor, kind, key, False, lock_version)
        removal = part_json(published) | {REMOVE: True}
        draft = _stored(session, row, actor, base_version, removal, change_note)
    except BaseException:
        session.rollback()
        raise
    return draft


def _stored(
    session: Session,
    row: ConceptDraft,
    actor: Actor,
    base_version: int,
    record: dict[str, Any],
    note: str,
) -> PartDraft:
    """Write a draft's content (a draft again, by the saver, one lock version on), audit
    the save and commit; the draft as the surfaces show it."""
    row.status = DraftStatus.DRAFT
    row.author_pk = actor.user_pk
    row.base_version = base_version
    row.record = record
    row.change_note = note
    row.reason = ""
    row.updated_at = utcnow()
    row.lock_version = (row.lock_version or 0) + 1
    try:
        session.flush()
    except IntegrityError:
        taken = f"someone else saved a draft of this {row.kind} just now"
        raise DraftConflict(None, 1, taken) from None
    details = {"lock_version": row.lock_version, "base_version": base_version}
    if record.get(REMOVE):
        details[REMOVE] = True
    audit.record(session, actor, "draft.save", target(row.kind, row.slug), details)
    session.refresh(row, ["author"])
    draft = part_view(row)
    session.commit()
    return draft


def _stored_row(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    key: str,
    is_new: bool,
    lock_version: int | None,
) -> ConceptDraft:
    row = draft_row(session, scheme_id, key, for_update=True, kind=kind)
    if row is None:
        if lock_version not in (None, 0):
            raise DraftConflict(None, 0, "the draft you edited has been published or deleted")
        row = ConceptDraft(scheme_id=scheme_id, slug=key, kind=kind, is_new=is_new, lock_version=0)
        row.created_at = utcnow()
        session.add(row)
        return row
    if is_new and not row.is_new:
        raise DraftInvalid([_problem(kind, key, "id", "this id is taken")])
    check_lock(row, actor, lock_version)
    return row


def delete_part_draft(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    key: str,
    lock_version: int | None = None,
) -> None:
    """Throw a part's draft away: its author may, and reviewers and admins may."""
    delete_row(session, scheme_id, actor, kind, key, lock_version)


def submit_part(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    key: str,
    lock_version: int | None = None,
) -> PartDraft:
    """Send a part's draft to review; only its author does."""
    return submit_row(session, scheme_id, actor, kind, key, lock_version, part_view)


def reject_part(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    key: str,
    reason: str,
    lock_version: int | None = None,
) -> PartDraft:
    """Send a part's draft in review back to its author with a reason (required)."""
    return reject_row(session, scheme_id, actor, kind, key, reason, lock_version, part_view)


def approve_part(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    key: str,
    rules: Rules,
    lock_version: int | None = None,
) -> PartPublished:
    """Publish a part's draft in review (reviewers and admins, never its author): the
    importer's checks again, the base version still the published one, then one
    transaction writes it, bumps the data revision and keeps the version whole."""

    def prepare(row: ConceptDraft) -> Prepared:
        draft = part_view(row)
        before = published_part(session, scheme_id, kind, key)
        if not draft.is_new:
            if before is None:
                raise PartNotFound(f"the {kind} '{key[:100]}' has been removed since")
            _check_base(session, scheme_id, draft.record, draft.base_version)
        elif before is not None:
            taken = f"a {kind} with this id was published since"
            raise DraftInvalid([_problem(kind, key, "id", taken)])
        if draft.remove and before is not None:
            provenance = Provenance(row.author_pk, actor.user_pk, row.change_note)
            also = record_removal(session, scheme_id, before, key, provenance)
            return plan_removal(session, scheme_id, before, key, rules), also
        # The importer's apply step keeps the published version whole (version_rows).
        return _plan(session, scheme_id, draft.record, rules), None

    revision = approve_row(session, scheme_id, actor, kind, key, lock_version, prepare)
    # A removal leaves no published part: its version is the one that closed the history.
    version = part_version(session, scheme_id, kind, key) or latest_part_version(
        session, scheme_id, kind, key
    )
    session.rollback()
    return PartPublished(kind, key, version, revision)
