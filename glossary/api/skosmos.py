"""A read-only, Skosmos-compatible REST API under /rest/v1 (see NatLibFi/Skosmos swagger.json).

Same paths, parameters and JSON-LD-style response shapes as Skosmos, so existing Skosmos
clients work against the begrippenkader; the vocabulary id is the scheme id. Views read
through the same services as the JSON API and differ only in how they serialise.
Errors are problem+json (Skosmos answers plain text) with the same status codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for

from glossary.api.errors import ApiError, bad_parameter
from glossary.api.http import answered_from_index, query_int, query_lang
from glossary.api.limits import runs_search
from glossary.formats.json import pref_labels, related_concepts
from glossary.formats.notes import note_plain
from glossary.formats.skos import (
    PREFIXES,
    collection_uri,
    concept_graph,
    scheme_uri,
    serialize,
)
from glossary.models import Concept, ConceptScheme, LabelKind, NoteKind, RelationKind, db
from glossary.services import concepts
from glossary.services import search as search_service
from glossary.services.language import cluster_title, labels_of_kind, pref_label
from glossary.services.revision import current_revision
from glossary.services.revision_cache import revision_cache
from glossary.services.search import SearchUnavailable
from glossary.urls import concept_uri, public_url

skosmos = Blueprint("skosmos", __name__, url_prefix="/rest/v1")

SKOS = "http://www.w3.org/2004/02/skos/core#"
ONKI = "http://schema.onki.fi/onki#"
BASE_CONTEXT = {"skos": SKOS, "uri": "@id", "type": "@type"}
# MIME type → our RDF format name; application/json is JSON-LD compacted as Skosmos does.
DATA_FORMATS = {
    "application/rdf+xml": "rdf",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}
DATA_CONTEXT = {
    **{prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
    "uri": "@id",
    "type": "@type",
    "lang": "@language",
    "value": "@value",
    "graph": "@graph",
    "label": "rdfs:label",
    "prefLabel": "skos:prefLabel",
    "altLabel": "skos:altLabel",
    "hiddenLabel": "skos:hiddenLabel",
    "broader": "skos:broader",
    "narrower": "skos:narrower",
    "related": "skos:related",
    "inScheme": "skos:inScheme",
}


def _source_language() -> str:
    return current_app.config["GLOSSARY_LANGUAGES"][0]


def _label_lang() -> str:
    """`lang`: the language of returned labels; the vocabulary's default when absent."""
    return query_lang() or _source_language()


def _vocabulary(vocid: str) -> ConceptScheme:
    scheme = None
    if vocid == current_app.config["GLOSSARY_SCHEME_ID"]:
        scheme = concepts.get_scheme(db.session, vocid)
    if scheme is None:
        raise ApiError(404, f"no vocabulary with id '{vocid[:100]}'")
    return scheme


def _scheme_title(scheme: ConceptScheme, lang: str) -> str:
    titles = {text.lang: text.value for text in scheme.texts if text.field == "title"}
    return titles.get(lang) or titles.get(_source_language()) or scheme.id


def _requested_concept(scheme: ConceptScheme) -> Concept:
    """The concept named by the `uri` parameter (400 when missing, 404 when unknown)."""
    uri = request.args.get("uri", "").strip()
    if not uri:
        raise bad_parameter("uri", "uri parameter missing")
    base = current_app.config["GLOSSARY_BASE_URI"]
    concept = None
    if uri.startswith(base):
        concept = concepts.get_concept(db.session, scheme.id, uri[len(base) :])
    if concept is None:
        raise ApiError(404, f"Could not find concept <{uri[:200]}>")
    return concept


def _json(body: dict[str, Any]) -> Response:
    response = jsonify(body)
    response.vary.add("Accept")
    return response


