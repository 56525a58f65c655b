"""Drafts of clusters, sources and the scheme's texts over JSON (issue 14): the concept
draft routes' shape and code path (glossary.api.drafts: the caller, the rules, the
problem+json answers) over glossary.editing.parts.

`PUT /api/v1/clusters/<id>/draft` creates or replaces the draft of cluster <id>; when no
cluster <id> is published, the draft is of a new cluster (published on approval). The same
for `/sources/<id>/draft` and the scheme's texts at `/scheme/draft`; `GET`, `DELETE`, and
`POST .../submit`, `.../approve`, `.../reject` (with `reason`) as for concepts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response

from glossary.accounts.models import Role
from glossary.api.auth import current_principal, require_role
from glossary.api.draft_json import BodyInvalid, Located
from glossary.api.drafts import (
    BASE_VERSION_REQUIRED,
    REVIEWERS,
    _actor,
    _lock_version,
    _private,
    _refused,
    _rules,
)
from glossary.api.part_draft_json import (
    part_conflict_body,
    part_draft_body,
    part_path,
    read_part_body,
    read_removal_body,
)
from glossary.database import db_session
from glossary.editing import parts
from glossary.editing.errors import EditingError
from glossary.editing.part_json import CLUSTER, SCHEME, SOURCE, PartRecord
from glossary.http import current
from glossary.http.json_body import json_body
from glossary.http.problems import ApiError
from glossary.importing import PlanOutdated
from glossary.records import ClusterRecord, SchemeInfo, SourceRecord

api_part_drafts = Blueprint("api_part_drafts", __name__, url_prefix="/api/v1")

MAX_KEY = 200


def _problem(error: Exception) -> ApiError:
    if isinstance(error, parts.PartVersionConflict):
        return ApiError(409, str(error), **part_conflict_body(error))
    return _refused(error)


def _empty(kind: str, key: str) -> PartRecord:
    """What a new cluster or source starts from: its id, and a cluster's place last."""
    if kind == CLUSTER:
        position = parts.next_cluster_position(db_session(), current.scheme_id())
        return ClusterRecord(id=key, position=position, titles={})
    if kind == SOURCE:
        return SourceRecord(key=key, citation="", entry="")
    return SchemeInfo()


def _propose_removal(kind: str, key: str, body: dict[str, Any]) -> Response:
    """`{"remove": true, "base_version": N}`: a draft that removes the cluster or source."""
    session, scheme_id = db_session(), current.scheme_id()
    try:
        if kind == SCHEME:
            raise BodyInvalid([Located("/remove", "the scheme's texts cannot be removed")])
        control = read_removal_body(body)
        found = parts.find_part_draft(session, scheme_id, kind, key)
        draft = parts.propose_removal(
            session,
            scheme_id,
            _actor(),
            kind,
            key,
            control["base_version"],
            control["change_note"],
            control.get("lock_version"),
        )
    except (BodyInvalid, EditingError) as error:
        raise _problem(error) from None
    return _private(part_draft_body(draft), 200 if found is not None else 201)


def _save(kind: str, key: str) -> Response:
    session, scheme_id = db_session(), current.scheme_id()
    body = json_body()
    if isinstance(body, dict) and "remove" in body:
        return _propose_removal(kind, key, body)
    try:
        if len(key) > MAX_KEY:
            raise BodyInvalid([Located("/id", f"at most {MAX_KEY} characters")])
        found = parts.find_part_draft(session, scheme_id, kind, key)
        published = parts.published_part(session, scheme_id, kind, key)
        is_new = published is None
        if kind == SCHEME and is_new:
            raise parts.PartNotFound("this service publishes no scheme yet; import one first")
        base = published if published is not None else _empty(kind, key)
        if found is not None and found.author_pk == current_principal().user_pk:
            base = found.record  # a partial body changes the caller's own draft
        record, control = read_part_body(body, base)
        if not is_new and "base_version" not in control:
            now = parts.part_version(session, scheme_id, kind, key)
            detail = BASE_VERSION_REQUIRED.replace("GET /api/v1/concepts/<id> reports", "is now")
            raise BodyInvalid([Located("/base_version", f"{detail} ({now})")])
        draft = parts.save_part_draft(
            session,
            scheme_id,
            _actor(),
            record,
            is_new,
            control.get("base_version", 0),
            control["change_note"],
            _rules(),
            control.get("lock_version"),
        )
    except (BodyInvalid, EditingError) as error:
        raise _problem(error) from None
    return _private(part_draft_body(draft), 200 if found is not None else 201)


