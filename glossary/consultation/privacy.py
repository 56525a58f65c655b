"""Participants' personal data: a name and an address, kept only while needed.

They go with the feedback retention period (`GLOSSARY_FEEDBACK_RETENTION_MONTHS`) after the
round closed, by the same `flask glossary feedback prune`; the answers stay (they are
about the drafts, not the person), signed by the participant's number in the round.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from glossary.accounts.audit import Actor, record
from glossary.consultation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationItem,
    ConsultationParticipant,
)
from glossary.database import begin_write
from glossary.feedback.models import MailMessage
from glossary.feedback.privacy import retention_cutoff


def _erase(session: Session, participants: list[ConsultationParticipant]) -> None:
    """Forget the names and addresses of these participants, and the invitations mailed to
    them (invitations are the only outbox mail without a submission); their answers stay."""
    addresses = {participant.email for participant in participants if participant.email}
    for participant in participants:
        participant.name = None
        participant.email = None
    if addresses:
        session.execute(
            delete(MailMessage).where(
                MailMessage.submission_pk.is_(None), MailMessage.recipient.in_(addresses)
            )
        )


def prune(session: Session, months: int, now: datetime | None = None) -> int:
    """Erase the names and addresses of the participants of rounds closed more than
    `months` months ago, and the invitations mailed to them; one transaction, audited.
    Returns how many rounds were erased."""
    moment, cutoff = retention_cutoff(months, now)
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
    _erase(session, [participant for round_ in due for participant in round_.participants])
    for consultation in due:
        consultation.erased_at = moment
    record(
        session, Actor.cli(), "consultation.prune", detail={"erased": len(due), "months": months}
    )
    session.commit()
    return len(due)


def _participants(session: Session, email: str) -> list[ConsultationParticipant]:
    address = email.strip().lower()
    return list(
        session.scalars(
            select(ConsultationParticipant)
            .where(func.lower(ConsultationParticipant.email) == address)
            .order_by(ConsultationParticipant.pk)
        )
    )


def export_participant(session: Session, email: str) -> list[dict[str, Any]]:
    """Every round the person with this address was invited to, with the name the editor
    gave and their answers (a data subject's access request, beside their feedback)."""
    found = []
    for participant in _participants(session, email):
        answers = session.execute(
            select(ConsultationItem.slug, ConsultationAnswer.position, ConsultationAnswer.comment)
            .join(ConsultationItem, ConsultationItem.pk == ConsultationAnswer.item_pk)
            .where(ConsultationAnswer.participant_pk == participant.pk)
            .order_by(ConsultationItem.pk)
        )
        found.append(
            {
                "consultation": participant.consultation.title,
                "closes": participant.consultation.closes_at.isoformat(),
                "invited": participant.created_at.isoformat(),
                "via": participant.via,
                "name": participant.name,
                "email": participant.email,
                "answers": [
                    {"concept": slug, "position": position.value, "comment": comment}
                    for slug, position, comment in answers
                ],
            }
        )
    return found


def erase_participant(session: Session, email: str, actor: Actor) -> int:
    """Erase the name and address of every invitation to this address, and the mail sent
    to it, at once (a data subject's erasure request); the answers stay, unsigned. Returns
    how many invitations changed; the audit entry names no address, only the count."""
    begin_write(session)
    participants = _participants(session, email)
    _erase(session, participants)
    record(session, actor, "consultation.erase_person", detail={"erased": len(participants)})
    session.commit()
    return len(participants)
