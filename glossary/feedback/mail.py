"""E-mail about feedback, through an outbox: queued in the transaction of what it tells of,
sent after that transaction by `deliver_due`, retried with growing pauses.

Mail is optional: without SMTP_URL nothing is queued. A failed delivery is logged and the
message stays queued; the submission it tells of was committed before any sending began.
SMTP_URL forms: smtp://host:25 (plain), smtp+starttls://user:password@host:587,
smtps://user:password@host:465.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask_babel import force_locale, gettext
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from glossary.accounts.models import User
from glossary.database import begin_write
from glossary.feedback.models import FeedbackSubmission, MailMessage
from glossary.models import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_PAUSE = timedelta(minutes=1)
SMTP_TIMEOUT_SECONDS = 10
# How long a sender holds the messages it is sending (several SMTP timeouts).
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class Notice:
    """Where mail goes and what its links start with; `smtp_url` empty means no mail."""

    smtp_url: str = ""
    sender: str = "begrippenkader@localhost"
    public_url: str = "http://localhost/"
    # The language mail is written in: the framework's source language (Dutch first), for the
    # public and the editors alike (a submitter's language is not kept: minimal personal data).
    language: str = "nl"

    @property
    def enabled(self) -> bool:
        return bool(self.smtp_url)

    def link(self, path: str) -> str:
        return self.public_url.rstrip("/") + "/" + path.lstrip("/")


def _editor_addresses(session: Session) -> list[str]:
    """Every active account: editors, reviewers and admins all handle feedback."""
    return list(session.scalars(select(User.email).where(User.active.is_(True))))


def _queue(
    session: Session, submission: FeedbackSubmission, to: str, subject: str, body: str
) -> None:
    session.add(
        MailMessage(
            submission_pk=submission.pk,
            recipient=to,
            subject=subject[:300],
            body=body,
            created_at=utcnow(),
            attempts=0,
            next_attempt_at=utcnow(),
        )
    )


def queue_new_submission(session: Session, submission: FeedbackSubmission, notice: Notice) -> None:
    """Tell every editor of a new submission (no personal data in the mail: the workspace
    shows them to the signed-in editor)."""
    if not notice.enabled:
        return
    about = submission.concept_slug or submission.proposed_term or "-"
    kind = submission.kind.value
    with force_locale(notice.language):
        subject = gettext(
            "[Begrippenkader] new feedback (%(kind)s): %(about)s", kind=kind, about=about
        )
        body = (
            "\n\n".join(
                (
                    gettext(
                        "A new submission (%(kind)s) about '%(about)s' arrived.",
                        kind=kind,
                        about=about,
                    ),
                    submission.message,
                    gettext(
                        "Handle it in the workspace: %(link)s",
                        link=notice.link(f"beheer/reacties/{submission.pk}"),
                    ),
                )
            )
            + "\n"
        )
    for address in _editor_addresses(session):
        _queue(session, submission, address, subject, body)


def queue_reply(session: Session, submission: FeedbackSubmission, notice: Notice) -> None:
    """Send the editors' reply to a submitter who gave an address and consented."""
    if not notice.enabled or not submission.consent or not submission.email:
        return
    about = submission.concept_slug or submission.proposed_term or ""
    with force_locale(notice.language):
        subject = gettext("[Begrippenkader] reply to your feedback %(about)s", about=about).strip()
        body = (
            "\n\n".join(
                (
                    gettext(
                        "Thank you for your feedback on the Begrippenkader (%(about)s).",
                        about=about,
                    ),
                    gettext("The editors replied:"),
                    submission.reply or "",
                    gettext(
                        "The status address you received when you sent it shows this reply too."
                    ),
                )
            )
            + "\n"
        )
    _queue(session, submission, submission.email, subject, body)


@dataclass(frozen=True)
class Delivery:
    sent: int
    failed: int


def _connect(url: str) -> smtplib.SMTP:
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    if parts.scheme == "smtps":
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            host, parts.port or 465, timeout=SMTP_TIMEOUT_SECONDS
        )
    elif parts.scheme in ("smtp", "smtp+starttls"):
        connection = smtplib.SMTP(host, parts.port or 25, timeout=SMTP_TIMEOUT_SECONDS)
        if parts.scheme == "smtp+starttls":
            connection.starttls()
    else:
        raise ValueError("SMTP_URL must start with smtp://, smtp+starttls:// or smtps://")
    if parts.username:
        connection.login(unquote(parts.username), unquote(parts.password or ""))
    return connection


def _due(session: Session, limit: int) -> Sequence[MailMessage]:
    return session.scalars(
        select(MailMessage)
        .where(
            MailMessage.sent_at.is_(None),
            MailMessage.attempts < MAX_ATTEMPTS,
            MailMessage.next_attempt_at <= utcnow(),
        )
        .order_by(MailMessage.pk)
        .limit(limit)
    ).all()


def _claim(session: Session, limit: int) -> list[MailMessage]:
    """The due messages this caller may send: each is leased (its next attempt moved past
    the lease) in one write, so another worker or a cron run at the same moment skips it
    instead of sending it twice. A sender that dies leaves the lease to expire."""
    due = [message.pk for message in _due(session, limit)]
    if not due:
        session.rollback()
        return []
    begin_write(session)
    now = utcnow()
    claimed = []
    for pk in due:
        result = session.execute(
            update(MailMessage)
            .where(
                MailMessage.pk == pk,
                MailMessage.sent_at.is_(None),
                MailMessage.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + LEASE)
        )
        if getattr(result, "rowcount", 0):
            claimed.append(pk)
    session.commit()
    return list(
        session.scalars(
            select(MailMessage).where(MailMessage.pk.in_(claimed)).order_by(MailMessage.pk)
        )
    )


def deliver_due(session: Session, notice: Notice, limit: int = 100) -> Delivery:
    """Send the queued messages that are due; commit each outcome on its own.

    Called after a request's write has committed and from `flask glossary feedback
    send-mail` (cron) for the retries: a failure is logged, counted on the message and
    retried after a pause that doubles each time (1, 2, 4 … minutes), up to MAX_ATTEMPTS.
    """
    if not notice.enabled:
        return Delivery(0, 0)
    session.commit()  # begin from the latest committed state, outside any caller's write
    pending = _claim(session, limit)
    if not pending:
        return Delivery(0, 0)
    sent = failed = 0
    try:
        connection = _connect(notice.smtp_url)
    except (OSError, smtplib.SMTPException, ValueError) as error:
        for message in pending:
            _failed(message, error)
        session.commit()
        return Delivery(0, len(pending))
    try:
        for message in pending:
            try:
                connection.send_message(_email(message, notice.sender))
            except (OSError, smtplib.SMTPException) as error:
                _failed(message, error)
                failed += 1
            else:
                message.attempts += 1
                message.sent_at = utcnow()
                message.last_error = None
                sent += 1
            session.commit()
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            log.warning("the SMTP server closed the connection before QUIT")
    return Delivery(sent, failed)


def _failed(message: MailMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    message.next_attempt_at = utcnow() + FIRST_PAUSE * (2 ** (message.attempts - 1))
    log.warning(
        "mail %s to the outbox's recipient failed (attempt %s of %s): %s",
        message.pk,
        message.attempts,
        MAX_ATTEMPTS,
        message.last_error,
    )


def _email(message: MailMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    return email


def pending_count(session: Session) -> int:
    """Messages still waiting (retries included): the dashboard shows it."""
    return len(
        session.scalars(
            select(MailMessage.pk).where(
                MailMessage.sent_at.is_(None), MailMessage.attempts < MAX_ATTEMPTS
            )
        ).all()
    )
