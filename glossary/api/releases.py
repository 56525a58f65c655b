"""The releases as JSON: /api/v1/releases, one release with its downloads, and the diff
between two releases (or a release and today, `huidig`).

A release is never changed after it is made, and making one moves the data revision, so
the per-revision ETags of these answers name the set of releases too.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from glossary.database import db_session
from glossary.http import current
from glossary.http.problems import ApiError
from glossary.releases.diff import KINDS, ConceptChange, diff_between
from glossary.releases.frozen import FORMATS
from glossary.releases.store import ReleaseNotFound, ReleaseView, get_release, list_releases
from glossary.urls import concept_uri, public_url_for

api_releases = Blueprint("api_releases", __name__, url_prefix="/api/v1/releases")


def release_json(release: ReleaseView) -> dict[str, Any]:
    return {
        "name": release.name,
        "title": release.title,
        "notes": release.notes,
        "issued": release.issued_at.isoformat(),
        "previous": release.previous,
        "concepts": release.concept_count,
        "page": public_url_for("releases.release_page", name=release.name),
        "downloads": {
            fmt: public_url_for("releases.frozen_export", name=release.name, extension=fmt)
            for fmt in FORMATS
        },
    }


def change_json(change: ConceptChange) -> dict[str, Any]:
    return {
        "id": change.slug,
        "uri": concept_uri(change.slug),
        "kind": change.kind,
        "label": change.label,
        "replaced_by": list(change.replaced_by),
        "fields": {
            name: [{"op": op, "text": text} for op, text in ops]
            for name, ops in change.fields.items()
        },
    }


@api_releases.get("")
def releases() -> Response:
    found = list_releases(db_session(), current.scheme_id())
    return jsonify({"releases": [release_json(release) for release in found]})


@api_releases.get("/<name>")
def release(name: str) -> Response:
    try:
        found = get_release(db_session(), current.scheme_id(), name)
    except ReleaseNotFound as error:
        raise ApiError(404, str(error)) from None
    return jsonify(release_json(found))


@api_releases.get("/<old>/diff/<new>")
def release_diff(old: str, new: str) -> Response:
    try:
        found = diff_between(db_session(), current.scheme_id(), old, new, current.source_language())
    except ReleaseNotFound as error:
        raise ApiError(404, str(error)) from None
    return jsonify(
        {
            "from": old,
            "to": new,
            "counts": found.counts(),
            "changes": [change_json(change) for change in found.changes],
            "kinds": list(KINDS),
        }
    )
