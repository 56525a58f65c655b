"""Search, label completion and label resolution for partners, pages and embeds.

    GET /api/v1/search?q=&lang=&cluster=&limit=
    GET /api/v1/suggest?q=&lang=&limit=
    GET /api/v1/resolve?label=&lang=

Views parse parameters and serialise; the work is in glossary.search.service.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, url_for

from glossary.api.errors import ApiError, unknown_reference
from glossary.api.http import answered_from_index, query_int, query_lang, required_text
from glossary.api.limits import runs_search, spend_search_budget
from glossary.models import db
from glossary.search import service as search_service
from glossary.search.service import IndexConfig, SearchHit, SearchUnavailable
from glossary.services import concepts
from glossary.services.revision import current_revision
from glossary.urls import concept_uri

api_search = Blueprint("api_search", __name__, url_prefix="/api/v1")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
DEFAULT_SUGGESTIONS = 10
MAX_QUERY_LENGTH = 10_000
INCOMPLETE_CACHE_CONTROL = "no-store"


def _scheme_id() -> str:
    return current_app.config["GLOSSARY_SCHEME_ID"]


def _source_language() -> str:
    return current_app.config["GLOSSARY_LANGUAGES"][0]


def _index() -> IndexConfig:
    return IndexConfig.from_settings(current_app.config)


def _revision() -> int:
    return current_revision(db.session).number


def _cluster_parameter() -> str | None:
    from flask import request

    raw = request.args.get("cluster", "").strip()
    if not raw:
        return None
    if concepts.get_cluster(db.session, _scheme_id(), raw) is None:
        known = [cluster.id for cluster, _ in concepts.list_clusters(db.session, _scheme_id())]
        raise unknown_reference(
            "cluster", f"unknown cluster '{raw[:100]}'; known: {', '.join(known)}"
        )
    return raw


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "uri": concept_uri(hit.id),
        "href": url_for("api_v1.concept", concept_id=hit.id),
        "pref_label": hit.pref_label,
        "lang": hit.lang,
        "matched_label": hit.matched_label,
        "matched_lang": hit.matched_lang,
        "match": hit.match,
        "clusters": hit.clusters,
        "snippet": hit.snippet,
        "snippet_html": hit.snippet_html,
    }


def _unavailable(error: SearchUnavailable) -> ApiError:
    return ApiError(503, f"search is temporarily unavailable: {error}")


@api_search.get("/search")
@runs_search
def search() -> Response:
    """Concepts for a text, best first, each saying which label matched."""
    text = required_text("q", MAX_QUERY_LENGTH)
    lang = query_lang(default=_source_language()) or _source_language()
    cluster = _cluster_parameter()
    limit = query_int("limit", DEFAULT_LIMIT, maximum=MAX_LIMIT)
    try:
        outcome = search_service.search(
            _index(), db.session, _revision(), text, lang, cluster=cluster, limit=limit
        )
    except SearchUnavailable as error:
        raise _unavailable(error) from None
    answered_from_index(outcome.index_revision)
    response = jsonify(
        {
            "query": text,
            "lang": lang,
            "cluster": cluster,
            "total": outcome.total,
            "complete": outcome.complete,
            "results": [hit_json(hit) for hit in outcome.results],
            "suggestions": outcome.suggestions,
        }
    )
    if not outcome.complete:
        # Cut short by the time budget: the next ask may find more; no cache should keep it.
        response.headers["Cache-Control"] = INCOMPLETE_CACHE_CONTROL
    return response


@api_search.get("/suggest")
@runs_search
def suggest() -> Response:
    """Preferred and alternative labels starting with the text (or with one of their words)."""
    text = required_text("q", 200)
    lang = query_lang(default=_source_language()) or _source_language()
    limit = query_int("limit", DEFAULT_SUGGESTIONS, maximum=MAX_LIMIT)
    try:
        completions = search_service.complete(_index(), db.session, _revision(), text, lang, limit)
    except SearchUnavailable as error:
        raise _unavailable(error) from None
    answered_from_index(completions.index_revision)
    return jsonify(
        {
            "query": text,
            "lang": lang,
            "suggestions": [
                {
                    "label": item.label,
                    "lang": item.lang,
                    "match": item.kind,
                    "id": item.concept_id,
                    "pref_label": pref_label,
                    "uri": concept_uri(item.concept_id),
                }
                for item, pref_label in completions
            ],
        }
    )


@api_search.get("/resolve")
def resolve() -> Response:
    """The concept a label names; 404 with the nearest concepts when no label matches."""
    label = required_text("label", 500)
    lang = query_lang(default=None)
    resolution = concepts.resolve_label(db.session, _scheme_id(), label, lang)
    if resolution is None:
        # The nearest concepts spend the search budget; without it the 404 has none.
        near = None
        try:
            if spend_search_budget():
                near = search_service.search(
                    _index(), db.session, _revision(), label, lang or _source_language(), limit=5
                )
        except SearchUnavailable:
            pass
        suggestions = [
            {"id": hit.id, "label": hit.pref_label, "uri": concept_uri(hit.id)}
            for hit in (near.results if near else [])
        ]
        raise ApiError(
            404,
            f"no concept has the label '{label[:100]}'",
            label=label[:500],
            suggestions=suggestions,
        )
    concept = resolution.concept
    shown_lang = lang or _source_language()
    prefs = {item.lang: item.text for item in concept.labels if item.kind == "pref"}
    return jsonify(
        {
            "label": label,
            "matched_label": resolution.label.text,
            "match": "pref" if resolution.label.kind == "pref" else "alt",
            "lang": resolution.label.lang,
            "id": concept.slug,
            "uri": concept_uri(concept.slug),
            "pref_label": prefs.get(shown_lang) or prefs.get(_source_language()) or concept.slug,
            "href": url_for("api_v1.concept", concept_id=concept.slug),
        }
    )