@skosmos.get("/vocabularies")
def vocabularies() -> Response:
    """The vocabularies on this server: the begrippenkader."""
    lang = query_lang()
    if lang is None:
        raise bad_parameter("lang", "lang parameter missing")
    scheme = concepts.get_scheme(db.session, current_app.config["GLOSSARY_SCHEME_ID"])
    found = [] if scheme is None else [scheme]
    return _json(
        {
            "@context": {
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "onki": ONKI,
                "title": {"@id": "rdfs:label", "@language": lang},
                "vocabularies": "onki:hasVocabulary",
                "id": "onki:vocabularyIdentifier",
                "uri": "@id",
                "@base": public_url("/rest/v1/vocabularies"),
            },
            "uri": "",
            "vocabularies": [
                {"uri": s.id, "id": s.id, "title": _scheme_title(s, lang)} for s in found
            ],
        }
    )


@skosmos.get("/<vocid>/")
def vocabulary(vocid: str) -> Response:
    """General information about the vocabulary."""
    scheme = _vocabulary(vocid)
    lang = _label_lang()
    return _json(
        {
            "@context": {
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "skos": SKOS,
                "onki": ONKI,
                "dct": "http://purl.org/dc/terms/",
                "uri": "@id",
                "type": "@type",
                "conceptschemes": "onki:hasConceptScheme",
                "id": "onki:vocabularyIdentifier",
                "defaultLanguage": "onki:defaultLanguage",
                "languages": "onki:language",
                "label": "rdfs:label",
                "prefLabel": "skos:prefLabel",
                "title": "dct:title",
                "@language": lang,
                "@base": public_url(f"/rest/v1/{scheme.id}/"),
            },
            "uri": "",
            "id": scheme.id,
            "marcSource": "",
            "title": _scheme_title(scheme, lang),
            "defaultLanguage": _source_language(),
            "languages": concepts.content_languages(db.session, scheme.id),
            "conceptschemes": [
                {
                    "uri": str(scheme_uri(scheme.id)),
                    "type": "skos:ConceptScheme",
                    "title": _scheme_title(scheme, lang),
                }
            ],
        }
    )


@skosmos.get("/<vocid>/topConcepts")
def top_concepts(vocid: str) -> Response:
    """Concepts without a broader concept, with whether they have narrower ones."""
    scheme = _vocabulary(vocid)
    lang = _label_lang()
    top = str(scheme_uri(scheme.id))
    return _json(
        {
            "@context": BASE_CONTEXT
            | {
                "onki": ONKI,
                "topconcepts": "skos:hasTopConcept",
                "notation": "skos:notation",
                "label": "skos:prefLabel",
                "@language": lang,
            },
            "uri": top,
            "topconcepts": [
                {
                    "uri": concept_uri(concept.slug),
                    "label": pref_label(concept, lang).text,
                    "topConceptOf": top,
                    "hasChildren": any(
                        relation.kind is RelationKind.BROADER
                        for relation in concept.incoming_relations
                    ),
                }
                for concept in concepts.top_concepts(db.session, scheme.id)
            ],
        }
    )


@skosmos.get("/<vocid>/label")
def label(vocid: str) -> Response:
    """The labels of a concept in one language."""
    scheme = _vocabulary(vocid)
    lang = _label_lang()
    concept = _requested_concept(scheme)
    body: dict[str, Any] = {
        "@context": BASE_CONTEXT
        | {
            "prefLabel": "skos:prefLabel",
            "altLabel": "skos:altLabel",
            "hiddenLabel": "skos:hiddenLabel",
            "@language": lang,
        },
        "uri": concept_uri(concept.slug),
    }
    preferred = labels_of_kind(concept, LabelKind.PREF, lang)
    if preferred:
        body["prefLabel"] = preferred[0]
    for key, kind in (("altLabel", LabelKind.ALT), ("hiddenLabel", LabelKind.HIDDEN)):
        values = labels_of_kind(concept, kind, lang)
        if values:
            body[key] = values
    return _json(body)