def _get(kind: str, key: str) -> Response:
    try:
        draft = parts.get_part_draft(db_session(), current.scheme_id(), _actor(), kind, key)
    except EditingError as error:
        raise _problem(error) from None
    return _private(part_draft_body(draft))


def _delete(kind: str, key: str) -> Response:
    try:
        parts.delete_part_draft(
            db_session(), current.scheme_id(), _actor(), kind, key, _lock_version()
        )
    except EditingError as error:
        raise _problem(error) from None
    response = Response(status=204)
    response.headers["Cache-Control"] = "no-store"
    return response


def _submit(kind: str, key: str) -> Response:
    try:
        draft = parts.submit_part(
            db_session(), current.scheme_id(), _actor(), kind, key, _lock_version()
        )
    except EditingError as error:
        raise _problem(error) from None
    return _private(part_draft_body(draft))


def _approve(kind: str, key: str) -> Response:
    try:
        published = parts.approve_part(
            db_session(), current.scheme_id(), _actor(), kind, key, _rules(), _lock_version()
        )
    except (EditingError, PlanOutdated) as error:
        raise _problem(error) from None
    href = part_path(kind, key).removesuffix("/draft")
    if kind == SCHEME:
        href = "/api/v1/schemes"
    return _private(
        {
            "id": published.key,
            "kind": kind,
            "version": published.version,
            "revision": published.revision,
            "href": href,
        }
    )


def _reject(kind: str, key: str) -> Response:
    body = json_body()
    reason = body.get("reason") if isinstance(body, dict) else None
    if not isinstance(reason, str) or not reason.strip():
        raise _problem(BodyInvalid([Located("/reason", "required: why the draft is rejected")]))
    try:
        draft = parts.reject_part(
            db_session(), current.scheme_id(), _actor(), kind, key, reason, _lock_version()
        )
    except EditingError as error:
        raise _problem(error) from None
    return _private(part_draft_body(draft))


# (suffix, method, view, roles): the draft routes every kind has.
STEPS: tuple[tuple[str, str, Callable[[str, str], Response], tuple[Role, ...]], ...] = (
    ("", "PUT", _save, ()),
    ("", "GET", _get, ()),
    ("", "DELETE", _delete, ()),
    ("/submit", "POST", _submit, ()),
    ("/approve", "POST", _approve, REVIEWERS),
    ("/reject", "POST", _reject, REVIEWERS),
)
NAMES = {"": "draft", "/submit": "submit", "/approve": "approve", "/reject": "reject"}


def _route(kind: str, suffix: str, method: str, view: Callable[[str, str], Response]) -> Any:
    def keyed(**values: str) -> Response:
        (key,) = values.values()  # the route's one variable: cluster_id or source_id
        return view(kind, key)

    def scheme() -> Response:
        return view(kind, current.scheme_id())

    handler = scheme if kind == SCHEME else keyed
    handler.__name__ = f"{kind}_{NAMES[suffix]}_{method.lower()}"
    handler.__doc__ = view.__doc__
    return handler


for _kind, _rule in (
    (CLUSTER, "/clusters/<cluster_id>/draft"),
    (SOURCE, "/sources/<source_id>/draft"),
    (SCHEME, "/scheme/draft"),
):
    for _suffix, _method, _view, _roles in STEPS:
        _handler = require_role(*_roles)(_route(_kind, _suffix, _method, _view))
        api_part_drafts.add_url_rule(
            _rule + _suffix, endpoint=_handler.__name__, view_func=_handler, methods=[_method]
        )
