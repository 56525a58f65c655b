"""Security headers on every response; embeddable views may be framed by any site."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from glossary.api.auth import ROLES_ATTRIBUTE
from glossary.security import allow_framing
from tests.conftest import make_app


def test_pages_forbid_framing(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_csp_allows_only_own_origin_and_no_inline_code(client: FlaskClient) -> None:
    policy = client.get("/healthz").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "http" not in policy


def test_responses_forbid_content_sniffing(client: FlaskClient) -> None:
    assert client.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"


def test_responses_carry_a_referrer_policy(client: FlaskClient) -> None:
    assert client.get("/healthz").headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_hsts_over_plain_http(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_hsts_over_https(client: FlaskClient) -> None:
    response = client.get("/healthz", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_behind_a_trusted_tls_proxy(tmp_path: Path) -> None:
    # The proxy ends TLS and talks plain HTTP to gunicorn; only its header says "https".
    # flask-talisman reads that header itself, ProxyFix or not: HSTS that a client forges
    # over plain HTTP is harmless, since browsers ignore it there (RFC 6797, 8.1).
    app = make_app(tmp_path, GLOSSARY_PROXY_HOPS=1)
    response = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_allow_framing_lets_any_site_frame_the_view(app: Flask) -> None:
    @app.get("/framed-for-test")
    @allow_framing
    def framed() -> str:
        return "framed"

    response = app.test_client().get("/framed-for-test")
    assert "X-Frame-Options" not in response.headers
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "default-src 'self'" in policy


READ_METHODS = {"GET", "HEAD", "OPTIONS"}
# Anyone may send feedback (issue 16): these store a submission and nothing else, behind
# CSRF (the forms), a honeypot, a fill time, a budget per address and size limits.
PUBLIC_WRITES = {
    ("/reageer/<path:concept_id>", ("POST",)),
    ("/voorstel", ("POST",)),
    ("/api/v1/feedback", ("POST",)),
    # A consultation participant's answers: guarded by the personal token (a guessed one is
    # a 404), CSRF, a budget per address and size limits; they change that participant's
    # own answers only, until the round closes (issue 16).
    ("/consultatie/<token>", ("POST",)),
}


def test_only_guarded_routes_accept_a_write_method(app: Flask) -> None:
    # Writes over HTTP happen only in the workspace (a signed-in session and a CSRF token)
    # or through the API with a bearer token (require_role), and feedback from anyone
    # (PUBLIC_WRITES); every other route reads. Each guarded route has its row in
    # tests/test_accounts_matrix.py.
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 30  # the whole map was walked, API and pages alike
    writable = [
        (rule.rule, sorted((rule.methods or set()) - READ_METHODS))
        for rule in rules
        if (rule.methods or set()) - READ_METHODS
        and not rule.rule.startswith("/beheer/")
        and not hasattr(app.view_functions[rule.endpoint], ROLES_ATTRIBUTE)
    ]
    assert {(path, tuple(methods)) for path, methods in writable} == PUBLIC_WRITES


def test_a_write_method_on_a_read_route_is_not_allowed(client: FlaskClient) -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = client.open("/api/v1/concepts/mediawijsheid", method=method)
        assert response.status_code == 405, method
        assert set(response.headers["Allow"].replace(" ", "").split(",")) <= READ_METHODS