def _neighbours(vocid: str, relation: str, kinds: tuple[str, ...]) -> Response:
    scheme = _vocabulary(vocid)
    lang = _label_lang()
    concept = _requested_concept(scheme)
    found = related_concepts(concept)
    others = [other for kind in kinds for other in found[kind]]
    return _json(
        {
            "@context": BASE_CONTEXT
            | {"prefLabel": "skos:prefLabel", relation: f"skos:{relation}", "@language": lang},
            "uri": concept_uri(concept.slug),
            relation: [
                {"uri": concept_uri(other.slug), "prefLabel": pref_label(other, lang).text}
                for other in others
            ],
        }
    )


@skosmos.get("/<vocid>/broader")
def broader(vocid: str) -> Response:
    return _neighbours(vocid, "broader", ("broader",))


@skosmos.get("/<vocid>/narrower")
def narrower(vocid: str) -> Response:
    return _neighbours(vocid, "narrower", ("narrower",))


@skosmos.get("/<vocid>/related")
def related(vocid: str) -> Response:
    """Related concepts, including equivalent ones (skos:related in our SKOS as well)."""
    return _neighbours(vocid, "related", ("related", "equivalent"))


@skosmos.get("/<vocid>/groups")
def groups(vocid: str) -> Response:
    """The clusters as concept groups, in document order."""
    scheme = _vocabulary(vocid)
    lang = _label_lang()
    return _json(
        {
            "@context": BASE_CONTEXT
            | {
                "onki": ONKI,
                "prefLabel": "skos:prefLabel",
                "groups": "onki:hasGroup",
                "childGroups": {"@id": "skos:member", "@type": "@id"},
                "hasMembers": "onki:hasMembers",
                "@language": lang,
            },
            "uri": "",
            "groups": [
                {
                    "uri": str(collection_uri(cluster.id)),
                    "prefLabel": cluster_title(cluster, lang).text,
                    "hasMembers": count > 0,
                }
                for cluster, count in concepts.list_clusters(db.session, scheme.id)
            ],
        }
    )


@skosmos.get("/<vocid>/groupMembers")
def group_members(vocid: str) -> Response:
    """The concepts of one cluster, named by its collection URI."""
    scheme = _vocabulary(vocid)
    lang = _label_lang()
    uri = request.args.get("uri", "").strip()
    if not uri:
        raise bad_parameter("uri", "uri parameter missing")
    cluster = next(
        (
            cluster
            for cluster, _ in concepts.list_clusters(db.session, scheme.id)
            if str(collection_uri(cluster.id)) == uri
        ),
        None,
    )
    if cluster is None:
        raise ApiError(404, f"Could not find group <{uri[:200]}>")
    return _json(
        {
            "@context": BASE_CONTEXT
            | {"prefLabel": "skos:prefLabel", "members": "skos:member", "@language": lang},
            "uri": uri,
            "members": [
                {
                    "uri": concept_uri(member.slug),
                    "type": ["skos:Concept"],
                    "prefLabel": pref_label(member, lang).text,
                }
                for member in concepts.cluster_concepts(db.session, cluster)
            ],
        }
    )


@skosmos.get("/<vocid>/lookup")
def lookup(vocid: str) -> Response:
    """The concept a label names; with `lang`, only labels in that language match."""
    scheme = _vocabulary(vocid)
    text = request.args.get("label", "")
    if not text.strip():
        raise bad_parameter("label", "label parameter missing")
    lang = query_lang()
    resolution = concepts.resolve_label(db.session, scheme.id, text, lang)
    if resolution is None or (lang is not None and resolution.label.lang != lang):
        raise ApiError(404, f"Could not find label '{text[:200]}'")
    matched = resolution.label
    hit: dict[str, Any] = {
        "uri": concept_uri(resolution.concept.slug),
        "type": ["skos:Concept"],
        "prefLabel": pref_label(resolution.concept, matched.lang).text,
        "lang": matched.lang,
        "vocab": scheme.id,
        "localname": resolution.concept.slug,
    }
    if matched.kind is LabelKind.ALT:
        hit["altLabel"] = matched.text
    elif matched.kind is LabelKind.HIDDEN:
        hit["hiddenLabel"] = matched.text
    context = BASE_CONTEXT | {
        "onki": ONKI,
        "results": {"@id": "onki:results"},
        "prefLabel": "skos:prefLabel",
        "altLabel": "skos:altLabel",
        "hiddenLabel": "skos:hiddenLabel",
    }
    if lang:
        context["@language"] = lang
    return _json({"@context": context, "result": [hit]})


