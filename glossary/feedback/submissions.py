"""Submissions from the public: check, store (with a private status token), find, answer.

One path for the web forms and the API: both build a `FeedbackInput` and call `submit`, so
the limits and checks are the same whichever door a submission comes through.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glossary.accounts.audit import Actor, record
from glossary.database import begin_write, row_by_link_secret, row_for_write
from glossary.feedback import mail
from glossary.feedback.models import (
    CLOSED,
    EMAIL_LENGTH,
    FIELD_LENGTH,
    MESSAGE_LENGTH,
    NAME_LENGTH,
    TERM_LENGTH,
    FeedbackKind,
    FeedbackStatus,
    FeedbackSubmission,
)
from glossary.field_problems import Problem, ProblemsError
from glossary.models import utcnow
from glossary.secret_tokens import digest, new_secret
from glossary.services import concepts
from glossary.text import typed_text

# Kinds that are about one concept of the framework, so they name it.
CONCEPT_KINDS = frozenset(
    {
        FeedbackKind.UNCLEAR,
        FeedbackKind.WRONG,
        FeedbackKind.MISSING_SYNONYM,
        FeedbackKind.TRANSLATION,
        FeedbackKind.RELATED_TERM,
    }
)
REPLY_LENGTH = MESSAGE_LENGTH


@dataclass(frozen=True)
class FeedbackInput:
    """What a submitter typed, before any check. `concept` is an id or any label."""

    kind: str
    message: str
    concept: str | None = None
    term: str | None = None
    definition: str | None = None
    source: str | None = None
    context: str | None = None
    name: str | None = None
    organisation: str | None = None
    email: str | None = None
    consent: bool = False


class FeedbackError(ProblemsError):
    """The submission cannot be stored; every problem found is listed."""


@dataclass(frozen=True)
class NewSubmission:
    """A stored submission; `token` exists only here (its digest is stored)."""

    pk: int
    token: str


@dataclass(frozen=True)
class Scope:
    """The framework a submission's concept is looked up in."""

    scheme_id: str
    source_language: str


def _clean(value: str | None) -> str | None:
    """Plain text as typed (`typed_text`); empty is None, stored as NULL."""
    return typed_text(value) or None


LIMITS: dict[str, int] = {
    "message": MESSAGE_LENGTH,
    "concept": TERM_LENGTH,
    "term": TERM_LENGTH,
    "definition": FIELD_LENGTH,
    "source": FIELD_LENGTH,
    "context": FIELD_LENGTH,
    "name": NAME_LENGTH,
    "organisation": NAME_LENGTH,
    "email": EMAIL_LENGTH,
}


