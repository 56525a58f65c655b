"""The published versions of a concept, a cluster, a source or the scheme's texts over JSON
(public: only published text): `GET /api/v1/concepts/<id>/history`,
`/api/v1/clusters/<id>/history`, `/api/v1/sources/<id>/history`, `/api/v1/scheme/history`.

Each version has `version`, `published_at`, `change_note`, `revision` and `diff`, the word
diff of every text field from the previous version as `[operation, text]` pairs; a part's
versions also say whether the version is its removal (`removed`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from flask import Blueprint, Response, jsonify

from glossary.database import db_session
from glossary.editing.part_history import PartVersionView, part_diff, part_versions
from glossary.editing.part_json import CLUSTER, SCHEME, SOURCE
from glossary.http import current
from glossary.http.problems import ApiError
from glossary.urls import source_anchor

api_part_history = Blueprint("api_part_history", __name__, url_prefix="/api/v1")


class _Version(Protocol):
    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=_Version)
Diff = dict[str, list[tuple[str, str]]]


def versions_body(
    found: Sequence[V], diff: Callable[[V | None, V], Diff], extra: Callable[[V], dict[str, Any]]
) -> list[dict[str, Any]]:
    """The versions oldest first, each with its diff from the one before."""
    body = []
    previous: V | None = None
    for view in found:
        published_at = getattr(view, "published_at", None)
        body.append(
            {
                "version": view.version,
                "published_at": published_at.isoformat() if published_at else None,
                "change_note": getattr(view, "change_note", ""),
                "revision": getattr(view, "revision", None),
                **extra(view),
                "diff": {
                    field: [list(op) for op in ops] for field, ops in diff(previous, view).items()
                },
            }
        )
        previous = view
    return body


def _removed(view: PartVersionView) -> dict[str, Any]:
    return {"removed": view.removed}


def _history(kind: str, key: str, href: str) -> Response:
    found = part_versions(db_session(), current.scheme_id(), kind, key)
    if not found:
        raise ApiError(404, f"no published {kind} '{key[:100]}'")
    body = {
        "id": key,
        "kind": kind,
        "href": href,
        "versions": versions_body(found, part_diff, _removed),
    }
    return jsonify(body)


@api_part_history.get("/clusters/<cluster_id>/history")
def cluster_history(cluster_id: str) -> Response:
    """The published versions of a cluster, oldest first, each with the word diff of its
    titles and place from the previous one (a removal's diff deletes them all)."""
    return _history(CLUSTER, cluster_id, f"/api/v1/clusters/{cluster_id}")


@api_part_history.get("/sources/<source_id>/history")
def source_history(source_id: str) -> Response:
    """The published versions of a source, oldest first, each with the word diff of its
    fields from the previous one."""
    return _history(SOURCE, source_id, f"/bronnen#{source_anchor(source_id)}")


@api_part_history.get("/scheme/history")
def scheme_history() -> Response:
    """The published versions of the scheme's texts, oldest first, each with the word diff
    of its titles and descriptions from the previous one."""
    return _history(SCHEME, current.scheme_id(), "/api/v1/schemes")
