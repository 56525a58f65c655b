"""Tables of consultation rounds: the round, the drafts it asks about (kept with the
published version that came of them), its participants and their answers.

A participant needs no account: only the SHA-256 of their personal token is stored, as for
feedback status tokens. Name and e-mail are personal data, erased with the feedback
retention period after the round closed.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from glossary.models import Base, enum_column, utcnow

TITLE_LENGTH = 300
EXPLANATION_LENGTH = 10000
COMMENT_LENGTH = 5000
NAME_LENGTH = 200
EMAIL_LENGTH = 320
TOKEN_DIGEST_LENGTH = 64


class Position(enum.StrEnum):
    """A participant's position on one draft."""

    AGREE = "agree"
    AGREE_WITH_REMARKS = "agree_with_remarks"
    DISAGREE = "disagree"


class Consultation(Base):
    """A round: its title, explanation (Markdown, rendered sanitized) and closing moment.
    `closed_at` is set when an editor closes it early or `close-due` records the date; a
    round past `closes_at` is closed whether or not that ran (checked at read time)."""

    __tablename__ = "consultation"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scheme_id: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    explanation: Mapped[str] = mapped_column(Text, default="")
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_pk: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.pk", ondelete="SET NULL"), index=True
    )
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    items: Mapped[list[ConsultationItem]] = relationship(
        back_populates="consultation",
        cascade="all, delete-orphan",
        order_by="ConsultationItem.pk",
    )
    participants: Mapped[list[ConsultationParticipant]] = relationship(
        back_populates="consultation",
        cascade="all, delete-orphan",
        order_by="ConsultationParticipant.pk",
    )


class ConsultationItem(Base):
    """One draft a round asks about, kept after the draft is gone: the concept slug, the
    published version the draft started from, the draft's text as shown (so the round's
    record does not change when the draft does), and the version its approval published."""

    __tablename__ = "consultation_item"
    __table_args__ = (UniqueConstraint("consultation_pk", "slug"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consultation_pk: Mapped[int] = mapped_column(
        ForeignKey("consultation.pk", ondelete="CASCADE"), index=True
    )
    scheme_id: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(200), index=True)
    base_version: Mapped[int] = mapped_column(Integer)
    is_new: Mapped[bool] = mapped_column(Boolean, default=False)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_version: Mapped[int | None] = mapped_column(Integer)

    consultation: Mapped[Consultation] = relationship(back_populates="items")


class ConsultationParticipant(Base):
    """An invited participant: a token digest and, only if the editor gave them, a name
    and an address (`via` mail or link)."""

    __tablename__ = "consultation_participant"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consultation_pk: Mapped[int] = mapped_column(
        ForeignKey("consultation.pk", ondelete="CASCADE"), index=True
    )
    token_digest: Mapped[str] = mapped_column(String(TOKEN_DIGEST_LENGTH), unique=True)
    name: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    via: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="participants")
    answers: Mapped[list[ConsultationAnswer]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )


class ConsultationAnswer(Base):
    """A participant's position and comment on one item (one row, changed in place until
    the round closes)."""

    __tablename__ = "consultation_answer"
    __table_args__ = (UniqueConstraint("participant_pk", "item_pk"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant_pk: Mapped[int] = mapped_column(
        ForeignKey("consultation_participant.pk", ondelete="CASCADE"), index=True
    )
    item_pk: Mapped[int] = mapped_column(
        ForeignKey("consultation_item.pk", ondelete="CASCADE"), index=True
    )
    position: Mapped[Position] = mapped_column(enum_column(Position, "consultation_position"))
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    participant: Mapped[ConsultationParticipant] = relationship(back_populates="answers")
