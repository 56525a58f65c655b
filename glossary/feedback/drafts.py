"""Turning a feedback submission into a draft, and following the draft to its publication.

An editor reading a remark on a concept, or a proposed term, starts the draft from the
submission itself ("Maak een ontwerp"): the concept's draft (an existing one is opened, not
replaced), or for a proposal a new concept prefilled with the proposed term, definition and
source. The submission keeps the draft's slug and the moment of the link; the draft editor
finds its submissions by that slug, and the submission finds the version that published its
draft as the concept's first version published after the link (a published draft is deleted,
so nothing else would remember it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from glossary.accounts import audit
from glossary.accounts.audit import Actor
from glossary.database import begin_write
from glossary.editing import drafts
from glossary.editing.draft_rows import draft_row, lost_race
from glossary.editing.errors import ConceptNotFound, DraftConflict
from glossary.editing.models import ConceptDraft, ConceptVersion
from glossary.editing.published import published_concept
from glossary.feedback.models import FeedbackKind, FeedbackStatus, FeedbackSubmission
from glossary.model_enums import ConceptStatus, NoteKind
from glossary.records import ConceptRecord, LanguageLabels
from glossary.text import SLUG, slugify
from glossary.timeutil import utcnow

SLUG_ROOM = 190  # characters of a slug before its "-2", "-3", ... (slugs hold 200)
FALLBACK_SLUG = "nieuw-begrip"


class NothingToDraft(Exception):
    """The submission names no concept and proposes no term (kind `other`)."""


@dataclass(frozen=True)
class SeededDraft:
    """The draft a submission leads to; `created` is False when an existing one was opened."""

    submission_pk: int
    slug: str
    created: bool


@dataclass(frozen=True)
class DraftLink:
    """Where a submission's draft stands: still a draft (`is_open`), published (the
    concept's `published_version`), or neither (deleted unpublished)."""

    slug: str
    is_open: bool
    published_version: int | None


def _free_slug(session: Session, scheme_id: str, term: str) -> str:
    """An id for a proposed concept: the term's slug, numbered when a concept or a draft
    has it already."""
    base = slugify(term)[:SLUG_ROOM].strip("-")
    if not SLUG.fullmatch(base):
        base = FALLBACK_SLUG
    number = 1
    while True:
        slug = base if number == 1 else f"{base}-{number}"
        if (
            published_concept(session, scheme_id, slug) is None
            and draft_row(session, scheme_id, slug) is None
        ):
            return slug
        number += 1


def proposed_record(slug: str, submission: FeedbackSubmission, language: str) -> ConceptRecord:
    """A new concept as the submitter proposed it: the term as preferred label in the
    source language, the definition, and the source (free text, so an editorial note the
    editor turns into a cited source)."""
    notes: dict[tuple[str, str], str] = {}
    if submission.proposed_definition:
        notes[(NoteKind.DEFINITION.value, language)] = submission.proposed_definition
    if submission.proposed_source:
        notes[(NoteKind.EDITORIAL_NOTE.value, language)] = submission.proposed_source
    return ConceptRecord(
        slug=slug,
        clusters=(),
        status=ConceptStatus.VALID.value,
        labels={language: LanguageLabels(pref=submission.proposed_term or slug)},
        notes=notes,
    )


def _open_link(session: Session, scheme_id: str, submission: FeedbackSubmission) -> str | None:
    """The slug of the submission's draft when that draft is still there."""
    slug = submission.draft_slug
    if slug is not None and draft_row(session, scheme_id, slug) is not None:
        return slug
    return None


