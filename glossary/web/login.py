"""Sessions of the workspace (/beheer/): Flask-Login, CSRF, cookies and login throttling.

- The session is Flask's signed cookie: HttpOnly, SameSite=Lax, Secure in production. Its
  user id is "<pk>:<session_version>"; the user loader accepts it only while the account is
  active and its session version unchanged, so raising the version (log-out, a new
  password, disabling) ends every session of the user on every device.
- At login the session is emptied and gets a fresh nonce: a cookie from before the login
  never becomes a signed-in session (no fixation). Flask-Login's "strong" protection drops a
  session whose client address or browser changes.
- Every form is CSRF-protected (Flask-WTF). Machine paths (/api/, /rest/, …) are exempt:
  they never read the session cookie, writes there authenticate with bearer tokens.
- Logins are throttled per address and per account (Flask-Limiter, the app's limiter and
  storage), and every workspace write per address.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from limits import parse_many

from glossary.accounts.models import Role, User
from glossary.http.limits import EXTENSION as LIMITER_EXTENSION
from glossary.http.limits import KEY_PREFIX
from glossary.http.problems import MACHINE_PREFIXES
from glossary.models import db
from glossary.production import is_production

log = logging.getLogger(__name__)
WORKSPACE_PREFIX = "/beheer"
LOGIN_ENDPOINT = "workspace.login"


@dataclass(frozen=True)
class SessionUser:
    """The signed-in person as Flask-Login sees them: a snapshot, not a database row."""

    pk: int
    email: str
    role: Role
    session_version: int

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.pk}:{self.session_version}"

    @classmethod
    def of(cls, user: User) -> SessionUser:
        return cls(user.pk, user.email, user.role, user.session_version)


def load_session_user(user_id: str) -> SessionUser | None:
    """The user of a session cookie, while the account is active and the session current."""
    pk, _, version = user_id.partition(":")
    if not pk.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(pk))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return SessionUser.of(user)


def _csrf_unless_machine(csrf: CSRFProtect) -> None:
    if request.path.startswith(MACHINE_PREFIXES):
        return
    csrf.protect(apply_exemptions=True)


def _private_workspace(response: Response) -> Response:
    """Workspace answers are someone's own: never stored by a cache or a shared proxy."""
    if request.path == WORKSPACE_PREFIX or request.path.startswith(WORKSPACE_PREFIX + "/"):
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def init_login(app: Flask) -> None:
    """Sessions, CSRF and cookies for the workspace; call after the extensions."""
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if is_production(app.config):
        app.config["SESSION_COOKIE_SECURE"] = True
    # The token lives as long as the session; a form left open for an hour still works.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf = CSRFProtect(app)
    app.before_request(lambda: _csrf_unless_machine(csrf))
    app.after_request(_private_workspace)

    manager = LoginManager(app)
    manager.session_protection = "strong"
    manager.login_view = LOGIN_ENDPOINT
    manager.login_message = None  # the login page says why it is shown
    manager.user_loader(load_session_user)
    # Flask-Login refreshes "remember me" cookies after every request, and reading the
    # session for that marks every answer `Vary: Cookie`, which would keep shared caches
    # from storing the public API. The workspace never sets a remember-me cookie (sessions
    # end with the browser), so the hook goes.
    app.after_request_funcs[None].remove(manager._update_remember_cookie)


def spend_budget(setting: str, key: str) -> bool:
    """Count one attempt against the limit named by `setting` for `key`; False when spent.

    With rate limiting off (RATELIMIT_ENABLED=false) nothing is counted. A failing storage
    lets the attempt through and logs, as the limiter does for every other route.
    """
    limiter: Limiter | None = current_app.extensions.get(LIMITER_EXTENSION)
    if limiter is None or not limiter.enabled:
        return True
    allowed = True
    try:
        for item in parse_many(str(current_app.config[setting])):
            if not limiter.limiter.hit(item, KEY_PREFIX, setting, key):
                allowed = False
    except Exception:  # the storage failed
        log.exception("rate-limit storage failed; the attempt is not counted")
    return allowed


def client_address() -> str:
    return get_remote_address()
