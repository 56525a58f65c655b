"""The four-eyes workflow over a draft row of any kind (concept, cluster, source, scheme):
who may see, write, submit, reject, delete and approve it, and publishing an approved draft
in the importer's one transaction.

`drafts` (concepts) and `parts` (clusters, sources, the scheme's texts) differ only in the
record they hold and how it is checked and planned; the steps here are theirs both, so a
rule of the workflow (four eyes, a lock version, a rejection needs a reason) holds for every
kind by construction. Each step returns the surface's view of the row (`view`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from glossary.accounts import audit
from glossary.accounts.audit import Actor
from glossary.accounts.models import Role, User
from glossary.database import begin_write
from glossary.editing.draft_rows import draft_row, lost_race
from glossary.editing.errors import (
    DraftConflict,
    DraftInvalid,
    DraftNotFound,
    NotAllowed,
    OwnDraft,
    WrongStatus,
)
from glossary.editing.models import ConceptDraft, DraftStatus
from glossary.editing.version_rows import Provenance
from glossary.formats.csvfile import Problem
from glossary.importing import PlanOutdated, apply_change
from glossary.importing.apply import Applied
from glossary.importing.plan import ChangePlan
from glossary.records import ConceptRecord
from glossary.timeutil import utcnow

V = TypeVar("V")

# How often an approval plans again when an import or another publication moved the data
# on between planning and applying.
PUBLISH_ATTEMPTS = 3

# What an approval publishes once the draft is checked: the change plan, and the writes
# that join its transaction (the published version of a cluster, source or scheme).
Prepared = tuple[ChangePlan, Callable[[Applied], None] | None]


def target(kind: str, slug: str) -> str:
    """The audit log's name of a draft's subject."""
    return f"{kind}:{slug}"


def actor_role(session: Session, actor: Actor) -> Role:
    """The role an actor writes with; the command line acts as the host's administrator."""
    if actor.user_pk is None:
        return Role.ADMIN
    user = session.get(User, actor.user_pk)
    if user is None or not user.active:
        raise NotAllowed("this account is unknown or disabled")
    return user.role


def may_see(row: ConceptDraft, actor: Actor, role: Role) -> bool:
    """Editors see their own drafts and those in review; reviewers and admins every one."""
    return (
        role is not Role.EDITOR
        or row.author_pk == actor.user_pk
        or row.status is DraftStatus.IN_REVIEW
    )


def check_lock(
    row: ConceptDraft, actor: Actor, lock_version: int | None, mine: ConceptRecord | None = None
) -> None:
    """Refuse a save over a draft that changed since the saver read it, or over another
    person's draft without naming its lock_version."""
    if lock_version is not None and lock_version != row.lock_version:
        raise DraftConflict(
            mine,
            row.lock_version,
            f"the draft was saved by someone else since you opened it (draft version "
            f"{row.lock_version}, yours {lock_version}); compare and save again",
        )
    if lock_version is None and row.author_pk != actor.user_pk:
        raise DraftConflict(
            mine,
            row.lock_version,
            f"someone else has a draft of this {row.kind}; name its lock_version to replace it",
        )


def writable_row(
    session: Session,
    scheme_id: str,
    kind: str,
    slug: str,
    actor: Actor,
    lock_version: int | None,
) -> tuple[ConceptDraft, Role]:
    role = actor_role(session, actor)
    row = draft_row(session, scheme_id, slug, for_update=True, kind=kind)
    if row is None or not may_see(row, actor, role):
        raise DraftNotFound(f"no draft of '{slug[:100]}'")
    if lock_version is not None and lock_version != row.lock_version:
        raise DraftConflict(
            None, row.lock_version, "the draft changed since you read it; read it again"
        )
    return row, role


def reviewable_row(
    session: Session,
    scheme_id: str,
    kind: str,
    slug: str,
    actor: Actor,
    lock_version: int | None,
) -> ConceptDraft:
    row, role = writable_row(session, scheme_id, kind, slug, actor, lock_version)
    if role is Role.EDITOR:
        raise NotAllowed("only a reviewer or an admin approves or rejects a draft")
    if row.status is not DraftStatus.IN_REVIEW:
        raise WrongStatus(f"the draft is not in review (it is {row.status.value})")
    return row


def delete_row(
    session: Session, scheme_id: str, actor: Actor, kind: str, slug: str, lock_version: int | None
) -> None:
    """Throw a draft away: its author may, and reviewers and admins may."""
    begin_write(session)
    try:
        row, role = writable_row(session, scheme_id, kind, slug, actor, lock_version)
        if role is Role.EDITOR and row.author_pk != actor.user_pk:
            raise NotAllowed("only the author, a reviewer or an admin may delete a draft")
        session.delete(row)
        audit.record(session, actor, "draft.delete", target(kind, slug))
        session.commit()
    except BaseException:
        session.rollback()
        raise


