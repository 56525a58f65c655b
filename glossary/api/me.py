"""`GET /api/v1/me`: whom an API token belongs to, and the role it acts with."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from glossary.api.auth import current_principal, require_role

api_me = Blueprint("api_me", __name__, url_prefix="/api/v1")


@api_me.get("/me")
@require_role()
def me() -> Response:
    principal = current_principal()
    response = jsonify(
        {
            "email": principal.email,
            "role": principal.role.value,
            "token": {"id": principal.token_pk, "name": principal.token_name},
        }
    )
    # Someone's own answer: no shared cache may keep it or hand it to another token.
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Authorization")
    return response
