"""The workspace /beheer/: signing in and out, the dashboard, one's own password, and for
admins the accounts and the audit log. Thin views over glossary.accounts."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from glossary.accounts import audit, users
from glossary.accounts.models import Role
from glossary.accounts.passwords import MIN_PASSWORD_LENGTH
from glossary.accounts.users import AccountError
from glossary.models import db
from glossary.web.login import WORKSPACE_PREFIX, SessionUser, client_address, spend_budget
from glossary.web.workspace_editor import dashboard_lists, editor
from glossary.web.workspace_forms import LoginForm, LogoutForm, PasswordForm
from glossary.web.workspace_guard import ADMIN_ONLY, actor, me, signed_in
from glossary.web.workspace_part_history import part_versions
from glossary.web.workspace_parts import part_editor

workspace = Blueprint("workspace", __name__, url_prefix=WORKSPACE_PREFIX)
# The concept editor is a blueprint of its own inside this one: its routes share the
# prefix, the write throttle and the template globals below (endpoints workspace.editor.*).
workspace.register_blueprint(editor)
# So are the editors of clusters, sources and the scheme's texts (workspace.parts.*).
workspace.register_blueprint(part_editor)
workspace.register_blueprint(part_versions)  # their histories (workspace.part_history.*)

AUDIT_PAGE_SIZE = 50


@workspace.before_request
def _throttle_writes() -> ResponseReturnValue | None:
    if request.method == "POST" and not spend_budget(
        "RATELIMIT_WORKSPACE_WRITES", client_address()
    ):
        abort(429)
    return None


def start_session(user: SessionUser) -> None:
    """A new session for `user`: nothing of the session before survives (no fixation)."""
    session.clear()
    login_user(user, remember=False, fresh=True)
    session["nonce"] = secrets.token_urlsafe(16)


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of the workspace only (no open redirect)."""
    if target:
        parts = urlsplit(target)
        inside = parts.path == WORKSPACE_PREFIX or parts.path.startswith(WORKSPACE_PREFIX + "/")
        if not parts.scheme and not parts.netloc and inside and "\\" not in target:
            return target
    return url_for("workspace.dashboard")


@workspace.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect(url_for("workspace.dashboard"))
    form = LoginForm()
    problem: str | None = None
    status = 200
    if form.validate_on_submit():
        email = str(form.email.data)
        address = client_address()
        if not (
            spend_budget("RATELIMIT_LOGIN_ADDRESS", address)
            and spend_budget("RATELIMIT_LOGIN_ACCOUNT", email.strip().lower())
        ):
            problem = _("Too many sign-in attempts. Wait a few minutes and try again.")
            status = 429
        else:
            user = users.authenticate(db.session(), email, str(form.password.data), address)
            if user is not None:
                start_session(SessionUser.of(user))
                return redirect(_safe_next(request.args.get("next")))
            problem = _("The e-mail address or the password is not right.")
    elif request.method == "POST":
        status = 400
        if form.errors.get("csrf_token"):
            problem = _("The form has expired. Please sign in again.")
    return render_template("beheer/login.html", form=form, problem=problem), status


@workspace.post("/logout")
@signed_in()
def logout() -> ResponseReturnValue:
    form = LogoutForm()
    if not form.validate_on_submit():
        abort(400)
    users.end_sessions(db.session(), me().pk, actor())
    logout_user()
    session.clear()
    return redirect(url_for("workspace.login", done="logout"))


@workspace.get("/")
@signed_in()
def dashboard() -> ResponseReturnValue:
    return render_template("beheer/dashboard.html", me=me(), **dashboard_lists())


@workspace.route("/wachtwoord", methods=["GET", "POST"])
@signed_in()
def password() -> ResponseReturnValue:
    form = PasswordForm()
    problem: str | None = None
    status = 200
    if form.validate_on_submit():
        try:
            user = users.change_password(
                db.session(), me().pk, str(form.current.data), str(form.new.data), actor()
            )
        except AccountError:
            problem = _("The current password is not right.")
            status = 400
        else:
            # Every other session has ended; this one carries on, renewed.
            start_session(SessionUser.of(user))
            return redirect(url_for("workspace.dashboard", done="password"))
    elif request.method == "POST":
        status = 400
    return (
        render_template("beheer/password.html", form=form, problem=problem),
        status,
    )


@workspace.get("/gebruikers")
@signed_in(ADMIN_ONLY)
def accounts() -> ResponseReturnValue:
    return render_template("beheer/users.html", accounts=users.list_users(db.session()))


@workspace.get("/audit")
@signed_in(ADMIN_ONLY)
def audit_log() -> ResponseReturnValue:
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    total = audit.count_entries(db.session())
    entries = audit.recent_entries(
        db.session(), limit=AUDIT_PAGE_SIZE, offset=(number - 1) * AUDIT_PAGE_SIZE
    )
    return render_template(
        "beheer/audit.html",
        entries=entries,
        page=number,
        has_next=number * AUDIT_PAGE_SIZE < total,
        total=total,
        retention_days=current_app.config.get(
            "GLOSSARY_AUDIT_RETENTION_DAYS", audit.DEFAULT_RETENTION_DAYS
        ),
    )


@workspace.context_processor
def _workspace_globals() -> dict[str, object]:
    # Every workspace page shows the sign-out button to a signed-in user.
    return {
        "sso_name": current_app.config.get("GLOSSARY_OIDC_NAME")
        if current_app.config.get("GLOSSARY_OIDC_ISSUER")
        else None,
        "role_name": role_name,
        "min_password_length": MIN_PASSWORD_LENGTH,
        "logout_form": LogoutForm() if current_user.is_authenticated else None,
    }


def role_name(role: Role) -> str:
    """The name of a role in the UI language."""
    names = {Role.EDITOR: _("editor"), Role.REVIEWER: _("reviewer"), Role.ADMIN: _("admin")}
    return str(names[role])
