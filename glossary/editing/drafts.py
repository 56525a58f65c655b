"""Drafts of concepts and their four-eyes workflow: save → submit → approve (publish) or
reject, with optimistic locking at two levels.

- Every save names the published version it started from (`base_version`); a save against
  a newer published version is refused with `VersionConflict`, both texts inside.
- Every draft has a `lock_version` that rises with each save; a save naming an older one
  (someone else saved the draft meanwhile) is refused with `DraftConflict`.

Content is checked by the importer's own checks through its change plan, so the editor
gives the same messages as a CSV import. Approving publishes through the importer's apply
step: one transaction, one data revision, a recorded version, the draft deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from glossary.accounts import audit
from glossary.accounts.audit import Actor
from glossary.accounts.models import Role
from glossary.consultation import links as consultation_links
from glossary.database import begin_write
from glossary.editing.draft_rows import Draft as Draft  # re-exported
from glossary.editing.draft_rows import draft_row, draft_view
from glossary.editing.errors import (
    ConceptNotFound,
    DraftConflict,
    DraftInvalid,
    DraftNotFound,
    VersionConflict,
)
from glossary.editing.models import ConceptDraft, DraftStatus
from glossary.editing.published import concept_version as concept_version  # re-exported
from glossary.editing.published import published_concept
from glossary.editing.published import stored_record as stored_record  # re-exported
from glossary.editing.record_json import record_json
from glossary.editing.workflow import PUBLISH_ATTEMPTS as PUBLISH_ATTEMPTS  # re-exported
from glossary.editing.workflow import (
    Prepared,
    approve_row,
    check_lock,
    delete_row,
    may_see,
    reject_row,
    submit_row,
    target,
)
from glossary.editing.workflow import actor_role as actor_role  # re-exported
from glossary.formats.csvfile import Problem
from glossary.importing import FrameworkInvalid, Rules, plan_change
from glossary.importing.apply import Applied
from glossary.importing.plan import ChangePlan
from glossary.records import ConceptRecord, Framework
from glossary.timeutil import utcnow

CONCEPT = "concept"


@dataclass(frozen=True)
class Published:
    """What an approval published: the concept's new version and the data revision (None
    when the draft equalled the published version, so nothing changed)."""

    slug: str
    version: int
    revision: int | None


def _target(slug: str) -> str:
    return target("concept", slug)


def get_draft(session: Session, scheme_id: str, actor: Actor, slug: str) -> Draft:
    """The draft of a concept, as far as the actor may see it: editors see their own and
    those in review (so that nobody reviews or overwrites unseen), reviewers every draft."""
    row = draft_row(session, scheme_id, slug)
    if row is None or not may_see(row, actor, actor_role(session, actor)):
        raise DraftNotFound(f"no draft of '{slug[:100]}'")
    return draft_view(row)


def find_draft(session: Session, scheme_id: str, slug: str) -> Draft | None:
    """The draft of a concept whoever wrote it (a surface shows that one exists)."""
    row = draft_row(session, scheme_id, slug)
    return draft_view(row) if row is not None else None


def list_drafts(session: Session, scheme_id: str, actor: Actor) -> list[Draft]:
    """The drafts the actor may see, the most recently saved first: an editor's own and
    every draft in review; all of them for reviewers and admins."""
    statement = (
        select(ConceptDraft)
        .options(joinedload(ConceptDraft.author))
        .where(ConceptDraft.scheme_id == scheme_id, ConceptDraft.kind == CONCEPT)
        .order_by(ConceptDraft.updated_at.desc(), ConceptDraft.pk.desc())
    )
    if actor_role(session, actor) is Role.EDITOR:
        statement = statement.where(
            or_(
                ConceptDraft.author_pk == actor.user_pk,
                ConceptDraft.status == DraftStatus.IN_REVIEW,
            )
        )
    return [draft_view(row) for row in session.scalars(statement)]


def _check(session: Session, scheme_id: str, record: ConceptRecord, rules: Rules) -> ChangePlan:
    try:
        return plan_change(session, scheme_id, Framework([], [], [record]), rules)
    except FrameworkInvalid as invalid:
        raise DraftInvalid(invalid.problems, record) from None


def _check_base(session: Session, scheme_id: str, record: ConceptRecord, base: int) -> None:
    published = concept_version(session, scheme_id, record.slug)
    if base < published:
        theirs = stored_record(session, scheme_id, record.slug)
        raise VersionConflict(record, base, theirs, published)
    if base > published:
        raise DraftInvalid(
            [_problem(record.slug, "base_version", f"version {base} was never published")],
            record,
        )


def _problem(slug: str, field: str, message: str) -> Problem:
    return Problem(f"/concepts/{slug}", 0, field, message)


def save_draft(
    session: Session,
    scheme_id: str,
    actor: Actor,
    slug: str | None,
    record: ConceptRecord,
    base_version: int,
    change_note: str,
    rules: Rules | None,
    lock_version: int | None = None,
) -> Draft:
    """Create or replace the draft of concept `slug` (None: a new concept, its id being
    `record.slug`), in one transaction.

    Refused, with nothing saved and the typed record inside the error: content the importer
    would refuse (DraftInvalid), a base version older than the published one
    (VersionConflict), a draft saved by someone else since (DraftConflict: `lock_version`
    is not the draft's, or another person's draft is overwritten without naming it).
    Saving a draft in review takes it out of review: the reviewer approves what they read.
    `rules` None skips the content checks (an import as drafts checks its drafts together
    before); approval runs them always.
    """
    actor_role(session, actor)  # a disabled account writes nothing
    begin_write(session)
    try:
        row = save_in_transaction(
            session, scheme_id, actor, slug, record, base_version, change_note, rules, lock_version
        )
        draft = draft_view(row)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return draft


def save_in_transaction(
    session: Session,
    scheme_id: str,
    actor: Actor,
    slug: str | None,
    record: ConceptRecord,
    base_version: int,
    change_note: str,
    rules: Rules | None,
    lock_version: int | None,
) -> ConceptDraft:
    """`save_draft`'s work inside a write transaction the caller opened and commits (an
    import as drafts saves many in one); the draft's row."""
    is_new = slug is None
    if is_new:
        if published_concept(session, scheme_id, record.slug) is not None:
            raise DraftInvalid(
                [_problem(record.slug, "id", f"a concept with id '{record.slug}' exists already")],
                record,
            )
        base_version = 0
    else:
        if slug != record.slug:
            raise DraftInvalid(
                [_problem(str(slug), "id", "the id of a concept cannot change")], record
            )
        if published_concept(session, scheme_id, record.slug) is None:
            raise ConceptNotFound(f"no published concept '{record.slug[:100]}'")
        _check_base(session, scheme_id, record, base_version)
    if rules is not None:
        _check(session, scheme_id, record, rules)

    row = draft_row(session, scheme_id, record.slug, for_update=True, mine=record)
    now = utcnow()
    if row is None:
        if lock_version not in (None, 0):
            raise DraftConflict(record, 0, "the draft you edited has been published or deleted")
        row = ConceptDraft(
            scheme_id=scheme_id,
            slug=record.slug,
            kind="concept",
            is_new=is_new,
            created_at=now,
            lock_version=0,
        )
        session.add(row)
    else:
        if is_new and not row.is_new:
            raise DraftInvalid([_problem(record.slug, "id", "this id is taken")], record)
        check_lock(row, actor, lock_version, record)
    row.status = DraftStatus.DRAFT
    row.author_pk = actor.user_pk
    row.base_version = base_version
    row.record = record_json(record)
    row.change_note = change_note
    row.reason = ""
    row.updated_at = now
    row.lock_version = (row.lock_version or 0) + 1
    try:
        session.flush()
    except IntegrityError:
        # Another person's first draft of this concept was committed meanwhile (PostgreSQL:
        # the unique key waited for it); the transaction is spoilt, the caller rolls back.
        raise DraftConflict(
            record, 1, "someone else saved a draft of this concept just now"
        ) from None
    record_audit = {"lock_version": row.lock_version, "base_version": base_version}
    audit.record(session, actor, "draft.save", _target(record.slug), record_audit)
    session.refresh(row, ["author"])
    return row


