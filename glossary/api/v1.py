"""The JSON API for partners: schemes, clusters, concepts (paginated) and the change feed.

Views only parse parameters, call glossary.services and serialise with glossary.formats.json;
the Skosmos-compatible API (skosmos.py) reads through the same services.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, jsonify, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from glossary.database import db_session
from glossary.editing.part_json import CLUSTER, SOURCE
from glossary.editing.parts import part_version
from glossary.editing.published import concept_version, concept_versions
from glossary.formats.json import (
    cluster_json,
    concept_json,
    concept_reference,
    scheme_json,
    source_json,
)
from glossary.formats.skos import collection_uri, scheme_uri
from glossary.http import current
from glossary.http.params import query_int, query_lang
from glossary.http.problems import ApiError, bad_parameter, unknown_reference
from glossary.models import ChangeKind, Cluster, Concept
from glossary.services import concepts, resources
from glossary.services.changes import changes_since
from glossary.services.revision import current_revision
from glossary.services.revision_cache import revision_cache
from glossary.urls import concept_uri

api_v1 = Blueprint("api_v1", __name__, url_prefix="/api/v1")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


# RFC 3339 full-date or date-time (the OpenAPI `date` and `date-time` formats): what the
# document promises is exactly what is accepted.
RFC3339_DATE = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
RFC3339_DATE_TIME = re.compile(
    RFC3339_DATE.pattern
    + r"[Tt](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)"
)
MOMENT_EXAMPLE = "2024-05-01 or 2024-05-01T12:00:00Z"


def query_timestamp(name: str) -> datetime | None:
    """An optional RFC 3339 date (midnight UTC) or date-time with offset; empty is a 400.

    A moment that lies before year 1 or after 9999 once in UTC (the edges of the calendar
    with an offset) cannot be compared with stored times: a 400 that says so, not a 500.
    """
    raw = request.args.get(name)
    if raw is None:
        return None
    moment = None
    if RFC3339_DATE.fullmatch(raw) or RFC3339_DATE_TIME.fullmatch(raw):
        try:
            moment = datetime.fromisoformat(raw.upper().replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is None:
        raise bad_parameter(
            name,
            f"'{name}' must be an RFC 3339 date or date-time with offset such as "
            f"{MOMENT_EXAMPLE}, got '{raw[:40]}'",
        )
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise bad_parameter(
            name,
            f"'{name}' lies outside the years 1 to 9999 once converted to UTC, got '{raw[:40]}'",
        ) from None


def required_timestamp(name: str) -> datetime:
    if request.args.get(name) is None:
        raise bad_parameter(
            name, f"the query parameter '{name}' is required (RFC 3339, e.g. {MOMENT_EXAMPLE})"
        )
    moment = query_timestamp(name)
    assert moment is not None
    return moment


def _cluster_or_404(cluster_id: str) -> Cluster:
    cluster = concepts.get_cluster(db_session(), current.scheme_id(), cluster_id)
    if cluster is None:
        raise ApiError(404, f"no cluster with id '{cluster_id[:100]}'")
    return cluster


def _cluster_summary(cluster: Cluster, lang: str | None, count: int) -> dict[str, Any]:
    return cluster_json(cluster, lang, count) | {
        "uri": str(collection_uri(cluster.id)),
        "href": url_for(".cluster", cluster_id=cluster.id),
    }


@api_v1.get("/schemes")
def schemes() -> Response:
    """The concept schemes this service publishes (one: the begrippenkader)."""
    lang = query_lang()
    scheme = concepts.get_scheme(db_session(), current.scheme_id())
    if scheme is None:
        return jsonify({"schemes": []})
    revision = current_revision(db_session())
    languages = concepts.content_languages(db_session(), scheme.id)
    source_language = current.source_language()
    return jsonify(
        {
            "schemes": [
                scheme_json(scheme, lang)
                | {
                    "uri": str(scheme_uri(scheme.id)),
                    "source_language": source_language,
                    "languages": languages,
                    "concept_count": concepts.count_concepts(db_session(), scheme.id),
                    "revision": revision.number,
                    "clusters": url_for(".clusters"),
                    "concepts": url_for(".concept_list"),
                }
            ]
        }
    )


@api_v1.get("/clusters")
def clusters() -> Response:
    """The clusters in document order with their titles and concept counts."""
    lang = query_lang()
    return jsonify(
        {
            "clusters": [
                _cluster_summary(cluster, lang, count)
                for cluster, count in concepts.list_clusters(db_session(), current.scheme_id())
            ]
        }
    )


@api_v1.get("/clusters/<cluster_id>")
def cluster(cluster_id: str) -> Response:
    """One cluster with its concepts, in the cluster's order."""
    lang = query_lang()
    found = _cluster_or_404(cluster_id)
    members = concepts.cluster_concepts(db_session(), found)
    return jsonify(
        _cluster_summary(found, lang, len(members))
        | {
            "version": part_version(db_session(), current.scheme_id(), CLUSTER, found.id),
            "concepts": [concept_reference(member, lang) for member in members],
        }
    )


@api_v1.get("/sources")
def sources() -> Response:
    """The bibliography in its order: every source with its fields."""
    return jsonify(
        {
            "sources": [
                source_json(source) | {"href": url_for(".source", source_id=source.key)}
                for source in concepts.all_sources(db_session())
            ]
        }
    )


