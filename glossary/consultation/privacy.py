"""Participants' personal data: a name and an address, kept only while needed.

They go with the feedback retention period (`GLOSSARY_FEEDBACK_RETENTION_MONTHS`) after the
round closed, by the same `flask glossary feedback prune`; the answers stay (they are
about the drafts, not the person), signed by the participant's number in the round.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from glossary.accounts.audit import Actor, record
from glossary.consultation.models import Consultation
from glossary.database import begin_write
from glossary.feedback.models import MailMessage
from glossary.feedback.privacy import months_before
from glossary.models import utcnow


def prune(session: Session, months: int, now: datetime | None = None) -> int:
    """Erase the names and addresses of the participants of rounds closed more than
    `months` months ago, and the invitations mailed to them; one transaction, audited.
    Returns how many rounds were erased."""
    if months < 1:
        raise ValueError("the retention must be at least one month")
    moment = now or utcnow()
    cutoff = months_before(moment, months)
    begin_write(session)
    due = session.scalars(
        select(Consultation).where(
            Consultation.erased_at.is_(None),
            or_(
                Consultation.closed_at < cutoff,
                Consultation.closes_at < cutoff,
            ),
        )
    ).all()
    addresses: set[str] = set()
    for consultation in due:
        for participant in consultation.participants:
            if participant.email:
                addresses.add(participant.email)
            participant.name = None
            participant.email = None
        consultation.erased_at = moment
    if addresses:
        # Invitations are the only outbox mail without a submission.
        session.execute(
            delete(MailMessage).where(
                MailMessage.submission_pk.is_(None), MailMessage.recipient.in_(addresses)
            )
        )
    record(
        session, Actor.cli(), "consultation.prune", detail={"erased": len(due), "months": months}
    )
    session.commit()
    return len(due)
