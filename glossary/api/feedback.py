"""POST /api/v1/feedback: partners' tools send feedback as the forms do, through the same
service (the same checks, limits and budget). No account needed.

Answers: 201 with the private status address in `Location` and `status_url`; 400 when the
body is not a JSON object or a field has the wrong type; 404 when `concept` names no
concept (as every reference to a concept in this API); 422 when a value is not allowed;
every problem lists `errors`, each with a JSON pointer into the body (RFC 9457 style).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from glossary.database import db_session
from glossary.feedback import submissions
from glossary.feedback.submissions import FeedbackError, FeedbackInput
from glossary.field_problems import Problem
from glossary.http.feedback import MAX_BODY_BYTES, notice, scope, send_queued_mail
from glossary.http.json_body import json_body
from glossary.http.problems import ApiError, problem_response
from glossary.urls import public_url
from glossary.web.login import client_address, spend_budget

api_feedback = Blueprint("api_feedback", __name__, url_prefix="/api/v1")

TEXT_FIELDS = (
    "concept",
    "kind",
    "message",
    "term",
    "definition",
    "source",
    "context",
    "name",
    "organisation",
    "email",
)
FIELDS = frozenset({*TEXT_FIELDS, "consent"})
REQUIRED = ("kind", "message")


def _problem(status: int, detail: str, problems: list[Problem]) -> Response:
    return problem_response(
        status,
        detail,
        errors=[{"pointer": _pointer(p.field), "detail": p.detail} for p in problems],
    )


def _pointer(name: str) -> str:
    """The JSON pointer (RFC 6901) of a top-level member of the body."""
    return "/" + name.replace("~", "~0").replace("/", "~1")


def _shape_problems(body: dict[str, Any]) -> list[Problem]:
    """Wrong types (400): what a JSON Schema of the body refuses before any value is read."""
    problems = [
        Problem(name, "must be a string")
        for name in TEXT_FIELDS
        if body.get(name) is not None and not isinstance(body[name], str)
    ]
    problems += [Problem(name, "is required") for name in REQUIRED if body.get(name) is None]
    problems += [
        Problem(name, "is not valid Unicode (a lone surrogate)")
        for name in TEXT_FIELDS
        if isinstance(body.get(name), str) and not _encodable(body[name])
    ]
    if "consent" in body and not isinstance(body["consent"], bool) and body["consent"] is not None:
        problems.append(Problem("consent", "must be true or false"))
    problems += [
        Problem(name, "is not a field of a submission") for name in body if name not in FIELDS
    ]
    return problems


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@api_feedback.post("/feedback")
def create_feedback() -> Response:
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _problem(413, f"the body is larger than {MAX_BODY_BYTES} bytes", [])
    try:
        body = json_body()
    except ApiError as error:
        return _problem(400, error.detail, [])
    if not isinstance(body, dict):
        return _problem(400, "the body must be a JSON object", [])
    problems = _shape_problems(body)
    if problems:
        return _problem(400, "the body does not have the shape of a submission", problems)
    if not spend_budget("RATELIMIT_FEEDBACK", client_address()):
        response = _problem(429, "too many submissions from this client; try again later", [])
        response.headers["Retry-After"] = "600"
        return response
    text = {name: body.get(name) for name in TEXT_FIELDS}
    data = FeedbackInput(
        kind=str(text.pop("kind")),
        message=str(text.pop("message")),
        consent=bool(body.get("consent")),
        **text,
    )
    try:
        new = submissions.submit(db_session(), scope(), data, "api", notice())
    except FeedbackError as error:
        unknown = [p for p in error.problems if p.field == "concept" and "no concept" in p.detail]
        if unknown and len(unknown) == len(error.problems):
            return _problem(404, unknown[0].detail, unknown)
        return _problem(422, "the submission cannot be accepted as it is", error.problems)
    send_queued_mail()
    status_url = public_url(f"/reactie/{new.token}")
    response = jsonify({"status": "new", "status_url": status_url})
    response.status_code = 201
    response.headers["Location"] = status_url
    response.headers["Cache-Control"] = "no-store"
    return response
