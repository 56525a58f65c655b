"""Bearer tokens on the API: GET /api/v1/me, 401 without a valid token, 403 for a role."""

from __future__ import annotations

from flask import Flask, jsonify
from flask.testing import FlaskClient

from glossary.accounts.models import Role
from glossary.api.auth import require_role
from tests.accounts import add_token, add_user, audit_actions

EMAIL = "editor@example.org"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_me_names_the_tokens_account_and_role(app: Flask, client: FlaskClient) -> None:
    add_user(app, EMAIL, Role.EDITOR)
    secret = add_token(app, EMAIL, "sync job")
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 200
    assert response.get_json() == {
        "email": EMAIL,
        "role": "editor",
        "token": {"id": 1, "name": "sync job"},
    }
    assert response.headers["Cache-Control"] == "no-store"
    assert "Authorization" in response.headers["Vary"]


def test_me_without_a_token_is_401_problem_with_a_challenge(client: FlaskClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="begrippenkader"'
    assert "Authorization: Bearer" in response.get_json()["detail"]


def test_an_unknown_token_is_401_invalid_token(client: FlaskClient) -> None:
    for header in ("Bearer bk_nope", "Bearer ", "Basic dXNlcjpwYXNz", "bearer bk_" + "x" * 300):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.headers["WWW-Authenticate"].startswith('Bearer realm="begrippenkader"')


def test_a_revoked_token_is_refused(app: Flask, client: FlaskClient) -> None:
    add_user(app, EMAIL)
    secret = add_token(app, EMAIL)
    app.test_cli_runner().invoke(args=["glossary", "token", "revoke", "1"])
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_the_token_of_a_disabled_account_is_refused(app: Flask, client: FlaskClient) -> None:
    add_user(app, EMAIL)
    secret = add_token(app, EMAIL)
    app.test_cli_runner().invoke(args=["glossary", "user", "disable", EMAIL])
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_a_token_follows_its_accounts_new_role(app: Flask, client: FlaskClient) -> None:
    add_user(app, EMAIL)
    secret = add_token(app, EMAIL)
    app.test_cli_runner().invoke(args=["glossary", "user", "set-role", EMAIL, "reviewer"])
    assert client.get("/api/v1/me", headers=bearer(secret)).get_json()["role"] == "reviewer"


def test_a_token_without_the_role_is_403(app: Flask) -> None:
    @require_role(Role.ADMIN)
    def admins_only() -> object:
        return jsonify(ok=True)

    app.add_url_rule("/api/v1/test-admins-only", view_func=admins_only)
    add_user(app, EMAIL, Role.EDITOR)
    add_user(app, "admin@example.org", Role.ADMIN)
    client = app.test_client()
    editor = client.get("/api/v1/test-admins-only", headers=bearer(add_token(app, EMAIL)))
    assert editor.status_code == 403
    assert editor.mimetype == "application/problem+json"
    assert "needs the role admin" in editor.get_json()["detail"]
    admin = client.get(
        "/api/v1/test-admins-only", headers=bearer(add_token(app, "admin@example.org"))
    )
    assert admin.status_code == 200


def test_a_session_cookie_does_not_authenticate_the_api(app: Flask, client: FlaskClient) -> None:
    from tests.accounts import sign_in

    add_user(app, EMAIL)
    sign_in(client, EMAIL)
    assert client.get("/beheer/").status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_the_openapi_document_describes_the_bearer_scheme(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    scheme = document["components"]["securitySchemes"]["bearerToken"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"}
    operation = document["paths"]["/api/v1/me"]["get"]
    assert operation["security"] == [{"bearerToken": []}]
    assert set(operation["responses"]) >= {"200", "401"}


def test_reading_with_a_token_writes_no_audit_entry(app: Flask, client: FlaskClient) -> None:
    add_user(app, EMAIL)
    secret = add_token(app, EMAIL)
    before = audit_actions(app)
    client.get("/api/v1/me", headers=bearer(secret))
    assert audit_actions(app) == before
