"""Helpers of the tests of cluster, source and scheme drafts: accounts with their bearer
tokens or a database session, and the actor an account writes as."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.accounts.audit import Actor
from glossary.accounts.models import Role, User, Via
from glossary.models import db
from tests.accounts import add_token, add_user


def bearer_tokens(app: Flask, accounts: dict[str, Role]) -> dict[str, dict[str, str]]:
    """An account `<name>@example.org` per name with its role, and its Authorization header."""
    headers = {}
    for name, role in accounts.items():
        add_user(app, f"{name}@example.org", role)
        headers[name] = {"Authorization": f"Bearer {add_token(app, f'{name}@example.org')}"}
    return headers


def session_with_accounts(app: Flask, accounts: dict[str, Role]) -> Iterator[Session]:
    """The accounts (e-mail address: role), then a session inside the app's context."""
    for email, role in accounts.items():
        add_user(app, email, role)
    with app.app_context():
        yield db.session()


def actor(session: Session, email: str) -> Actor:
    user = session.scalars(select(User).where(User.email == email)).one()
    return Actor(via=Via.API, user_pk=user.pk, address="192.0.2.1")
