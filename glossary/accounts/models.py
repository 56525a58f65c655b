"""Tables of the accounts: who may edit (User), how machines sign in (ApiToken), and what
every write did (AuditEntry).

Browsing stays anonymous; these rows only decide who may write. Users are never deleted,
only disabled, so the audit log keeps naming them.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from glossary.models import Base, enum_column, utcnow

EMAIL_LENGTH = 320
TOKEN_DIGEST_LENGTH = 64


class Role(enum.StrEnum):
    """What an account may do (issue 14): an editor writes and submits drafts, a reviewer
    also approves or rejects the drafts of others, an admin manages users and releases."""

    EDITOR = "editor"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Via(enum.StrEnum):
    """Through which door a write came in: the workspace, the API or the command line."""

    WEB = "web"
    API = "api"
    CLI = "cli"


# The tables subclass the declarative Base of glossary/models.py (the same metadata as
# db.Model, so Alembic and Flask-SQLAlchemy's session see them) because Base is typed.


class User(Base):
    """A person who may sign in to /beheer/ (and own API tokens).

    `email` is stored in lower case, so its unique constraint is case-insensitive.
    `session_version` is part of every session cookie of the user; raising it (log-out,
    a new password, disabling) ends every session that carries the old number.
    """

    __tablename__ = "app_user"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), unique=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")


class ApiToken(Base):
    """A bearer token of a user for the API. Only the SHA-256 of the secret is kept: the
    secret is random (256 bits), so a fast hash is enough and a lookup is one index probe."""

    __tablename__ = "api_token"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("app_user.pk"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(TOKEN_DIGEST_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="tokens")


class AuditEntry(Base):
    """One write: who (a user, through a token or not; none for the command line), what,
    on which target, when, from which address, with details as JSON. Kept for
    GLOSSARY_AUDIT_RETENTION_DAYS (`flask glossary audit prune`)."""

    __tablename__ = "audit_log"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_pk: Mapped[int | None] = mapped_column(ForeignKey("app_user.pk"), index=True)
    token_pk: Mapped[int | None] = mapped_column(ForeignKey("api_token.pk"), index=True)
    via: Mapped[Via] = mapped_column(enum_column(Via, "audit_via"))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(400))
    address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship(foreign_keys=[user_pk])
