"""Drafts, review and history over JSON, for machines with a bearer token (issue 14).

Thin views over glossary.editing: the body is read into a record (glossary.api.draft_json),
the service checks and stores it; its typed errors become problem+json answers: 401 without
a valid token, 403 for the wrong role or approving one's own draft, 404 for no such concept
or draft, 409 on a version or draft conflict (both texts in the answer), 422 on invalid
content with a JSON pointer per problem. A draft is never public: no route here answers
without a token except the history, which holds published versions only.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask_limiter.util import get_remote_address

from glossary.accounts.audit import Actor
from glossary.accounts.models import Role, Via
from glossary.api.auth import current_principal, require_role
from glossary.api.draft_json import (
    BodyInvalid,
    Located,
    conflict_body,
    draft_body,
    empty_record,
    problem_pointer,
    read_body,
)
from glossary.api.history_json import versions_body
from glossary.api.part_draft_json import part_draft_body
from glossary.database import db_session
from glossary.editing import drafts, history, parts
from glossary.editing.errors import DraftConflict, DraftInvalid, EditingError, VersionConflict
from glossary.editing.models import DraftStatus
from glossary.editing.part_json import PART_KINDS
from glossary.http import current
from glossary.http.json_body import json_body
from glossary.http.problems import ApiError
from glossary.importing import PlanOutdated, Rules
from glossary.urls import api_concept_path

api_drafts = Blueprint("api_drafts", __name__, url_prefix="/api/v1")

REVIEWERS = (Role.REVIEWER, Role.ADMIN)
DRAFT_KINDS = ("concept", *PART_KINDS)
DRAFT_STATUSES = tuple(status.value for status in DraftStatus)
BASE_VERSION_REQUIRED = (
    "required: the version GET /api/v1/concepts/<id> reports, the one this change starts from"
)


def _actor() -> Actor:
    principal = current_principal()
    return Actor(
        via=Via.API,
        user_pk=principal.user_pk,
        token_pk=principal.token_pk,
        address=get_remote_address(),
    )


def _rules() -> Rules:
    return Rules(
        source_language=current.source_language(),
        base_uri=str(current.settings().get("GLOSSARY_BASE_URI", "")),
    )


def _private(body: Any, status: int = 200) -> Response:
    """An answer for one token's eyes: never kept by a shared cache."""
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Authorization")
    return response


def _refused(error: Exception) -> ApiError:
    """The problem+json answer of a typed error of the editing service."""
    if isinstance(error, BodyInvalid):
        problems = [{"pointer": p.pointer, "detail": p.detail} for p in error.problems]
        return ApiError(422, "the draft has problems; nothing was saved", problems=problems)
    if isinstance(error, DraftInvalid):
        problems = [
            {
                "pointer": problem_pointer(problem),
                "record": problem.path,
                "field": problem.column,
                "detail": problem.message,
            }
            for problem in error.problems
        ]
        return ApiError(422, "the draft has problems; nothing was saved", problems=problems)
    if isinstance(error, VersionConflict):
        return ApiError(409, str(error), **conflict_body(error))
    if isinstance(error, DraftConflict):
        return ApiError(409, str(error), lock_version=error.current_lock_version)
    if isinstance(error, PlanOutdated):
        return ApiError(409, "the data changed while publishing; approve again")
    assert isinstance(error, EditingError)
    return ApiError(error.status, str(error))


def _save(slug: str | None, body: Any, concept_id: str) -> tuple[drafts.Draft, bool]:
    session, scheme_id = db_session(), current.scheme_id()
    existed = drafts.find_draft(session, scheme_id, concept_id) is not None
    try:
        if slug is None:
            base = empty_record(concept_id)
        else:
            found = drafts.find_draft(session, scheme_id, slug)
            base = drafts.stored_record(session, scheme_id, slug)
            if found is not None and found.author_pk == current_principal().user_pk:
                base = found.record  # a partial body changes the caller's own draft
        record, control = read_body(body, base, concept_id)
        if slug is not None and "base_version" not in control:
            raise BodyInvalid([Located("/base_version", BASE_VERSION_REQUIRED)])
        draft = drafts.save_draft(
            session,
            scheme_id,
            _actor(),
            slug,
            record,
            control.get("base_version", 0),
            control["change_note"],
            _rules(),
            control.get("lock_version"),
        )
    except (BodyInvalid, EditingError) as error:
        raise _refused(error) from None
    return draft, existed


@api_drafts.put("/concepts/<concept_id>/draft")
@require_role()
def put_draft(concept_id: str) -> Response:
    """Create or replace the draft of a published concept."""
    draft, existed = _save(concept_id, json_body(), concept_id)
    return _private(draft_body(draft), 200 if existed else 201)