def delete_draft(
    session: Session, scheme_id: str, actor: Actor, slug: str, lock_version: int | None = None
) -> None:
    """Throw a draft away: its author may, and reviewers and admins may."""
    delete_row(session, scheme_id, actor, CONCEPT, slug, lock_version)


def submit(
    session: Session, scheme_id: str, actor: Actor, slug: str, lock_version: int | None = None
) -> Draft:
    """Send a draft (or a rejected one, reworked) to review; only its author does."""
    return submit_row(session, scheme_id, actor, CONCEPT, slug, lock_version, draft_view)


def reject(
    session: Session,
    scheme_id: str,
    actor: Actor,
    slug: str,
    reason: str,
    lock_version: int | None = None,
) -> Draft:
    """Send a draft in review back to its author with a reason (required)."""
    return reject_row(session, scheme_id, actor, CONCEPT, slug, reason, lock_version, draft_view)


def approve(
    session: Session,
    scheme_id: str,
    actor: Actor,
    slug: str,
    rules: Rules,
    lock_version: int | None = None,
) -> Published:
    """Publish a draft in review: reviewers and admins only, never its author (OwnDraft).

    The importer's checks run again (another concept may have taken a label since), the
    published version must still be the draft's base (VersionConflict), and then one
    transaction writes the concept, bumps the data revision (ETags, change feed, caches and
    search indexes follow), records the version, deletes the draft and audits the approval.
    """

    def prepare(row: ConceptDraft) -> Prepared:
        draft = draft_view(row)
        if not draft.is_new:
            _check_base(session, scheme_id, draft.record, draft.base_version)
        elif published_concept(session, scheme_id, slug) is not None:
            raise DraftInvalid([_problem(slug, "id", "a concept with this id was published since")])
        base_version = draft.base_version

        def link_consultations(applied: Applied) -> None:
            # The rounds that asked about this draft now point at the version it became.
            consultation_links.record_publication(session, scheme_id, slug, base_version)

        return _check(session, scheme_id, draft.record, rules), link_consultations

    revision = approve_row(session, scheme_id, actor, CONCEPT, slug, lock_version, prepare)
    version = concept_version(session, scheme_id, slug)
    session.rollback()
    return Published(slug, version, revision)
