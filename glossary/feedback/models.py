"""Tables of feedback: a submission from the public, and the outbox of mail about them.

A submission is stored before anything is mailed, so a failing mail server loses nothing;
the mail waits in the outbox (MailMessage) until it is delivered.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from glossary.models import Base, enum_column, utcnow

EMAIL_LENGTH = 320
NAME_LENGTH = 200
TERM_LENGTH = 200
MESSAGE_LENGTH = 5000
FIELD_LENGTH = 2000
TOKEN_DIGEST_LENGTH = 64


class FeedbackKind(enum.StrEnum):
    """What a submission is about (the categories Skosmos users asked for, NatLibFi #362)."""

    UNCLEAR = "unclear"
    WRONG = "wrong"
    MISSING_SYNONYM = "missing_synonym"
    TRANSLATION = "translation"
    RELATED_TERM = "related_term"
    NEW_TERM = "new_term"
    OTHER = "other"


class FeedbackStatus(enum.StrEnum):
    """Where a submission stands; `done` and `declined` close it (and start its retention)."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DECLINED = "declined"


CLOSED = frozenset({FeedbackStatus.DONE, FeedbackStatus.DECLINED})


class FeedbackSubmission(Base):
    """A remark on a concept (concept_slug set) or a proposal of a new term (kind new_term).

    Text is stored as typed (plain text) and always rendered escaped. Only the SHA-256 of
    the status token is kept: the token is random (256 bits), so a fast hash suffices and
    the database alone cannot open a submitter's status page. Name, organisation and e-mail
    are personal data: erased `GLOSSARY_FEEDBACK_RETENTION_MONTHS` after closing.
    """

    __tablename__ = "feedback_submission"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[FeedbackKind] = mapped_column(enum_column(FeedbackKind, "feedback_kind"))
    concept_slug: Mapped[str | None] = mapped_column(String(200), index=True)
    proposed_term: Mapped[str | None] = mapped_column(String(TERM_LENGTH))
    proposed_definition: Mapped[str | None] = mapped_column(Text)
    proposed_source: Mapped[str | None] = mapped_column(Text)
    proposed_context: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    organisation: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH), index=True)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[FeedbackStatus] = mapped_column(
        enum_column(FeedbackStatus, "feedback_status"), default=FeedbackStatus.NEW, index=True
    )
    reply: Mapped[str | None] = mapped_column(Text)
    token_digest: Mapped[str] = mapped_column(String(TOKEN_DIGEST_LENGTH), unique=True)
    via: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The draft made from this submission (glossary.feedback.drafts): drafts are keyed by
    # concept slug and deleted when published, so the link is the slug and its moment; the
    # publication is the concept's first version published after `draft_linked_at`.
    draft_slug: Mapped[str | None] = mapped_column(String(200), index=True)
    draft_linked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MailMessage(Base):
    """One e-mail waiting to be sent (or sent). Written in the transaction of what it tells
    of; delivered after that transaction, retried with growing pauses until MAX_ATTEMPTS."""

    __tablename__ = "mail_outbox"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_pk: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_submission.pk", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))