@api_drafts.post("/concepts")
@require_role()
def create_concept() -> Response:
    """A new concept, created as a draft (published when a reviewer approves it)."""
    body = json_body()
    concept_id = body.get("id") if isinstance(body, dict) else None
    if not isinstance(concept_id, str) or not concept_id.strip():
        raise _refused(BodyInvalid([Located("/id", "required: the new concept's id")]))
    draft, _ = _save(None, body, concept_id.strip())
    response = _private(draft_body(draft), 201)
    response.headers["Location"] = draft_body(draft)["href"]
    return response


@api_drafts.get("/concepts/<concept_id>/draft")
@require_role()
def get_draft(concept_id: str) -> Response:
    try:
        draft = drafts.get_draft(db_session(), current.scheme_id(), _actor(), concept_id)
    except EditingError as error:
        raise _refused(error) from None
    return _private(draft_body(draft))


def _lock_version() -> int | None:
    body = request.get_json(silent=True)
    value = body.get("lock_version") if isinstance(body, dict) else None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refused(BodyInvalid([Located("/lock_version", "expected a whole number")]))
    return value


@api_drafts.delete("/concepts/<concept_id>/draft")
@require_role()
def delete_draft(concept_id: str) -> Response:
    try:
        drafts.delete_draft(
            db_session(), current.scheme_id(), _actor(), concept_id, _lock_version()
        )
    except EditingError as error:
        raise _refused(error) from None
    response = Response(status=204)
    response.headers["Cache-Control"] = "no-store"
    return response


@api_drafts.post("/concepts/<concept_id>/draft/submit")
@require_role()
def submit(concept_id: str) -> Response:
    try:
        draft = drafts.submit(
            db_session(), current.scheme_id(), _actor(), concept_id, _lock_version()
        )
    except EditingError as error:
        raise _refused(error) from None
    return _private(draft_body(draft))


@api_drafts.post("/concepts/<concept_id>/draft/approve")
@require_role(*REVIEWERS)
def approve(concept_id: str) -> Response:
    """Publish the draft: one transaction, one data revision, a new version."""
    try:
        published = drafts.approve(
            db_session(), current.scheme_id(), _actor(), concept_id, _rules(), _lock_version()
        )
    except (EditingError, PlanOutdated) as error:
        raise _refused(error) from None
    return _private(
        {
            "id": published.slug,
            "version": published.version,
            "revision": published.revision,
            "href": api_concept_path(published.slug),
        }
    )


@api_drafts.post("/concepts/<concept_id>/draft/reject")
@require_role(*REVIEWERS)
def reject(concept_id: str) -> Response:
    body = json_body()
    reason = body.get("reason") if isinstance(body, dict) else None
    if not isinstance(reason, str) or not reason.strip():
        raise _refused(BodyInvalid([Located("/reason", "required: why the draft is rejected")]))
    try:
        draft = drafts.reject(
            db_session(), current.scheme_id(), _actor(), concept_id, reason, _lock_version()
        )
    except EditingError as error:
        raise _refused(error) from None
    return _private(draft_body(draft))


@api_drafts.get("/drafts")
@require_role()
def list_drafts() -> Response:
    """The drafts of every kind the token may see (concepts, clusters, sources, the
    scheme's texts), the most recently saved first: an editor's own and those in review;
    all for reviewers and admins. `?kind=` and `?status=` narrow the list."""
    wanted = {name: request.args.get(name) for name in ("kind", "status")}
    problems = [
        {
            "parameter": name,
            "detail": f"unknown {name} '{value[:50]}'; expected {', '.join(allowed)}",
        }
        for name, allowed in (("kind", DRAFT_KINDS), ("status", DRAFT_STATUSES))
        if (value := wanted[name]) is not None and value not in allowed
    ]
    if problems:
        raise ApiError(422, "the query has problems", problems=problems)
    session, scheme_id = db_session(), current.scheme_id()
    found = [draft_body(draft) for draft in drafts.list_drafts(session, scheme_id, _actor())]
    found += [part_draft_body(d) for d in parts.list_part_drafts(session, scheme_id, _actor())]
    found = [
        body
        for body in found
        if wanted["kind"] in (None, body["kind"]) and wanted["status"] in (None, body["status"])
    ]
    found.sort(key=lambda body: str(body["updated_at"]), reverse=True)
    return _private({"total": len(found), "drafts": found})


@api_drafts.get("/concepts/<concept_id>/history")
def concept_history(concept_id: str) -> Response:
    """The published versions of a concept, oldest first, each with the word diff of its
    labels and definition from the previous one. Public: only published text is shown."""
    found = history.versions(db_session(), current.scheme_id(), concept_id)
    if not found:
        raise ApiError(404, f"no published concept '{concept_id[:100]}'")
    versions = versions_body(found, _concept_diff, lambda view: {})
    return jsonify({"id": concept_id, "href": api_concept_path(concept_id), "versions": versions})


def _concept_diff(
    previous: history.VersionView | None, view: history.VersionView
) -> dict[str, list[tuple[str, str]]]:
    return history.diff(previous.record if previous is not None else None, view.record)
