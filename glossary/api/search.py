"""Search, label completion and label resolution for partners, pages and embeds.

    GET /api/v1/search?q=&lang=&cluster=&limit=&languages=
    GET /api/v1/suggest?q=&lang=&limit=
    GET /api/v1/resolve?label=&lang=

Views parse parameters and serialise; the work is in glossary.search.service.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from glossary.database import db_session
from glossary.http import current
from glossary.http.caching import answered_from_index
from glossary.http.limits import runs_search, spend_search_budget
from glossary.http.params import query_flag, query_int, query_lang, required_text
from glossary.http.problems import ApiError, unknown_reference
from glossary.language import pref_label
from glossary.search import service as search_service
from glossary.search.service import IndexConfig, SearchHit, SearchOptions, SearchUnavailable
from glossary.services import concepts
from glossary.services.revision import current_revision
from glossary.urls import concept_uri

api_search = Blueprint("api_search", __name__, url_prefix="/api/v1")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
DEFAULT_SUGGESTIONS = 10
INCOMPLETE_CACHE_CONTROL = "no-store"


def _index() -> IndexConfig:
    return IndexConfig.from_settings(current.settings())


def _revision() -> int:
    return current_revision(db_session()).number


def _cluster_parameter() -> str | None:
    from flask import request

    raw = request.args.get("cluster", "").strip()
    if not raw:
        return None
    if concepts.get_cluster(db_session(), current.scheme_id(), raw) is None:
        known = [
            cluster.id for cluster, _ in concepts.list_clusters(db_session(), current.scheme_id())
        ]
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
        "snippet_lang": hit.snippet_lang,
        "other_language": hit.other_language,
    }


ALL_LANGUAGES = "all"


def _languages_parameter() -> str | None:
    """`languages`: `all` (the default) searches every language; a language code searches
    only that one (the page's "alleen Nederlands"). None stands for all."""
    raw = request.args.get("languages", "").strip()
    if not raw or raw.lower() == ALL_LANGUAGES:
        return None
    try:
        return query_lang("languages")
    except ApiError as error:
        raise ApiError(
            400,
            f"{error.detail}; or '{ALL_LANGUAGES}' to search every language",
            parameter="languages",
        ) from None


def _query_text() -> str:
    """The required `q`, refused (400, naming the limit) when longer than the configured
    GLOSSARY_MAX_QUERY_LENGTH rather than silently cut."""
    limit = current.max_query_length()
    text = required_text("q", limit + 1)
    if len(text) > limit:
        raise ApiError(
            400,
            f"the query parameter 'q' is {len(request.args.get('q', ''))} characters long; "
            f"the maximum is {limit} characters",
            parameter="q",
            max_length=limit,
        )
    return text


def _unavailable(error: SearchUnavailable) -> ApiError:
    return ApiError(503, f"search is temporarily unavailable: {error}")


@api_search.get("/search")
@runs_search
def search() -> Response:
    """Concepts for a text, best first, each saying which label matched."""
    text = _query_text()
    lang = query_lang(default=current.source_language()) or current.source_language()
    cluster = _cluster_parameter()
    limit = query_int("limit", DEFAULT_LIMIT, maximum=MAX_LIMIT)
    languages = _languages_parameter()
    try:
        outcome = search_service.search(
            _index(),
            db_session(),
            _revision(),
            text,
            lang,
            SearchOptions(
                cluster=cluster,
                limit=limit,
                languages=languages,
                include_retired=query_flag("include_retired"),
            ),
        )
    except SearchUnavailable as error:
        raise _unavailable(error) from None
    answered_from_index(outcome.index_revision)
    response = jsonify(
        {
            "query": text,
            "lang": lang,
            "cluster": cluster,
            "languages": languages or ALL_LANGUAGES,
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
    text = _query_text()
    lang = query_lang(default=current.source_language()) or current.source_language()
    limit = query_int("limit", DEFAULT_SUGGESTIONS, maximum=MAX_LIMIT)
    try:
        completions = search_service.complete(
            _index(),
            db_session(),
            _revision(),
            text,
            lang,
            limit,
            include_retired=query_flag("include_retired"),
        )
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
                    "other_language": item.lang != lang,
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
    resolution = concepts.resolve_label(
        db_session(), current.scheme_id(), label, lang, source_language=current.source_language()
    )
    if resolution is None:
        # The nearest concepts spend the search budget; without it the 404 has none.
        near = None
        try:
            if spend_search_budget():
                near = search_service.search(
                    _index(),
                    db_session(),
                    _revision(),
                    label,
                    lang or current.source_language(),
                    SearchOptions(limit=5),
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
    shown_lang = lang or current.source_language()
    prefs = {item.lang: item.text for item in concept.labels if item.kind == "pref"}
    return jsonify(
        {
            "label": label,
            "matched_label": resolution.label.text,
            "match": "pref" if resolution.label.kind == "pref" else "alt",
            "lang": resolution.label.lang,
            "id": concept.slug,
            "uri": concept_uri(concept.slug),
            "pref_label": prefs.get(shown_lang)
            or prefs.get(current.source_language())
            or concept.slug,
            "href": url_for("api_v1.concept", concept_id=concept.slug),
            # a label of a concept no longer in force still resolves, and says where it went
            "status": concept.status.value,
            "replaced_by": [
                {
                    "id": other.slug,
                    "uri": concept_uri(other.slug),
                    "pref_label": pref_label(other, shown_lang).text,
                    "href": url_for("api_v1.concept", concept_id=other.slug),
                }
                for other in concepts.successors(concept)
            ],
        }
    )