# One @, something on both sides, a dot in the domain, no blanks: enough to catch typing
# slips (whether it works is only known when mail arrives). The OpenAPI document states the
# same pattern for the API's `email`.
EMAIL_PATTERN = re.compile(r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$")


def looks_like_email(value: str) -> bool:
    return EMAIL_PATTERN.fullmatch(value) is not None


def check(data: FeedbackInput) -> list[Problem]:
    """Every problem of `data` that does not need the database (lengths, kinds, e-mail)."""
    problems: list[Problem] = []
    for name, limit in LIMITS.items():
        value = _clean(getattr(data, name))
        if value is not None and len(value) > limit:
            problems.append(Problem(name, f"at most {limit} characters, got {len(value)}"))
    try:
        kind = FeedbackKind(data.kind)
    except ValueError:
        choices = ", ".join(kind.value for kind in FeedbackKind)
        problems.append(Problem("kind", f"must be one of {choices}"))
        kind = None
    # A proposal may say all in its term and definition; a remark is its message.
    if _clean(data.message) is None and kind is not FeedbackKind.NEW_TERM:
        problems.append(Problem("message", "is required"))
    if kind is FeedbackKind.NEW_TERM and _clean(data.term) is None:
        problems.append(Problem("term", "is required for a new term"))
    if kind in CONCEPT_KINDS and _clean(data.concept) is None:
        problems.append(Problem("concept", f"is required for kind '{data.kind}'"))
    email = _clean(data.email)
    if email is not None and not looks_like_email(email):
        problems.append(Problem("email", "is not an e-mail address"))
    if data.consent and email is None:
        problems.append(Problem("consent", "needs an e-mail address to be contacted at"))
    return problems


def resolve_concept(session: Session, scope: Scope, text: str) -> str | None:
    """The id of the concept `text` names: its id, or any of its labels (as /api/v1/resolve)."""
    found = concepts.get_concept(session, scope.scheme_id, text)
    if found is not None:
        return found.slug
    resolution = concepts.resolve_label(
        session, scope.scheme_id, text, source_language=scope.source_language
    )
    return resolution.concept.slug if resolution is not None else None


def submit(
    session: Session, scope: Scope, data: FeedbackInput, via: str, notice: mail.Notice
) -> NewSubmission:
    """Store a submission and the editors' notice in one transaction; return its token.

    The notice only enters the outbox here; it is sent after the commit (mail.deliver_due),
    so a mail server that is down never costs a submission.
    """
    problems = check(data)
    concept = _clean(data.concept)
    slug = None
    if concept is not None and not any(problem.field == "concept" for problem in problems):
        slug = resolve_concept(session, scope, concept)
        if slug is None:
            problems.append(Problem("concept", f"no concept has the id or label '{concept}'"))
    if problems:
        raise FeedbackError(problems)
    token = new_secret()
    email = _clean(data.email)
    submission = FeedbackSubmission(
        kind=FeedbackKind(data.kind),
        concept_slug=slug,
        proposed_term=_clean(data.term),
        proposed_definition=_clean(data.definition),
        proposed_source=_clean(data.source),
        proposed_context=_clean(data.context),
        message=_clean(data.message) or "",
        name=_clean(data.name),
        organisation=_clean(data.organisation),
        email=email.lower() if email else None,
        consent=bool(data.consent and email),
        status=FeedbackStatus.NEW,
        token_digest=digest(token),
        via=via,
        created_at=utcnow(),
    )
    begin_write(session)
    session.add(submission)
    session.flush()
    mail.queue_new_submission(session, submission, notice)
    session.commit()
    return NewSubmission(pk=submission.pk, token=token)


def find_by_token(session: Session, token: str) -> FeedbackSubmission | None:
    """The submission whose status token this is; None for any other string."""
    return row_by_link_secret(session, FeedbackSubmission, token)


def get_submission(session: Session, pk: int) -> FeedbackSubmission | None:
    return session.get(FeedbackSubmission, pk)


@dataclass(frozen=True)
class QueueFilter:
    """What the editors' queue shows: None means any."""

    kind: FeedbackKind | None = None
    concept: str | None = None
    status: FeedbackStatus | None = None


def queue(
    session: Session, wanted: QueueFilter, limit: int = 50, offset: int = 0
) -> Sequence[FeedbackSubmission]:
    """Submissions for the editors, oldest open first (the longest waiting on top)."""
    statement = select(FeedbackSubmission)
    if wanted.kind is not None:
        statement = statement.where(FeedbackSubmission.kind == wanted.kind)
    if wanted.concept:
        statement = statement.where(FeedbackSubmission.concept_slug == wanted.concept)
    if wanted.status is not None:
        statement = statement.where(FeedbackSubmission.status == wanted.status)
    statement = (
        statement.order_by(FeedbackSubmission.created_at, FeedbackSubmission.pk)
        .limit(limit)
        .offset(offset)
    )
    return session.scalars(statement).all()


def counts(session: Session) -> dict[FeedbackStatus, int]:
    """How many submissions are in each status (every status listed, zero included)."""
    rows = session.execute(
        select(FeedbackSubmission.status, func.count(FeedbackSubmission.pk)).group_by(
            FeedbackSubmission.status
        )
    ).all()
    found = {FeedbackStatus(status): int(number) for status, number in rows}
    return {status: found.get(status, 0) for status in FeedbackStatus}


def answer(
    session: Session,
    pk: int,
    status: FeedbackStatus,
    reply: str | None,
    actor: Actor,
    notice: mail.Notice,
) -> FeedbackSubmission:
    """Set a submission's status and reply (shown on its status page), in one transaction
    with its audit entry. A new reply is mailed to a submitter who consented."""
    text = _clean(reply)
    if text is not None and len(text) > REPLY_LENGTH:
        raise FeedbackError([Problem("reply", f"at most {REPLY_LENGTH} characters")])
    submission = row_for_write(session, FeedbackSubmission, pk, "submission")
    now = utcnow()
    replied = text is not None and text != submission.reply
    submission.status = status
    submission.reply = text
    if replied:
        submission.replied_at = now
    submission.closed_at = (submission.closed_at or now) if status in CLOSED else None
    if replied:
        mail.queue_reply(session, submission, notice)
    record(
        session,
        actor,
        "feedback.answer",
        f"feedback:{pk}",
        {"status": status.value, "replied": replied},
    )
    session.commit()
    return submission


def is_open(submission: FeedbackSubmission) -> bool:
    return submission.status not in CLOSED
