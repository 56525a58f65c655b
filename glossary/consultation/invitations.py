"""Inviting participants: by e-mail through the feedback mail outbox (only when SMTP_URL is
set), or by a personal link the editor hands over. Either way the participant gets an
unguessable token of their own; only its digest is stored."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from glossary.accounts.audit import Actor, record
from glossary.consultation.models import EMAIL_LENGTH, NAME_LENGTH, Consultation
from glossary.consultation.rounds import ConsultationError, add_participant, is_closed
from glossary.database import row_for_write
from glossary.feedback.mail import Notice
from glossary.feedback.models import MailMessage
from glossary.feedback.submissions import looks_like_email
from glossary.field_problems import Problem
from glossary.models import utcnow
from glossary.text import typed_text

PARTICIPANT_PATH = "consultatie/"


@dataclass(frozen=True)
class Invitation:
    """A new participant's personal link (shown to the editor once) and whether an
    e-mail with it was queued."""

    participant_pk: int
    token: str
    link: str
    mailed: bool


def _check(name: str, email: str, by_mail: bool, notice: Notice) -> list[Problem]:
    problems = []
    if len(name) > NAME_LENGTH:
        problems.append(Problem("name", f"at most {NAME_LENGTH} characters"))
    if len(email) > EMAIL_LENGTH:
        problems.append(Problem("email", f"at most {EMAIL_LENGTH} characters"))
    elif email and not looks_like_email(email):
        problems.append(Problem("email", "is not an e-mail address"))
    if by_mail and not email:
        problems.append(Problem("email", "is required to invite by e-mail"))
    if by_mail and not notice.enabled:
        problems.append(Problem("email", "no mail is sent here (SMTP_URL is not set)"))
    return problems


def _mail(consultation: Consultation, name: str, link: str, language: str) -> tuple[str, str]:
    """The invitation's subject and body, in the language mail is written in."""
    closes = consultation.closes_at.strftime("%Y-%m-%d %H:%M UTC")
    with force_locale(language):
        subject = gettext("[Begrippenkader] consultation: %(title)s", title=consultation.title)
        paragraphs = [
            gettext("Dear %(name)s,", name=name) if name else "",
            gettext(
                "You are invited to give your view on proposed changes to the "
                'Begrippenkader: "%(title)s".',
                title=consultation.title,
            ),
            gettext("Your personal page (no account needed; do not pass it on):") + "\n" + link,
            gettext("You can change your answers until %(closes)s.", closes=closes),
        ]
    return subject[:300], "\n\n".join(paragraph for paragraph in paragraphs if paragraph) + "\n"


def invite(
    session: Session,
    consultation_pk: int,
    actor: Actor,
    name: str | None,
    email: str | None,
    by_mail: bool,
    notice: Notice,
) -> Invitation:
    """Add a participant to an open round in one transaction with its audit entry (which
    names no one); with `by_mail`, the invitation enters the outbox and is sent after the
    commit (glossary.feedback.mail.deliver_due), retried like any other mail."""
    name_text, address = typed_text(name), typed_text(email).lower()
    problems = _check(name_text, address, by_mail, notice)
    if problems:
        raise ConsultationError(problems)
    consultation = row_for_write(session, Consultation, consultation_pk, "consultation")
    if is_closed(consultation):
        session.rollback()
        raise ConsultationError([Problem("consultation", "is closed: no one can join it")])
    invited = add_participant(
        session, consultation, name_text, address, "mail" if by_mail else "link"
    )
    link = notice.link(PARTICIPANT_PATH + invited.token)
    if by_mail:
        subject, body = _mail(consultation, name_text, link, notice.language)
        session.add(
            MailMessage(
                submission_pk=None,
                recipient=address,
                subject=subject,
                body=body,
                created_at=utcnow(),
                attempts=0,
                next_attempt_at=utcnow(),
            )
        )
    record(
        session,
        actor,
        "consultation.invite",
        f"consultation:{consultation.pk}",
        {"participant": invited.pk, "by_mail": by_mail},
    )
    session.commit()
    return Invitation(invited.pk, invited.token, link, by_mail)
