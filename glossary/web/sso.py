"""Optional single sign-on to the workspace with OpenID Connect (Authlib).

Configured by environment variables: GLOSSARY_OIDC_ISSUER (the provider's issuer URL; its
/.well-known/openid-configuration is read), GLOSSARY_OIDC_CLIENT_ID,
GLOSSARY_OIDC_CLIENT_SECRET, and GLOSSARY_OIDC_NAME (shown on the button). The authorization
code flow with state, nonce and PKCE; the ID token's signature, issuer, audience, expiry and
nonce are checked by Authlib. The identity maps to an existing active account by its
verified e-mail address; single sign-on never creates an account. Without an issuer the
routes answer 404 and the login page shows no button.
"""

from __future__ import annotations

import logging
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, Response, abort, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from joserfc.errors import JoseError
from requests import RequestException

from glossary.accounts import users
from glossary.models import db
from glossary.urls import public_url
from glossary.web.login import WORKSPACE_PREFIX, SessionUser, client_address, spend_budget
from glossary.web.workspace import start_session
from glossary.web.workspace_forms import LoginForm

log = logging.getLogger(__name__)
# What a failed sign-on raises: the provider refused or sent something invalid (Authlib:
# state, OAuth errors, ID token claims; joserfc: the token's signature), or cannot be reached.
SIGN_ON_ERRORS = (AuthlibBaseError, JoseError, RequestException, ValueError)
PROVIDER = "sso"
EXTENSION = "glossary_oidc"

sso = Blueprint("sso", __name__, url_prefix=WORKSPACE_PREFIX + "/login/sso")


def init_sso(app: Flask) -> None:
    """Register the provider when GLOSSARY_OIDC_ISSUER is set."""
    issuer = str(app.config.get("GLOSSARY_OIDC_ISSUER") or "").rstrip("/")
    if not issuer:
        return
    oauth = OAuth(app)
    oauth.register(
        PROVIDER,
        client_id=app.config["GLOSSARY_OIDC_CLIENT_ID"],
        client_secret=app.config["GLOSSARY_OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email", "code_challenge_method": "S256"},
    )
    app.extensions[EXTENSION] = oauth


def sso_enabled() -> bool:
    return EXTENSION in current_app.extensions


def _client() -> Any:
    if not sso_enabled():
        abort(404)
    return current_app.extensions[EXTENSION].create_client(PROVIDER)


@sso.get("")
def start() -> ResponseReturnValue:
    """Send the visitor to the provider; it sends them back to the callback."""
    client = _client()
    try:
        response: Response = client.authorize_redirect(public_url("/beheer/login/sso/callback"))
    except SIGN_ON_ERRORS:
        log.exception("single sign-on: the provider cannot be reached")
        return _refused(_("Single sign-on is not available right now."), 503)
    return response


@sso.get("/callback")
def callback() -> ResponseReturnValue:
    client = _client()
    address = client_address()
    if not spend_budget("RATELIMIT_LOGIN_ADDRESS", address):
        return _refused(_("Too many sign-in attempts. Wait a few minutes and try again."), 429)
    try:
        token = client.authorize_access_token()
    except SIGN_ON_ERRORS as error:
        log.warning("single sign-on refused: %s", error)
        return _refused(_("Single sign-on did not succeed. Try again."), 400)
    claims = token.get("userinfo") or {}
    email = claims.get("email") if claims.get("email_verified", True) is not False else None
    user = users.authenticate_identity(
        db.session(), str(email) if email else None, PROVIDER, address
    )
    if user is None:
        return _refused(
            _("You are signed in with the provider, but no active account here belongs to you."),
            403,
        )
    start_session(SessionUser.of(user))
    return redirect(url_for("workspace.dashboard"))


def _refused(problem: str, status: int) -> ResponseReturnValue:
    return render_template("beheer/login.html", form=LoginForm(), problem=problem), status
