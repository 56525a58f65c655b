"""Personal data of submitters: kept only as long as needed, exportable, erasable.

A submission keeps its text (it is feedback on the framework, not about the person); its
name, organisation and e-mail address, and every mail sent to that address, go
`GLOSSARY_FEEDBACK_RETENTION_MONTHS` months after it was closed (`flask glossary feedback
prune`, run daily), or at once for one person on request (`erase-person`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from glossary.accounts.audit import Actor, record
from glossary.database import begin_write
from glossary.feedback.models import FeedbackSubmission, MailMessage
from glossary.models import utcnow

DEFAULT_RETENTION_MONTHS = 12


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter
    month when the day does not exist there: 31 March minus one month is 28/29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def retention_cutoff(months: int, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The moment a prune runs (`now`, else the clock) and the moment before which what
    closed loses its personal data, `months` calendar months earlier; feedback and
    consultation rounds share the one retention setting. Fewer than one month is refused:
    a mistyped setting must not erase what closed today."""
    if months < 1:
        raise ValueError("the feedback retention must be at least one month")
    moment = now or utcnow()
    return moment, months_before(moment, months)


def _erase(submission: FeedbackSubmission, now: datetime) -> None:
    submission.name = None
    submission.organisation = None
    submission.email = None
    submission.consent = False
    submission.erased_at = now


def prune(session: Session, months: int, now: datetime | None = None) -> int:
    """Erase the personal data of submissions closed more than `months` months ago, and the
    mail sent about them; one transaction, recorded in the audit log. Returns how many."""
    moment, cutoff = retention_cutoff(months, now)
    begin_write(session)
    due = session.scalars(
        select(FeedbackSubmission).where(
            FeedbackSubmission.closed_at.is_not(None),
            FeedbackSubmission.closed_at < cutoff,
            FeedbackSubmission.erased_at.is_(None),
        )
    ).all()
    for submission in due:
        _erase(submission, moment)
    if due:
        session.execute(
            delete(MailMessage).where(MailMessage.submission_pk.in_([s.pk for s in due]))
        )
    record(session, Actor.cli(), "feedback.prune", detail={"erased": len(due), "months": months})
    session.commit()
    return len(due)


def _of_person(session: Session, email: str) -> list[FeedbackSubmission]:
    return list(
        session.scalars(
            select(FeedbackSubmission)
            .where(FeedbackSubmission.email == email.strip().lower())
            .order_by(FeedbackSubmission.pk)
        )
    )


def export_person(session: Session, email: str) -> dict[str, Any]:
    """Everything kept about the person with this address (a data subject's access
    request): their submissions with their status and reply, and the mail sent to them."""
    address = email.strip().lower()
    submissions = _of_person(session, address)
    messages = session.scalars(
        select(MailMessage).where(MailMessage.recipient == address).order_by(MailMessage.pk)
    ).all()
    return {
        "email": address,
        "submissions": [
            {
                "id": s.pk,
                "created": s.created_at.isoformat(),
                "kind": s.kind.value,
                "concept": s.concept_slug,
                "term": s.proposed_term,
                "definition": s.proposed_definition,
                "source": s.proposed_source,
                "context": s.proposed_context,
                "message": s.message,
                "name": s.name,
                "organisation": s.organisation,
                "email": s.email,
                "consent": s.consent,
                "status": s.status.value,
                "reply": s.reply,
                "closed": s.closed_at.isoformat() if s.closed_at else None,
            }
            for s in submissions
        ],
        "mail": [
            {
                "subject": m.subject,
                "created": m.created_at.isoformat(),
                "sent": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in messages
        ],
    }


def erase_person(session: Session, email: str, actor: Actor) -> int:
    """Erase the name, organisation and address of every submission with this address, and
    every mail to it, at once (a data subject's erasure request). Returns how many
    submissions changed; the audit entry names no address, only the count."""
    address = email.strip().lower()
    begin_write(session)
    submissions = _of_person(session, address)
    now = utcnow()
    for submission in submissions:
        _erase(submission, now)
    session.execute(
        delete(MailMessage).where(
            or_(
                MailMessage.recipient == address,
                MailMessage.submission_pk.in_([s.pk for s in submissions]),
            )
        )
    )
    record(session, actor, "feedback.erase_person", detail={"erased": len(submissions)})
    session.commit()
    return len(submissions)