def seed_draft(
    session: Session,
    scheme_id: str,
    source_language: str,
    pk: int,
    actor: Actor,
    change_note: str,
) -> SeededDraft:
    """Make (or open) the draft submission `pk` asks for and link the two, in one
    transaction with its audit entries; a new submission is set in progress.

    A remark on a concept opens the concept's draft if one exists, else starts one from the
    published text; a proposed term becomes a new concept draft under a free id. Content is
    not checked here (the editor is where it gets fixed; approval checks it all).
    LookupError: no such submission; NothingToDraft: nothing to draft; ConceptNotFound: the
    concept was removed since the submission; DraftConflict: another editor made the same
    draft at the same moment.
    """
    drafts.actor_role(session, actor)  # a disabled account writes nothing
    begin_write(session)
    try:
        submission = session.get(FeedbackSubmission, pk, populate_existing=True)
        if submission is None:
            raise LookupError(f"no submission {pk}")
        linked = _open_link(session, scheme_id, submission)
        if linked is not None:
            session.rollback()  # nothing to write: the link and the draft are there
            return SeededDraft(pk, linked, created=False)
        if submission.concept_slug is not None:
            slug, created = _concept_draft(
                session, scheme_id, actor, submission.concept_slug, change_note
            )
        elif submission.kind is FeedbackKind.NEW_TERM and submission.proposed_term:
            slug = _free_slug(session, scheme_id, submission.proposed_term)
            record = proposed_record(slug, submission, source_language)
            drafts.save_in_transaction(
                session, scheme_id, actor, None, record, 0, change_note, None, None
            )
            created = True
        else:
            raise NothingToDraft(f"submission {pk} names no concept and proposes no term")
        submission.draft_slug = slug
        submission.draft_linked_at = utcnow()
        if submission.status is FeedbackStatus.NEW:
            submission.status = FeedbackStatus.IN_PROGRESS
        audit.record(
            session,
            actor,
            "feedback.draft",
            f"feedback:{pk}",
            {"draft": slug, "created": created},
        )
        session.commit()
    except DBAPIError as error:
        session.rollback()
        if not lost_race(error):
            raise
        # PostgreSQL: someone linked this submission or saved this draft under our snapshot.
        detail = "someone else made or linked this draft at the same moment; try again"
        raise DraftConflict(None, 0, detail) from None
    except BaseException:
        session.rollback()
        raise
    return SeededDraft(pk, slug, created)


def _concept_draft(
    session: Session, scheme_id: str, actor: Actor, slug: str, change_note: str
) -> tuple[str, bool]:
    if draft_row(session, scheme_id, slug) is not None:
        return slug, False  # someone's draft of the concept: the submission joins it
    if published_concept(session, scheme_id, slug) is None:
        raise ConceptNotFound(f"no published concept '{slug[:100]}'")
    record = drafts.stored_record(session, scheme_id, slug)
    base = drafts.concept_version(session, scheme_id, slug)
    drafts.save_in_transaction(
        session, scheme_id, actor, slug, record, base, change_note, None, None
    )
    return slug, True


def draft_link(
    session: Session, scheme_id: str, submission: FeedbackSubmission
) -> DraftLink | None:
    """Where the submission's draft stands, for its page; None when it has none."""
    slug = submission.draft_slug
    if slug is None or submission.draft_linked_at is None:
        return None
    published = session.scalar(
        select(ConceptVersion.version)
        .where(
            ConceptVersion.scheme_id == scheme_id,
            ConceptVersion.slug == slug,
            ConceptVersion.published_at >= submission.draft_linked_at,
        )
        .order_by(ConceptVersion.version)
        .limit(1)
    )
    is_open = published is None and draft_row(session, scheme_id, slug) is not None
    return DraftLink(slug, is_open, published)


def submissions_of_draft(session: Session, scheme_id: str, slug: str) -> list[int]:
    """The submissions linked to the concept's current draft (linked since it was started),
    oldest first: the draft editor shows "from feedback #N"."""
    return list(
        session.scalars(
            select(FeedbackSubmission.pk)
            .join(
                ConceptDraft,
                (ConceptDraft.slug == FeedbackSubmission.draft_slug)
                & (ConceptDraft.scheme_id == scheme_id),
            )
            .where(
                FeedbackSubmission.draft_slug == slug,
                FeedbackSubmission.draft_linked_at >= ConceptDraft.created_at,
            )
            .order_by(FeedbackSubmission.pk)
        )
    )