def submit_row(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    slug: str,
    lock_version: int | None,
    view: Callable[[ConceptDraft], V],
) -> V:
    """Send a draft (or a rejected one, reworked) to review; only its author does."""
    begin_write(session)
    try:
        row, _ = writable_row(session, scheme_id, kind, slug, actor, lock_version)
        if row.author_pk != actor.user_pk:
            raise NotAllowed("only the author of a draft submits it")
        if row.status is DraftStatus.IN_REVIEW:
            raise WrongStatus("the draft is in review already")
        row.status = DraftStatus.IN_REVIEW
        row.reason = ""
        row.updated_at = utcnow()
        audit.record(session, actor, "draft.submit", target(kind, slug))
        session.flush()
        shown = view(row)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return shown


def reject_row(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    slug: str,
    reason: str,
    lock_version: int | None,
    view: Callable[[ConceptDraft], V],
) -> V:
    """Send a draft in review back to its author with a reason (required)."""
    if not reason.strip():
        raise DraftInvalid(
            [Problem(f"/{kind}s/{slug}", 0, "reason", "say why the draft is rejected")]
        )
    begin_write(session)
    try:
        row = reviewable_row(session, scheme_id, kind, slug, actor, lock_version)
        row.status = DraftStatus.REJECTED
        row.reason = reason.strip()
        row.updated_at = utcnow()
        audit.record(
            session, actor, "draft.reject", target(kind, slug), {"reason": row.reason[:500]}
        )
        session.flush()
        shown = view(row)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return shown


def approve_row(
    session: Session,
    scheme_id: str,
    actor: Actor,
    kind: str,
    slug: str,
    lock_version: int | None,
    prepare: Callable[[ConceptDraft], Prepared],
) -> int | None:
    """Publish a draft in review: reviewers and admins only, never its author (OwnDraft).

    `prepare` checks the draft against the data now (its base version, the importer's
    checks) and plans it; then one transaction writes the plan, bumps the data revision,
    records the version, deletes the draft and audits the approval. When the data moved on
    between planning and applying, it plans again. The new revision number; None when the
    draft equalled the published state, so nothing changed."""
    for attempt in range(PUBLISH_ATTEMPTS):
        session.rollback()
        row = reviewable_row(session, scheme_id, kind, slug, actor, lock_version)
        if row.author_pk is not None and row.author_pk == actor.user_pk:
            raise OwnDraft()
        draft = (row.pk, row.lock_version, row.author_pk, row.change_note)
        change_plan, also = prepare(row)
        session.rollback()
        try:
            return _publish(session, actor, kind, slug, draft, change_plan, also)
        except PlanOutdated:
            if attempt == PUBLISH_ATTEMPTS - 1:
                raise
        except DBAPIError as error:
            # A publication or a save committed under this one's snapshot: plan again.
            session.rollback()
            if not lost_race(error) or attempt == PUBLISH_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _publish(
    session: Session,
    actor: Actor,
    kind: str,
    slug: str,
    draft: tuple[int, int, int | None, str],
    change_plan: ChangePlan,
    also: Callable[[Applied], None] | None,
) -> int | None:
    pk, lock_version, author_pk, change_note = draft

    def finish(applied: Applied | None) -> None:
        row = session.get(ConceptDraft, pk, populate_existing=True, with_for_update=True)
        # Under the write lock: the draft is still the one reviewed, and still in review.
        if row is None or row.lock_version != lock_version:
            raise DraftConflict(None, row.lock_version if row else 0, "the draft changed meanwhile")
        if row.status is not DraftStatus.IN_REVIEW:
            raise WrongStatus(f"the draft is no longer in review (it is {row.status.value})")
        session.delete(row)
        revision = applied.revision.number if applied is not None else None
        if applied is not None and also is not None:
            also(applied)
        audit.record(
            session,
            actor,
            "draft.approve",
            target(kind, slug),
            {"revision": revision, "lock_version": lock_version},
        )

    provenance = Provenance(author_pk=author_pk, reviewer_pk=actor.user_pk, change_note=change_note)
    _, revision = apply_change(session, change_plan, provenance, finish)
    if revision is None:
        # The draft equals the published state: nothing to publish, the draft goes.
        begin_write(session)
        try:
            finish(None)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return revision.number if revision else None
