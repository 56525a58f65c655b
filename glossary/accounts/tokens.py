"""API tokens: created for a user, shown once, stored as a SHA-256 digest, revocable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from glossary.accounts.audit import Actor, record
from glossary.accounts.models import ApiToken, User
from glossary.accounts.users import AccountError, get_user
from glossary.database import begin_write
from glossary.models import utcnow
from glossary.secret_tokens import digest, new_secret

# A recognisable prefix lets secret scanners (and people) tell what leaked.
TOKEN_PREFIX = "bk_"
# last_used_at is a hint for admins, not a log: write it at most this often per token.
LAST_USED_PRECISION = timedelta(minutes=5)


@dataclass(frozen=True)
class NewToken:
    """A token just created: `secret` exists only here and is never stored."""

    pk: int
    name: str
    email: str
    secret: str


def create_token(session: Session, email: str, name: str | None, actor: Actor) -> NewToken:
    """A new token for the active user of `email`. The secret is returned once; only its
    digest is stored, so a lost token is revoked and replaced, never recovered."""
    secret = TOKEN_PREFIX + new_secret()
    begin_write(session)
    user = get_user(session, email)
    if not user.active:
        session.rollback()
        raise AccountError(f"the account '{user.email}' is disabled")
    label = (name or "").strip()[:100] or f"token {utcnow():%Y-%m-%d}"
    token = ApiToken(user=user, name=label, digest=digest(secret))
    session.add(token)
    session.flush()
    record(session, actor, "token.create", user.email, {"token": token.pk, "name": label})
    session.commit()
    return NewToken(pk=token.pk, name=label, email=user.email, secret=secret)


def revoke_token(session: Session, token_pk: int, actor: Actor) -> ApiToken:
    """Revoke a token: from now on it is refused (401). Revoking twice is refused."""
    begin_write(session)
    token = session.get(ApiToken, token_pk, options=[joinedload(ApiToken.user)])
    if token is None:
        session.rollback()
        raise AccountError(f"no token with id {token_pk}")
    if token.revoked_at is not None:
        session.rollback()
        raise AccountError(f"token {token_pk} was revoked already")
    token.revoked_at = utcnow()
    record(session, actor, "token.revoke", token.user.email, {"token": token.pk})
    session.commit()
    return token


def list_tokens(session: Session, email: str | None = None) -> list[ApiToken]:
    statement = select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.pk)
    if email is not None:
        statement = statement.where(ApiToken.user_pk == get_user(session, email).pk)
    return list(session.scalars(statement))


def token_user(session: Session, secret: str) -> tuple[ApiToken, User] | None:
    """The live token of `secret` and its user, or None when the secret is unknown, revoked,
    or its user disabled. Notes when the token was last used (at most every few minutes)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = session.scalar(
        select(ApiToken).options(joinedload(ApiToken.user)).where(ApiToken.digest == digest(secret))
    )
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    last = token.last_used_at
    if last is None or now - _aware(last) > LAST_USED_PRECISION:
        token_pk = token.pk
        begin_write(session)
        fresh = session.get(ApiToken, token_pk, options=[joinedload(ApiToken.user)])
        if fresh is None:
            session.rollback()
            return None
        fresh.last_used_at = now
        session.commit()
        token = fresh
    return token, token.user


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes for timezone-aware columns; they were stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
