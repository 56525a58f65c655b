"""Who may open a workspace page: the guard every /beheer/ view wears, and the signed-in
account and audit actor of the request. Shared by the workspace's blueprints."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, current_app
from flask.typing import ResponseReturnValue
from flask_login import current_user

from glossary.accounts.audit import Actor
from glossary.accounts.models import Role, Via
from glossary.web.login import SessionUser, client_address

View = TypeVar("View", bound=Callable[..., ResponseReturnValue])
# Which roles may open each page; tests/test_accounts_matrix.py checks every route has one.
ALL_ROLES = frozenset(Role)
ADMIN_ONLY = frozenset({Role.ADMIN})
REVIEWERS = frozenset({Role.REVIEWER, Role.ADMIN})
ROLES_ATTRIBUTE = "workspace_roles"


def signed_in(roles: frozenset[Role] = ALL_ROLES) -> Callable[[View], View]:
    """Only for a signed-in user with one of `roles`: anonymous visitors go to the login
    page, a signed-in user without the role gets 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            if not current_user.is_authenticated:
                # Flask-Login attaches itself as app.login_manager (untyped).
                manager = cast(Any, current_app).login_manager
                return cast(ResponseReturnValue, manager.unauthorized())
            if me().role not in roles:
                abort(403)
            return view(*args, **kwargs)

        setattr(guarded, ROLES_ATTRIBUTE, roles)
        return cast(View, guarded)

    return decorate


def me() -> SessionUser:
    """The signed-in account of this request."""
    return cast(SessionUser, current_user._get_current_object())


def actor() -> Actor:
    """The signed-in account as the author of a write, with the client's address."""
    return Actor(via=Via.WEB, user_pk=me().pk, address=client_address())
