"""Skosmos search routes: the request parsed into a `SearchRequest`, the answer serialised.
(Registered on the `skosmos` blueprint; what is found is decided in
`glossary.services.skosmos_search`.)"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, request

from glossary.api.skosmos import (
    BASE_CONTEXT,
    ONKI,
    SKOS,
    json_answer,
    skosmos,
    vocabulary_of,
)
from glossary.database import db_session
from glossary.formats.skos import collection_uri
from glossary.http import current
from glossary.http.caching import answered_from_index
from glossary.http.limits import runs_search
from glossary.http.params import query_int, query_lang
from glossary.http.problems import ApiError, bad_parameter, unknown_reference
from glossary.models import ConceptScheme
from glossary.search.service import IndexConfig, SearchUnavailable
from glossary.services import concepts
from glossary.services import skosmos_search as found_by

CONCEPT_TYPES = frozenset({"skos:Concept", f"{SKOS}Concept"})
TYPE_NAME = re.compile(r"[A-Za-z][\w.+-]*:\S+")
# `true`/`false` in any case (skosmos-client sends Python's `False`), or 1/0.
BOOLEAN = re.compile(r"(?i:true|false)|1|0")


def _searched_vocabularies(vocid: str | None) -> ConceptScheme:
    """The path's vocabulary and those of `vocab` (space-separated ids): all must exist."""
    scheme = vocabulary_of(vocid) if vocid is not None else None
    for requested in request.args.get("vocab", "").split():
        scheme = vocabulary_of(requested)
    return scheme or vocabulary_of(current.scheme_id())


def _boolean(name: str) -> bool:
    raw = request.args.get(name)
    if raw is None:
        return False
    if not BOOLEAN.fullmatch(raw):
        raise bad_parameter(name, f"'{name}' must be true or false, got '{raw[:20]}'")
    return raw.lower() in ("true", "1")


def _wants_concepts() -> bool:
    """`type`: space- or plus-separated types; only skos:Concept has members here."""
    names = [name for name in re.split(r"[\s+]+", request.args.get("type", "")) if name]
    for name in names:
        if not TYPE_NAME.fullmatch(name):
            raise bad_parameter(
                "type",
                f"'type' must be prefixed names or URIs such as skos:Concept, got '{name[:100]}'",
            )
    return not names or any(name in CONCEPT_TYPES for name in names)


def _group(scheme: ConceptScheme) -> str | None:
    """`group`: a cluster, by its collection URI (as Skosmos) or by its id."""
    raw = request.args.get("group", "").strip()
    if not raw:
        return None
    known = [cluster.id for cluster, _ in concepts.list_clusters(db_session(), scheme.id)]
    for cluster_id in known:
        if raw in (cluster_id, str(collection_uri(cluster_id))):
            return cluster_id
    raise unknown_reference("group", f"unknown group '{raw[:200]}'; known: {', '.join(known)}")


def _parent(framework: found_by.Framework) -> str | None:
    """`parent`: the URI of a concept whose narrower concepts (at any depth) are wanted."""
    raw = request.args.get("parent", "").strip()
    if not raw:
        return None
    base = current_app.config["GLOSSARY_BASE_URI"]
    slug = raw[len(base) :] if raw.startswith(base) else None
    if slug is None or not framework.exists(slug):
        raise unknown_reference(
            "parent", f"'parent' must be the URI of a concept, got <{raw[:200]}>"
        )
    return slug


def _fields() -> tuple[str, ...]:
    names = tuple(dict.fromkeys(request.args.get("fields", "").split()))
    for name in names:
        if name not in found_by.SEARCH_FIELDS:
            raise bad_parameter(
                "fields",
                f"unsupported field '{name[:50]}'; supported: {' '.join(found_by.SEARCH_FIELDS)}",
            )
    return names


def _search_request(scheme: ConceptScheme, framework: found_by.Framework) -> found_by.SearchRequest:
    raw = (request.args.get("query") or "")[: found_by.MAX_QUERY_LENGTH].strip()
    # No query lists every concept, as `query=*` (Skosmos requires a query; a listing is a
    # sensible answer, and the document can then say exactly what is accepted).
    cluster_id = _group(scheme)
    parent_id = _parent(framework)
    _boolean("unique")  # validated only: every concept appears once
    maxhits = query_int("maxhits", 0, minimum=0) or found_by.DEFAULT_MAXHITS
    return found_by.SearchRequest(
        term=raw.strip("*").strip(),
        prefix=raw.endswith("*"),
        lang=query_lang("lang"),
        label_lang=query_lang("labellang"),
        concepts_only=_wants_concepts(),
        cluster_id=cluster_id,
        parent_id=parent_id,
        offset=query_int("offset", 0, minimum=0),
        maxhits=min(maxhits, found_by.MAX_MAXHITS),
        fields=_fields(),
        source_lang=current.source_language(),
    )


def _search(vocid: str | None) -> Response:
    scheme = _searched_vocabularies(vocid)
    framework = found_by.Framework(db_session(), scheme.id)
    wanted = _search_request(scheme, framework)
    try:
        found = found_by.find(wanted, framework, IndexConfig.from_settings(current.settings()))
    except SearchUnavailable as error:
        raise ApiError(503, f"search is temporarily unavailable: {error}") from None
    for revision in found.index_revisions:
        answered_from_index(revision)
    page = found.matches[wanted.offset : wanted.offset + wanted.maxhits]
    framework.load([match.concept_id for match in page if found_by.needs_concept(match, wanted)])
    context: dict[str, Any] = BASE_CONTEXT | {
        "isothes": "http://purl.org/iso25964/skos-thes#",
        "onki": ONKI,
        "results": {"@id": "onki:results", "@container": "@list"},
        "prefLabel": "skos:prefLabel",
        "altLabel": "skos:altLabel",
        "hiddenLabel": "skos:hiddenLabel",
    }
    for name in wanted.fields:
        if name == "prefLabel":
            context["prefLabels"] = {"@id": "skos:prefLabel", "@container": "@language"}
        else:
            context[name] = f"skos:{name}"
    if wanted.label_lang or wanted.lang:
        context["@language"] = wanted.label_lang or wanted.lang
    response = json_answer(
        {
            "@context": context,
            "uri": "",
            "results": [
                found_by.search_result(match, wanted, scheme.id, framework) for match in page
            ],
        }
    )
    if not found.complete:
        # Cut short by the search's time budget: the next ask may find more; keep no copy.
        response.headers["Cache-Control"] = "no-store"
    return response


@skosmos.get("/search")
@runs_search
def search() -> Response:
    """Concepts for a query term in the vocabularies of `vocab` (all when absent)."""
    return _search(None)


@skosmos.get("/<vocid>/search")
@runs_search
def vocabulary_search(vocid: str) -> Response:
    """Concepts of the vocabulary for a query term."""
    return _search(vocid)
