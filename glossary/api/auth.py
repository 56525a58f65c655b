"""Bearer tokens for the API: `Authorization: Bearer <token>` and the roles of its user.

Machine paths never read the session cookie: a browser's cookie cannot act for the API, so
the API needs no CSRF token. Without a valid token: 401 problem+json with
`WWW-Authenticate: Bearer` (RFC 6750); a valid token whose user lacks the role: 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Response, g, request
from flask.typing import ResponseReturnValue

from glossary.accounts.models import Role
from glossary.accounts.tokens import token_user
from glossary.http.problems import problem_response
from glossary.models import db

View = TypeVar("View", bound=Callable[..., ResponseReturnValue])
REALM = "begrippenkader"
# Set on each guarded view: the roles it admits (tests/test_accounts_matrix.py reads it).
ROLES_ATTRIBUTE = "api_roles"
ANY_ROLE = frozenset(Role)


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: a token and its user."""

    user_pk: int
    email: str
    role: Role
    token_pk: int
    token_name: str


def bearer_secret() -> str | None:
    """The token of an `Authorization: Bearer …` header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    return credentials.strip()


def _unauthorized(detail: str, error: str | None) -> Response:
    response = problem_response(401, detail)
    challenge = f'Bearer realm="{REALM}"'
    if error:
        challenge += f', error="{error}"'
    response.headers["WWW-Authenticate"] = challenge
    return response


def require_role(*roles: Role) -> Callable[[View], View]:
    """Admit only requests with a live token whose user has one of `roles` (any role when
    none are given); the view reads who it acts for from `current_principal()`."""
    admitted = frozenset(roles) or ANY_ROLE

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            secret = bearer_secret()
            if secret is None:
                return _unauthorized(
                    "this operation needs an API token: 'Authorization: Bearer <token>'", None
                )
            found = token_user(db.session(), secret)
            if found is None:
                return _unauthorized(
                    "the API token is not valid: unknown, revoked, or its account is disabled",
                    "invalid_token",
                )
            token, user = found
            if user.role not in admitted:
                names = ", ".join(sorted(role.value for role in admitted))
                return problem_response(
                    403,
                    f"this operation needs the role {names}; the token's account is "
                    f"{user.role.value}",
                )
            g.principal = Principal(user.pk, user.email, user.role, token.pk, token.name)
            response = view(*args, **kwargs)
            return response

        setattr(guarded, ROLES_ATTRIBUTE, admitted)
        return cast(View, guarded)

    return decorate


def current_principal() -> Principal:
    """Who the current request acts for; only inside a view guarded by `require_role`."""
    return cast(Principal, g.principal)
