"""Signing in to the workspace: sessions, CSRF, throttling, and ending sessions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from glossary.accounts.models import Role
from tests.accounts import (
    PASSWORD,
    add_token,
    add_user,
    audit_actions,
    csrf_token,
    sign_in,
)
from tests.conftest import make_app

EMAIL = "editor@example.org"
SAME_MESSAGE = "The e-mail address or the password is not right."


@pytest.fixture
def editor(app: Flask) -> str:
    add_user(app, EMAIL, Role.EDITOR)
    return EMAIL


def session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def with_cookie(app: Flask, value: str) -> FlaskClient:
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_anonymous_visitor_is_sent_to_the_login_page(client: FlaskClient) -> None:
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/beheer/login?next=")


def test_signing_in_opens_the_dashboard_with_name_and_role(
    client: FlaskClient, editor: str
) -> None:
    response = sign_in(client, editor)
    assert response.status_code == 302
    assert response.headers["Location"] == "/beheer/"
    page = client.get("/beheer/?ui=en").get_data(as_text=True)
    assert editor in page
    assert "editor" in page
    assert "Audit log" not in page  # only admins see it


def test_admin_dashboard_links_to_accounts_and_audit_log(app: Flask, client: FlaskClient) -> None:
    add_user(app, "admin@example.org", Role.ADMIN)
    sign_in(client, "admin@example.org")
    page = client.get("/beheer/?ui=en").get_data(as_text=True)
    assert 'href="/beheer/audit"' in page
    assert 'href="/beheer/gebruikers"' in page


def test_email_is_matched_whatever_its_capitals(client: FlaskClient, editor: str) -> None:
    assert sign_in(client, "  Editor@Example.ORG ").status_code == 302


def test_wrong_password_and_unknown_account_get_the_same_answer(app: Flask, editor: str) -> None:
    wrong = sign_in(app.test_client(), editor, "not the password at all", ui="en")
    unknown = sign_in(app.test_client(), "nobody@example.org", "not the password at all", ui="en")
    assert wrong.status_code == unknown.status_code == 200
    assert SAME_MESSAGE in wrong.get_data(as_text=True)
    assert without_values(wrong) == without_values(unknown)


def without_values(response: TestResponse) -> str:
    """The page without its form values (the CSRF token and the typed address differ)."""
    return re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))


def test_disabled_account_cannot_sign_in(app: Flask, client: FlaskClient, editor: str) -> None:
    result = app.test_cli_runner().invoke(args=["glossary", "user", "disable", editor])
    assert result.exit_code == 0
    response = sign_in(client, editor)
    assert response.status_code == 200
    assert client.get("/beheer/").status_code == 302


def test_disabling_an_account_ends_its_sessions(
    app: Flask, client: FlaskClient, editor: str
) -> None:
    sign_in(client, editor)
    app.test_cli_runner().invoke(args=["glossary", "user", "disable", editor])
    assert client.get("/beheer/").status_code == 302


def test_a_post_without_csrf_token_is_refused(client: FlaskClient, editor: str) -> None:
    client.get("/beheer/login")
    response = client.post("/beheer/login", data={"email": editor, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/beheer/").status_code == 302  # not signed in


def test_a_post_with_another_sessions_csrf_token_is_refused(
    app: Flask, client: FlaskClient, editor: str
) -> None:
    stolen = csrf_token(app.test_client())
    client.get("/beheer/login")
    response = client.post(
        "/beheer/login", data={"csrf_token": stolen, "email": editor, "password": PASSWORD}
    )
    assert response.status_code == 400


def test_logout_needs_a_csrf_token(client: FlaskClient, editor: str) -> None:
    sign_in(client, editor)
    assert client.post("/beheer/logout").status_code == 400
    assert client.get("/beheer/").status_code == 200  # still signed in


def test_session_from_before_login_is_not_signed_in_after(
    app: Flask, client: FlaskClient, editor: str
) -> None:
    # The attacker's move: plant a session cookie of their own, wait for the victim to sign
    # in with it, then use the same cookie.
    client.get("/beheer/login")
    planted = session_cookie(client)
    sign_in(client, editor)
    assert session_cookie(client) != planted
    assert client.get("/beheer/").status_code == 200
    assert with_cookie(app, planted).get("/beheer/").status_code == 302


def test_logout_ends_every_session_of_the_user(
    app: Flask, client: FlaskClient, editor: str
) -> None:
    other_device = app.test_client()
    sign_in(other_device, editor)
    sign_in(client, editor)
    kept = session_cookie(client)
    response = client.post("/beheer/logout", data={"csrf_token": csrf_token(client, "/beheer/")})
    assert response.status_code == 302
    assert client.get("/beheer/").status_code == 302
    assert other_device.get("/beheer/").status_code == 302
    assert with_cookie(app, kept).get("/beheer/").status_code == 302  # a replayed cookie


def test_password_change_ends_the_other_sessions_and_keeps_this_one(
    app: Flask, client: FlaskClient, editor: str
) -> None:
    other_device = app.test_client()
    sign_in(other_device, editor)
    sign_in(client, editor)
    new = "a much longer new password"
    response = client.post(
        "/beheer/wachtwoord",
        data={
            "csrf_token": csrf_token(client, "/beheer/wachtwoord"),
            "current": PASSWORD,
            "new": new,
            "confirm": new,
        },
    )
    assert response.status_code == 302
    assert client.get("/beheer/").status_code == 200
    assert other_device.get("/beheer/").status_code == 302
    assert sign_in(app.test_client(), editor, PASSWORD).status_code == 200  # old one refused
    assert sign_in(app.test_client(), editor, new).status_code == 302


def test_password_change_with_a_wrong_current_password_changes_nothing(
    app: Flask, client: FlaskClient, editor: str
) -> None:
    sign_in(client, editor)
    new = "a much longer new password"
    response = client.post(
        "/beheer/wachtwoord",
        data={
            "csrf_token": csrf_token(client, "/beheer/wachtwoord"),
            "current": "not my password",
            "new": new,
            "confirm": new,
        },
    )
    assert response.status_code == 400
    assert sign_in(app.test_client(), editor, PASSWORD).status_code == 302


def test_a_short_new_password_is_refused_at_its_field(client: FlaskClient, editor: str) -> None:
    sign_in(client, editor)
    response = client.post(
        "/beheer/wachtwoord?ui=en",
        data={
            "csrf_token": csrf_token(client, "/beheer/wachtwoord"),
            "current": PASSWORD,
            "new": "short",
            "confirm": "short",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="new-error"' in page
    assert 'aria-describedby="new-hint new-error"' in page


def test_session_cookie_is_httponly_and_samesite_lax(client: FlaskClient, editor: str) -> None:
    response = sign_in(client, editor)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in development


def test_session_cookie_is_secure_in_production(tmp_path: Path) -> None:
    app = make_app(
        tmp_path,
        GLOSSARY_ENV="production",
        TESTING=False,
        SECRET_KEY="x" * 40,
        GLOSSARY_PUBLIC_URL="https://begrippen.example.org/",
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_workspace_pages_are_never_cached(client: FlaskClient, editor: str) -> None:
    sign_in(client, editor)
    assert client.get("/beheer/").headers["Cache-Control"] == "no-store"
    assert client.get("/beheer/login").headers["Cache-Control"] == "no-store"


def test_next_leads_only_inside_the_workspace(client: FlaskClient, editor: str) -> None:
    token = csrf_token(client)
    response = client.post(
        "/beheer/login?next=https://evil.example/beheer/",
        data={"csrf_token": token, "email": editor, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/beheer/"


def test_a_bearer_token_does_not_open_the_workspace(app: Flask, client: FlaskClient) -> None:
    add_user(app, "admin@example.org", Role.ADMIN)
    secret = add_token(app, "admin@example.org")
    response = client.get("/beheer/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 302


def test_sign_in_and_out_and_failures_are_audited(
    app: Flask, client: FlaskClient, editor: str
) -> None:
    sign_in(app.test_client(), editor, "wrong password here")
    sign_in(app.test_client(), "ghost@example.org", "wrong password here")
    sign_in(client, editor)
    client.post("/beheer/logout", data={"csrf_token": csrf_token(client, "/beheer/")})
    assert audit_actions(app)[-4:] == [
        ("login.failure", editor),
        ("login.failure", "ghost@example.org"),
        ("login.success", None),
        ("logout", editor),
    ]


def test_the_public_pages_set_no_session_cookie(client: FlaskClient) -> None:
    for path in ("/", "/begrip/mediawijsheid", "/zoeken?q=media"):
        response = client.get(path)
        assert "session=" not in response.headers.get("Set-Cookie", ""), path


def test_machine_answers_do_not_vary_by_cookie(client: FlaskClient) -> None:
    # A session exists for the workspace only: shared caches keep one copy of the API.
    for path in ("/api/v1/concepts", "/api/v1/openapi.json", "/rest/v1/vocabularies?lang=nl"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Cookie" not in response.headers.get("Vary", ""), path


@pytest.fixture
def limited_client(app: Flask, instance_path: Path) -> FlaskClient:
    limited = make_app(
        instance_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN_ACCOUNT="3 per 15 minutes",
        RATELIMIT_LOGIN_ADDRESS="5 per 15 minutes",
        RATELIMIT_STORAGE_URI=f"sqlite:///{instance_path / 'ratelimits.sqlite3'}",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
    )
    return limited.test_client()


def test_logins_to_one_account_are_throttled(limited_client: FlaskClient, editor: str) -> None:
    for _ in range(3):
        assert sign_in(limited_client, editor, "wrong password here").status_code == 200
    # Even the right password waits now: the limit is on attempts, not on failures.
    response = sign_in(limited_client, editor)
    assert response.status_code == 429
    assert limited_client.get("/beheer/").status_code == 302


def test_logins_from_one_address_are_throttled_across_accounts(
    limited_client: FlaskClient,
) -> None:
    statuses = [
        sign_in(limited_client, f"person{number}@example.org", "wrong password here").status_code
        for number in range(6)
    ]
    assert statuses == [200] * 5 + [429]
