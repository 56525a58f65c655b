"""Helpers for the tests of accounts and the workspace: users, tokens and signing in."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from glossary.accounts import tokens, users
from glossary.accounts.audit import Actor
from glossary.accounts.models import AuditEntry, Role
from glossary.models import db

PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def add_user(app: Flask, email: str, role: Role = Role.EDITOR, password: str = PASSWORD) -> None:
    with app.app_context():
        users.create_user(db.session(), email, role, password, Actor.cli())


def add_token(app: Flask, email: str, name: str = "test") -> str:
    """A new token of `email`'s account; returns its secret."""
    with app.app_context():
        return tokens.create_token(db.session(), email, name, Actor.cli()).secret


def csrf_token(client: FlaskClient, path: str | None = None) -> str:
    """The CSRF token a form page gives this client's session (by default the login page,
    or the dashboard's sign-out form when the client is signed in)."""
    page = client.get(path or "/beheer/login")
    if path is None and page.status_code == 302:
        page = client.get("/beheer/")
    match = CSRF_FIELD.search(page.get_data(as_text=True))
    assert match is not None, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def sign_in(
    client: FlaskClient, email: str, password: str = PASSWORD, ui: str | None = None
) -> TestResponse:
    """Post the login form as a browser would (with the page's CSRF token)."""
    token = csrf_token(client)
    path = f"/beheer/login?ui={ui}" if ui else "/beheer/login"
    return client.post(path, data={"csrf_token": token, "email": email, "password": password})


def audit_actions(app: Flask) -> list[tuple[str, str | None]]:
    """(action, target) of every audit entry, oldest first."""
    with app.app_context():
        entries = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.pk))
        return [(entry.action, entry.target) for entry in entries]


def signed_in_client(app: Flask, email: str, role: Role) -> FlaskClient:
    """A test client signed in as a new account `email` with `role`."""
    add_user(app, email, role)
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client