# --- search ---------------------------------------------------------------------------------
#
# Skosmos matches labels against a pattern (`term` exactly, `term*` as a prefix); here the
# text goes to the search service, so synonyms, stems, compounds and typos find concepts too.
# A trailing `*` adds the service's label completions in front of the search hits, and any
# `*` at either end is otherwise ignored. Labels in every language match; `lang` orders the
# completions and is the language of `prefLabel`, and each result's `lang` names the language
# of the label that matched. Each concept appears once (`unique` is accepted either way).

MAX_QUERY_LENGTH = 10_000
# The search service ranks at most this many concepts: results past them are not reachable.
SEARCH_WINDOW = search_service.MAX_LIMIT
# Results in one answer. Skosmos answers "all" without `maxhits`, and its clients ask for
# pages with `maxhits` and `offset` and do not expect a 400 for a large `maxhits`: so a
# missing, 0 or larger `maxhits` is clamped to MAX_MAXHITS (the default is the maximum). A
# query term finds at most SEARCH_WINDOW concepts anyway; only listings (`query=*`, or a
# group or parent without a query) are longer, and they are read with `offset`.
MAX_MAXHITS = 500
DEFAULT_MAXHITS = MAX_MAXHITS
# Orders of every concept by label kept per worker and data revision (one per language).
LISTINGS_KEPT = 8
CONCEPT_TYPES = frozenset({"skos:Concept", f"{SKOS}Concept"})
TYPE_NAME = re.compile(r"[A-Za-z][\w.+-]*:\S+")
BOOLEANS = {"true": True, "1": True, "yes": True, "on": True}
BOOLEANS |= {"false": False, "0": False, "no": False, "off": False}
RELATION_FIELDS = ("broader", "narrower", "related")
NOTE_FIELDS = {
    "definition": NoteKind.DEFINITION,
    "scopeNote": NoteKind.SCOPE_NOTE,
    "example": NoteKind.EXAMPLE,
    "editorialNote": NoteKind.EDITORIAL_NOTE,
}
# SKOS properties the begrippenkader holds no values for: accepted, and never in a result.
EMPTY_FIELDS = ("notation", "exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
SEARCH_FIELDS = ("prefLabel", *RELATION_FIELDS, *NOTE_FIELDS, *EMPTY_FIELDS)


@dataclass(frozen=True)
class _Match:
    """A concept found for a query, and the label that matched (none for a definition)."""

    concept_id: str
    label: str | None = None
    lang: str | None = None
    kind: str = "none"  # "pref" | "alt" | "definition" | "none" (listed without a query)
    pref_labels: dict[str, str] | None = None


@dataclass(frozen=True)
class _SearchRequest:
    term: str  # without surrounding `*`; empty lists every concept (Skosmos `query=*`)
    prefix: bool
    lang: str | None
    label_lang: str | None
    concepts_only: bool
    cluster_id: str | None
    parent_id: str | None
    offset: int
    maxhits: int  # 1..MAX_MAXHITS
    fields: tuple[str, ...]


class _Framework:
    """The scheme's concepts, loaded as far as needed: the page of results shown, and the
    hierarchy for the `parent` filter (loading all 5 000 concepts of a large scheme for
    every search took seconds)."""

    def __init__(self, scheme_id: str) -> None:
        self.scheme_id = scheme_id
        self._loaded: dict[str, Concept] = {}

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for narrower, broader in concepts.broader_links(db.session, self.scheme_id):
            children.setdefault(broader, []).append(narrower)
        return children

    def exists(self, slug: str) -> bool:
        if slug in self._loaded:
            return True
        self.load([slug])
        return slug in self._loaded

    def load(self, slugs: list[str]) -> None:
        """Load the named concepts fully (the results of one page)."""
        missing = [slug for slug in slugs if slug not in self._loaded]
        for concept in concepts.concepts_by_slug(db.session, self.scheme_id, missing):
            self._loaded[concept.slug] = concept

    def concept(self, slug: str) -> Concept:
        """A concept loaded by `load`."""
        return self._loaded[slug]

    def descendants(self, slug: str) -> set[str]:
        """The concepts below `slug` along broader relations, at any depth."""
        children = self._children
        found: set[str] = set()
        pending = list(children.get(slug, []))
        while pending:
            current = pending.pop()
            if current not in found:
                found.add(current)
                pending.extend(children.get(current, []))
        return found


def _searched_vocabularies(vocid: str | None) -> ConceptScheme:
    """The path's vocabulary and those of `vocab` (space-separated ids): all must exist."""
    scheme = _vocabulary(vocid) if vocid is not None else None
    for requested in request.args.get("vocab", "").split():
        scheme = _vocabulary(requested)
    return scheme or _vocabulary(current_app.config["GLOSSARY_SCHEME_ID"])


def _boolean(name: str) -> bool:
    raw = request.args.get(name, "").strip()
    if not raw:
        return False
    if raw.lower() not in BOOLEANS:
        raise bad_parameter(name, f"'{name}' must be true or false, got '{raw[:20]}'")
    return BOOLEANS[raw.lower()]


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
    known = [cluster.id for cluster, _ in concepts.list_clusters(db.session, scheme.id)]
    for cluster_id in known:
        if raw in (cluster_id, str(collection_uri(cluster_id))):
            return cluster_id
    raise bad_parameter("group", f"unknown group '{raw[:200]}'; known: {', '.join(known)}")


def _parent(framework: _Framework) -> str | None:
    """`parent`: the URI of a concept whose narrower concepts (at any depth) are wanted."""
    raw = request.args.get("parent", "").strip()
    if not raw:
        return None
    base = current_app.config["GLOSSARY_BASE_URI"]
    slug = raw[len(base) :] if raw.startswith(base) else None
    if slug is None or not framework.exists(slug):
        raise bad_parameter("parent", f"'parent' must be the URI of a concept, got <{raw[:200]}>")
    return slug


def _fields() -> tuple[str, ...]:
    names = tuple(dict.fromkeys(request.args.get("fields", "").split()))
    for name in names:
        if name not in SEARCH_FIELDS:
            raise bad_parameter(
                "fields", f"unsupported field '{name[:50]}'; supported: {' '.join(SEARCH_FIELDS)}"
            )
    return names


def _search_request(scheme: ConceptScheme, framework: _Framework) -> _SearchRequest:
    raw = (request.args.get("query") or "")[:MAX_QUERY_LENGTH].strip()
    cluster_id = _group(scheme)
    parent_id = _parent(framework)
    if not raw and cluster_id is None and parent_id is None:
        raise bad_parameter("query", "query parameter missing")
    _boolean("unique")  # validated only: every concept appears once
    return _SearchRequest(
        term=raw.strip("*").strip(),
        prefix=raw.endswith("*"),
        lang=query_lang("lang"),
        label_lang=query_lang("labellang"),
        concepts_only=_wants_concepts(),
        cluster_id=cluster_id,
        parent_id=parent_id,
        offset=query_int("offset", 0, minimum=0),
        maxhits=min(query_int("maxhits", 0, minimum=0) or DEFAULT_MAXHITS, MAX_MAXHITS),
        fields=_fields(),
    )


def _matches(wanted: _SearchRequest) -> tuple[list[_Match], bool]:
    """Concepts for the query, best first: completions of a prefix, then search hits.

    The service is always asked for its whole window and the page is cut here, so pages of
    one query never overlap or skip, whatever `offset` and `maxhits` are. The flag is False
    when the search ran out of its time budget.
    """
    service_lang = wanted.lang or wanted.label_lang or _source_language()
    found: dict[str, _Match] = {}
    try:
        if wanted.prefix:
            completions = search_service.complete(wanted.term, service_lang, SEARCH_WINDOW)
            answered_from_index(completions.index_revision)
            for item, _ in completions:
                found.setdefault(
                    item.concept_id, _Match(item.concept_id, item.label, item.lang, item.kind)
                )
        outcome = search_service.search(
            wanted.term, service_lang, cluster=wanted.cluster_id, limit=SEARCH_WINDOW
        )
    except SearchUnavailable as error:
        raise ApiError(503, f"search is temporarily unavailable: {error}") from None
    answered_from_index(outcome.index_revision)
    for hit in outcome.results:
        known = found.get(hit.id)
        if known is None:
            found[hit.id] = _Match(
                hit.id, hit.matched_label, hit.matched_lang, hit.match, hit.pref_labels
            )
        elif known.pref_labels is None:
            found[hit.id] = replace(known, pref_labels=hit.pref_labels)
    return list(found.values()), outcome.complete


def _listing(wanted: _SearchRequest, framework: _Framework) -> list[_Match]:
    """Every concept (Skosmos `query=*`, or no query with a group or parent), by label."""
    lang = wanted.label_lang or wanted.lang or _source_language()
    ordered: list[tuple[str, dict[str, str]]] = revision_cache(
        "skosmos_listings", max_entries=LISTINGS_KEPT
    ).get(
        current_revision(db.session),
        (framework.scheme_id, lang),
        lambda: _ordered_by_label(framework.scheme_id, lang),
    )
    return [_Match(slug, pref_labels=prefs) for slug, prefs in ordered]


def _ordered_by_label(scheme_id: str, lang: str) -> list[tuple[str, dict[str, str]]]:
    """Every concept's id and preferred labels, by its label in `lang`."""
    labelled = concepts.concepts_with_labels(db.session, scheme_id)
    ordered = sorted(labelled, key=lambda c: pref_label(c, lang).text.casefold())
    return [(concept.slug, pref_labels(concept)) for concept in ordered]


def _filtered(matches: list[_Match], wanted: _SearchRequest, framework: _Framework) -> list[_Match]:
    if not wanted.concepts_only:
        return []
    if wanted.cluster_id is not None:
        cluster = concepts.get_cluster(db.session, framework.scheme_id, wanted.cluster_id)
        members = (
            {c.slug for c in concepts.cluster_concepts(db.session, cluster)} if cluster else set()
        )
        matches = [match for match in matches if match.concept_id in members]
    if wanted.parent_id is not None:
        below = framework.descendants(wanted.parent_id)
        matches = [match for match in matches if match.concept_id in below]
    return matches


def _needs_concept(match: _Match, wanted: _SearchRequest) -> bool:
    """Whether a result needs its concept loaded: for labels a search did not give, to tell
    a hidden from an alternative label, or for `fields`."""
    return match.pref_labels is None or match.kind == "alt" or bool(wanted.fields)


def _search_result(
    match: _Match, wanted: _SearchRequest, scheme: ConceptScheme, framework: _Framework
) -> dict[str, Any]:
    """One result the Skosmos way: the matched label, when it is not the prefLabel shown, is
    matchedPrefLabel, altLabel or hiddenLabel, and `lang` is then its language."""
    prefs = match.pref_labels
    if prefs is None:
        prefs = pref_labels(framework.concept(match.concept_id))
    shown = wanted.label_lang or wanted.lang or match.lang or _source_language()
    if shown not in prefs:
        shown = _source_language() if _source_language() in prefs else next(iter(prefs), shown)
    result: dict[str, Any] = {
        "uri": concept_uri(match.concept_id),
        "type": ["skos:Concept"],
        "localname": match.concept_id,
        "prefLabel": prefs.get(shown, match.concept_id),
        "lang": shown,
        "vocab": scheme.id,
    }
    if match.label is not None and match.lang is not None:
        if match.kind == "pref" and match.label != result["prefLabel"]:
            result["matchedPrefLabel"] = match.label
            result["lang"] = match.lang
        elif match.kind == "alt":
            hidden = match.label in labels_of_kind(
                framework.concept(match.concept_id), LabelKind.HIDDEN, match.lang
            )
            result["hiddenLabel" if hidden else "altLabel"] = match.label
            result["lang"] = match.lang
    if wanted.fields:
        result.update(_field_values(framework.concept(match.concept_id), wanted.fields, shown))
    return result


def _field_values(concept: Concept, fields: tuple[str, ...], lang: str) -> dict[str, Any]:
    """The extra properties asked for with `fields`; those without values are left out."""
    values: dict[str, Any] = {}
    neighbours = related_concepts(concept)
    neighbours["related"] = neighbours["related"] + neighbours["equivalent"]
    for name in fields:
        if name == "prefLabel":
            values["prefLabels"] = pref_labels(concept)
        elif name in RELATION_FIELDS and neighbours[name]:
            values[name] = [
                {"uri": concept_uri(other.slug), "prefLabel": pref_label(other, lang).text}
                for other in neighbours[name]
            ]
        elif name in NOTE_FIELDS:
            texts = [
                note_plain(note)
                for note in concept.notes
                if note.kind is NOTE_FIELDS[name] and note.lang == lang
            ]
            if texts:
                values[name] = texts
    return values


def _search(vocid: str | None) -> Response:
    scheme = _searched_vocabularies(vocid)
    framework = _Framework(scheme.id)
    wanted = _search_request(scheme, framework)
    found, complete = _matches(wanted) if wanted.term else (_listing(wanted, framework), True)
    found = _filtered(found, wanted, framework)
    page = found[wanted.offset : wanted.offset + wanted.maxhits]
    framework.load([match.concept_id for match in page if _needs_concept(match, wanted)])
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
    response = _json(
        {
            "@context": context,
            "uri": "",
            "results": [_search_result(match, wanted, scheme, framework) for match in page],
        }
    )
    if not complete:
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


def _data_format() -> str:
    """The MIME type to answer /data with: `format`, else the Accept header."""
    requested = request.args.get("format")
    if requested:
        if requested not in DATA_FORMATS:
            raise ApiError(
                406,
                f"Unsupported format. Supported MIME types are: {' '.join(DATA_FORMATS)}",
            )
        return requested
    if not request.accept_mimetypes:
        return next(iter(DATA_FORMATS))
    best = request.accept_mimetypes.best_match(list(DATA_FORMATS))
    if best is None:
        raise ApiError(
            406, f"Unsupported format. Supported MIME types are: {' '.join(DATA_FORMATS)}"
        )
    return best


def _concept_data(scheme: ConceptScheme) -> Response:
    mime_type = _data_format()
    concept = _requested_concept(scheme)
    graph = concept_graph(scheme, concept)
    fmt = DATA_FORMATS[mime_type]
    body = (
        graph.serialize(format="json-ld", context=DATA_CONTEXT, auto_compact=True)
        if fmt == "jsonld"
        else serialize(graph, fmt)
    )
    response = Response(body, mimetype=mime_type)
    response.vary.add("Accept")
    return response


@skosmos.get("/<vocid>/data")
def vocabulary_data(vocid: str) -> Response:
    """RDF of one concept (`uri`), or a redirect to the whole vocabulary's download."""
    scheme = _vocabulary(vocid)
    if request.args.get("uri"):
        return _concept_data(scheme)
    extension = DATA_FORMATS[_data_format()]
    return redirect(url_for("exports.framework", extension=extension), code=303)


@skosmos.get("/data")
def data() -> Response:
    """RDF of one concept of any vocabulary on this server."""
    return _concept_data(_vocabulary(current_app.config["GLOSSARY_SCHEME_ID"]))


@skosmos.get("/<vocid>/mappings")
def mappings(vocid: str) -> Response:
    """A concept's mappings to concepts of other vocabularies (skos:exactMatch, ...)."""
    from glossary.services.mappings import skosmos_mappings

    scheme = _vocabulary(vocid)
    concept = _requested_concept(scheme)
    body = skosmos_mappings(
        concept, concept_uri(concept.slug), str(scheme_uri(scheme.id)), _label_lang()
    )
    return _json(body)
