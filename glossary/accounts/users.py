"""Creating, changing and signing in users. Each write is one transaction with its audit
entry; the functions take the session and the actor, never the request."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.accounts import passwords
from glossary.accounts.audit import Actor, record
from glossary.accounts.models import EMAIL_LENGTH, Role, User, Via
from glossary.database import begin_write
from glossary.models import utcnow

# Deliberately loose: one @, something on each side, no spaces. Whether mail arrives is
# not ours to check; the address is an account name.
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+")


class AccountError(ValueError):
    """A request about an account that cannot be done; the message says why."""


def normalize_email(email: str) -> str:
    """The stored form of an address: trimmed and in lower case (one account per address,
    whatever its capitals); AccountError when it is not an address."""
    normalized = email.strip().lower()
    if len(normalized) > EMAIL_LENGTH or not EMAIL_PATTERN.fullmatch(normalized):
        raise AccountError(f"'{email[:100]}' is not an e-mail address")
    return normalized


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise AccountError(f"unknown role '{value[:50]}'; a role is one of: {known}") from None


def find_user(session: Session, email: str) -> User | None:
    try:
        normalized = normalize_email(email)
    except AccountError:
        return None
    return session.scalar(select(User).where(User.email == normalized))


def get_user(session: Session, email: str) -> User:
    """The user of `email`; AccountError when there is none."""
    user = find_user(session, email)
    if user is None:
        raise AccountError(f"no account for '{email[:100]}'")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def create_user(session: Session, email: str, role: Role, password: str, actor: Actor) -> User:
    """Create an active account. The address is the account name, so a second account for
    the same address (in any capitals) is refused; so is a weak password."""
    normalized = normalize_email(email)
    try:
        password_hash = passwords.hash_password(password)
    except passwords.WeakPassword as weak:
        raise AccountError(str(weak)) from None
    begin_write(session)
    if session.scalar(select(User.pk).where(User.email == normalized)) is not None:
        session.rollback()
        raise AccountError(f"an account for '{normalized}' exists already")
    user = User(email=normalized, role=role, password_hash=password_hash, active=True)
    session.add(user)
    session.flush()
    record(session, actor, "user.create", normalized, {"role": role.value})
    session.commit()
    return user


def set_role(session: Session, email: str, role: Role, actor: Actor) -> User:
    """Give an account another role; its sessions and tokens carry the new role at once."""
    begin_write(session)
    user = _user_for_update(session, email)
    previous = user.role
    user.role = role
    record(session, actor, "user.set_role", user.email, {"from": previous.value, "to": role.value})
    session.commit()
    return user


def disable_user(session: Session, email: str, actor: Actor) -> User:
    """Lock an account out: it cannot sign in, its sessions end and its tokens stop
    working. The account stays, so the audit log and the history keep naming it."""
    begin_write(session)
    user = _user_for_update(session, email)
    user.active = False
    user.session_version += 1
    record(session, actor, "user.disable", user.email)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str, address: str | None) -> User | None:
    """The active user whose address and password these are, or None.

    An unknown address, a disabled account and a wrong password all give None after one
    Argon2 verification, so neither the answer nor its timing tells them apart. Success and
    failure are both audited; a success notes the time and upgrades an outdated hash. The
    verification (tens of milliseconds by design) runs before the write transaction, so it
    never holds the database's write lock.
    """
    session.rollback()  # read the account as it is now
    user = find_user(session, email)
    if user is None:
        passwords.verify_nothing(password)
        verified, user_pk, stored_hash = False, None, None
    else:
        user_pk, stored_hash = user.pk, user.password_hash
        verified = passwords.verify_password(stored_hash, password)
    begin_write(session)
    user = session.get(User, user_pk) if user_pk is not None else None
    if user is not None and user.password_hash != stored_hash:
        verified = False  # the password changed meanwhile: the one checked is not current
    if user is None or not verified or not user.active:
        reason = "unknown" if user is None else ("password" if not verified else "disabled")
        actor = Actor(via=Via.WEB, user_pk=user.pk if user else None, address=address)
        record(session, actor, "login.failure", email.strip()[:EMAIL_LENGTH], {"reason": reason})
        session.commit()
        return None
    user.last_login_at = utcnow()
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    record(session, Actor(via=Via.WEB, user_pk=user.pk, address=address), "login.success")
    session.commit()
    return user


def authenticate_identity(
    session: Session, email: str | None, provider: str, address: str | None
) -> User | None:
    """The active user an identity confirmed by a single sign-on provider maps to, or None.

    The mapping is by e-mail address to an account an admin created: single sign-on never
    creates an account or grants a role. Success and failure are audited as sign-ins.
    """
    begin_write(session)
    user = find_user(session, email) if email else None
    if user is None or not user.active:
        reason = "sso_no_account" if user is None else "disabled"
        actor = Actor(via=Via.WEB, user_pk=user.pk if user else None, address=address)
        target = (email or "")[:EMAIL_LENGTH] or None
        record(session, actor, "login.failure", target, {"reason": reason, "sso": provider})
        session.commit()
        return None
    user.last_login_at = utcnow()
    actor = Actor(via=Via.WEB, user_pk=user.pk, address=address)
    record(session, actor, "login.success", detail={"sso": provider})
    session.commit()
    return user


def change_password(session: Session, user_pk: int, current: str, new: str, actor: Actor) -> User:
    """Replace a user's password after checking the current one. Every other session of the
    user ends (the session version goes up); the caller renews the session it acts from."""
    try:
        new_hash = passwords.hash_password(new)
    except passwords.WeakPassword as weak:
        raise AccountError(str(weak)) from None
    session.rollback()
    user = session.get(User, user_pk)
    stored_hash = user.password_hash if user is not None else None
    verified = stored_hash is not None and passwords.verify_password(stored_hash, current)
    begin_write(session)
    user = session.get(User, user_pk)
    if user is None or not user.active:
        session.rollback()
        raise AccountError("this account cannot change its password")
    if not verified or user.password_hash != stored_hash:
        record(session, actor, "password.change_refused", user.email)
        session.commit()
        raise AccountError("the current password is not right")
    user.password_hash = new_hash
    user.session_version += 1
    record(session, actor, "password.change", user.email)
    session.commit()
    return user


def end_sessions(session: Session, user_pk: int, actor: Actor) -> None:
    """Log out: every session of the user ends, on every device (the version goes up)."""
    begin_write(session)
    user = session.get(User, user_pk)
    if user is not None:
        user.session_version += 1
        record(session, actor, "logout", user.email)
    session.commit()


def _user_for_update(session: Session, email: str) -> User:
    user = find_user(session, email)
    if user is None:
        session.rollback()
        raise AccountError(f"no account for '{email[:100]}'")
    return user
