"""HTTP security headers (flask-talisman) and the one exception to them: embeddable views.

Every response carries a Content-Security-Policy without 'unsafe-inline' and without
third-party origins, refuses to be framed (`frame-ancestors 'none'`, X-Frame-Options DENY),
and sends nosniff and a Referrer-Policy. HSTS is sent only on requests that arrived over
HTTPS; behind a TLS-terminating proxy set `GLOSSARY_PROXY_HOPS` so that ProxyFix trusts its
X-Forwarded-For and X-Forwarded-Proto headers (never X-Forwarded-Host: GLOSSARY_PUBLIC_URL
names the host).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

View = TypeVar("View", bound=Callable[..., Any])

CONTENT_SECURITY_POLICY: dict[str, str] = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
EMBEDDABLE_POLICY: dict[str, str] = {**CONTENT_SECURITY_POLICY, "frame-ancestors": "*"}
REFERRER_POLICY = "strict-origin-when-cross-origin"
HSTS_MAX_AGE = 365 * 24 * 3600


def allow_framing(view: View) -> View:
    """Let any site frame this view (`frame-ancestors *`, no X-Frame-Options).

    Meant for `/embed/...` views only; the rest of the CSP stays as strict as everywhere else.
    Works above or below the route decorator.
    """
    view.talisman_view_options = {  # type: ignore[attr-defined]
        "frame_options": None,
        "content_security_policy": EMBEDDABLE_POLICY,
    }
    return view


def init_security(app: Flask) -> None:
    """Install the security headers on every response and trust the configured proxies."""
    hops = int(app.config.get("GLOSSARY_PROXY_HOPS", 0))
    if hops > 0:
        # The client address and the scheme only: the host, port and prefix of every
        # absolute URL come from GLOSSARY_PUBLIC_URL (glossary/urls.py), so an
        # X-Forwarded-Host a client slipped past the proxy has nothing to change.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0
        )
    # One Talisman per app: the extension keeps a reference to the app it was bound to.
    Talisman(
        app,
        force_https=False,  # TLS ends at the proxy; redirecting is its job.
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=[],
        referrer_policy=REFERRER_POLICY,
        strict_transport_security=True,
        strict_transport_security_max_age=HSTS_MAX_AGE,
        session_cookie_secure=bool(app.config.get("SESSION_COOKIE_SECURE", False)),
        x_xss_protection=False,
    )
