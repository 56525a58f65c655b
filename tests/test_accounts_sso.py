"""Single sign-on with OpenID Connect against a provider the tests start themselves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from joserfc.jwk import RSAKey

from glossary.accounts.models import Role
from tests.accounts import add_user, audit_actions
from tests.conftest import make_app
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider

EMAIL = "reviewer@example.org"


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider() as started:
        yield started


@pytest.fixture
def sso_app(app: Flask, instance_path: Path, provider: Provider) -> Flask:
    return make_app(
        instance_path,
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        GLOSSARY_OIDC_ISSUER=provider.issuer,
        GLOSSARY_OIDC_CLIENT_ID=CLIENT_ID,
        GLOSSARY_OIDC_CLIENT_SECRET=CLIENT_SECRET,
        GLOSSARY_OIDC_NAME="Test IdP",
    )


def through_provider(client: FlaskClient) -> tuple[int, str]:
    """Start the sign-on, let the provider answer, follow it back to the callback."""
    start = client.get("/beheer/login/sso")
    assert start.status_code == 302
    authorize = start.headers["Location"]
    assert authorize.startswith("http://127.0.0.1:")
    answer = requests.get(authorize, allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/beheer/login/sso/callback"
    response = client.get(f"{back.path}?{back.query}")
    return response.status_code, response.get_data(as_text=True)


def test_a_known_identity_signs_in_to_its_account(sso_app: Flask, provider: Provider) -> None:
    add_user(sso_app, EMAIL, Role.REVIEWER)
    provider.person = {"sub": "abc", "email": "Reviewer@Example.org", "email_verified": True}
    client = sso_app.test_client()
    status, _ = through_provider(client)
    assert status == 302
    assert EMAIL in client.get("/beheer/").get_data(as_text=True)
    assert audit_actions(sso_app)[-1] == ("login.success", None)


def test_an_identity_without_an_account_is_refused(sso_app: Flask, provider: Provider) -> None:
    provider.person = {"sub": "xyz", "email": "stranger@example.org", "email_verified": True}
    client = sso_app.test_client()
    status, page = through_provider(client)
    assert status == 403
    assert client.get("/beheer/").status_code == 302
    assert audit_actions(sso_app)[-1] == ("login.failure", "stranger@example.org")


def test_an_unverified_address_is_not_trusted(sso_app: Flask, provider: Provider) -> None:
    add_user(sso_app, EMAIL, Role.REVIEWER)
    provider.person = {"sub": "abc", "email": EMAIL, "email_verified": False}
    status, _ = through_provider(sso_app.test_client())
    assert status == 403


def test_a_callback_without_the_sessions_state_is_refused(
    sso_app: Flask, provider: Provider
) -> None:
    add_user(sso_app, EMAIL, Role.REVIEWER)
    provider.person = {"sub": "abc", "email": EMAIL}
    victim = sso_app.test_client()
    start = sso_app.test_client().get("/beheer/login/sso")  # the attacker's own flow
    answer = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    response = victim.get(f"{back.path}?{back.query}")
    assert response.status_code == 400
    assert victim.get("/beheer/").status_code == 302


def test_an_id_token_not_signed_by_the_provider_is_refused(
    sso_app: Flask, provider: Provider
) -> None:
    add_user(sso_app, EMAIL, Role.REVIEWER)
    provider.person = {"sub": "abc", "email": EMAIL}
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    client = sso_app.test_client()
    status, _ = through_provider(client)
    assert status == 400
    assert client.get("/beheer/").status_code == 302


def test_the_login_page_offers_the_provider(sso_app: Flask) -> None:
    page = sso_app.test_client().get("/beheer/login?ui=en").get_data(as_text=True)
    assert "Sign in with Test IdP" in page


def test_without_configuration_there_is_no_single_sign_on(client: FlaskClient) -> None:
    assert client.get("/beheer/login/sso").status_code == 404
    assert client.get("/beheer/login/sso/callback").status_code == 404
    assert "/beheer/login/sso" not in client.get("/beheer/login").get_data(as_text=True)