@api_v1.get("/sources/<source_id>")
def source(source_id: str) -> Response:
    """One source with the concepts that cite it and its published `version` (the
    `base_version` a draft of it starts from)."""
    lang = query_lang()
    found = resources.get_source(db_session(), source_id)
    if found is None:
        raise ApiError(404, f"no source with id '{source_id[:100]}'")
    citing = resources.citing_concepts(db_session(), current.scheme_id(), found)
    return jsonify(
        source_json(found)
        | {
            "href": url_for(".source", source_id=found.key),
            "version": part_version(db_session(), current.scheme_id(), SOURCE, found.key),
            "history": url_for(".source", source_id=found.key) + "/history",
            "cited_by": [concept_reference(concept, lang) for concept in citing],
        }
    )


def _page_link(page: int) -> str:
    values: dict[str, Any] = {key: value for key, value in request.args.items() if key != "page"}
    return url_for(".concept_list", page=page, **values)


@api_v1.get("/concepts")
def concept_list() -> Response:
    """Every concept, in full, one page at a time; filter by cluster or modification time."""
    lang = query_lang()
    page = query_int("page", 1, minimum=1)
    per_page = query_int("per_page", DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    modified_since = query_timestamp("modified_since")
    cluster_id = request.args.get("cluster") or None
    if (
        cluster_id is not None
        and concepts.get_cluster(db_session(), current.scheme_id(), cluster_id) is None
    ):
        known = ", ".join(
            c.id for c, _ in concepts.list_clusters(db_session(), current.scheme_id())
        )
        raise unknown_reference(
            "cluster", f"unknown cluster '{cluster_id[:100]}'; available: {known}"
        )
    listing = concepts.list_concepts(
        db_session(),
        current.scheme_id(),
        cluster_id=cluster_id,
        modified_since=modified_since,
        page=page,
        per_page=per_page,
    )
    slugs = [concept.slug for concept in listing.concepts]
    versions = concept_versions(db_session(), current.scheme_id(), slugs)
    links: dict[str, str | None] = {
        "self": _page_link(page),
        "first": _page_link(1),
        "last": _page_link(listing.pages),
    }
    links["next"] = _page_link(page + 1) if page < listing.pages else None
    links["prev"] = _page_link(min(page, listing.pages + 1) - 1) if page > 1 else None
    response = jsonify(
        {
            "total": listing.total,
            "page": page,
            "per_page": per_page,
            "pages": listing.pages,
            "links": links,
            "concepts": [
                _listed_concept_body(concept, lang, versions[concept.slug])
                for concept in listing.concepts
            ],
        }
    )
    response.headers["Link"] = ", ".join(
        f'<{href}>; rel="{rel}"' for rel, href in links.items() if href and rel != "self"
    )
    return response


# Concepts whose JSON a worker keeps per data revision (each a few kilobytes).
CONCEPT_JSON_KEPT = 2048


def _kept_concept_json(
    concept_id: str, lang: str | None, build: Callable[[], dict[str, Any] | None]
) -> dict[str, Any] | None:
    """A concept's JSON from this worker's per-revision cache, built by `build` when missing.

    The concept route and the listing share it: turning a concept into JSON (its markdown
    rendered three ways) costs more than loading it."""
    body: dict[str, Any] | None = revision_cache(
        db_session(), "concept_json", max_entries=CONCEPT_JSON_KEPT
    ).get(current_revision(db_session()), (request.script_root, concept_id, lang), build)
    return body


def _listed_concept_body(concept: Concept, lang: str | None, version: int) -> dict[str, Any]:
    body = _kept_concept_json(
        concept.slug, lang, lambda: concept_json(concept, lang) | {"version": version}
    )
    assert body is not None  # built from a loaded concept
    return body


def _concept_body(concept_id: str, lang: str | None) -> dict[str, Any] | None:
    """The concept's JSON with its published version: the `base_version` a draft names
    (a publication bumps the revision, so the per-revision cache keeps it right)."""
    found = concepts.get_concept(db_session(), current.scheme_id(), concept_id)
    if found is None:
        return None
    version = concept_version(db_session(), current.scheme_id(), concept_id)
    return concept_json(found, lang) | {"version": version}


@api_v1.get("/concepts/<concept_id>")
def concept(concept_id: str) -> BaseResponse:
    """Everything about a concept; any of its labels as id answers 302 to its id (temporary:
    a later edit can move a label to another concept)."""
    lang = query_lang()
    body = _kept_concept_json(concept_id, lang, lambda: _concept_body(concept_id, lang))
    if body is not None:
        return jsonify(body)
    resolution = concepts.resolve_label(
        db_session(),
        current.scheme_id(),
        concept_id,
        lang,
        source_language=current.source_language(),
    )
    if resolution is None:
        raise ApiError(404, f"no concept with id or label '{concept_id[:100]}'")
    values: dict[str, Any] = request.args.to_dict()
    target = url_for(".concept", concept_id=resolution.concept.slug, **values)
    return redirect(target, code=302)


@api_v1.get("/changes")
def changes() -> Response:
    """What was added, changed or removed after `since`, for incremental sync."""
    since = required_timestamp("since")
    change_set = changes_since(db_session(), current.scheme_id(), since)
    return jsonify(
        {
            "since": since.isoformat(),
            "until": change_set.until.changed_at.isoformat(),
            "revision": change_set.until.number,
            "total": len(change_set.changes),
            "changes": [
                {
                    "id": change.concept_id,
                    "uri": concept_uri(change.concept_id),
                    "change": change.change.value,
                    "revision": change.revision,
                    "changed_at": change.changed_at.isoformat(),
                    "status": change.status,
                    "replaced_by": list(change.replaced_by),
                    "href": None
                    if change.change is ChangeKind.REMOVED
                    else url_for(".concept", concept_id=change.concept_id),
                }
                for change in change_set.changes
            ],
        }
    )
