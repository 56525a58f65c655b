"""Skosmos routes about one concept, named by the `uri` parameter: labels, neighbours, the
hierarchy around it and its RDF. (Registered on the `skosmos` blueprint.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from flask import Response, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from glossary.api.skosmos import (
    BASE_CONTEXT,
    ONKI,
    default_vocabulary,
    json_answer,
    label_lang,
    requested_concept,
    skosmos,
    vocabulary_of,
)
from glossary.database import db_session
from glossary.formats.json import related_concepts
from glossary.formats.skos import PREFIXES, concept_graph, scheme_uri, serialize
from glossary.http import current
from glossary.http.params import query_int, query_lang
from glossary.http.problems import ApiError, bad_parameter
from glossary.language import labels_of_kind, pref_label
from glossary.models import Concept, ConceptScheme, LabelKind
from glossary.services import concepts, skosmos_view
from glossary.services.mappings import skosmos_mappings
from glossary.urls import concept_uri

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


def _concept_answer(
    concept: Concept, lang: str, context: dict[str, Any], body: dict[str, Any]
) -> Response:
    """A JSON-LD answer about one concept in `lang`: the base context and `prefLabel` (every
    such answer labels what it names) with `context` added, the concept's `uri` and what
    `body` says of it."""
    return json_answer(
        {
            "@context": BASE_CONTEXT
            | {"prefLabel": "skos:prefLabel"}
            | context
            | {"@language": lang},
            "uri": concept_uri(concept.slug),
            **body,
        }
    )


def _labels(scheme: ConceptScheme) -> Response:
    lang = label_lang()
    concept = requested_concept(scheme)
    body: dict[str, Any] = {"prefLabel": pref_label(concept, lang).text}
    for key, kind in (("altLabel", LabelKind.ALT), ("hiddenLabel", LabelKind.HIDDEN)):
        values = labels_of_kind(concept, kind, lang)
        if values:
            body[key] = values
    return _concept_answer(
        concept,
        lang,
        {"altLabel": "skos:altLabel", "hiddenLabel": "skos:hiddenLabel"},
        body,
    )


@skosmos.get("/<vocid>/label")
def label(vocid: str) -> Response:
    """The labels of a concept in one language."""
    return _labels(vocabulary_of(vocid))


@skosmos.get("/label")
def global_label() -> Response:
    """The labels of a concept of any vocabulary on this server."""
    return _labels(default_vocabulary())


def _neighbours(vocid: str, relation: str, kinds: tuple[str, ...]) -> Response:
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    concept = requested_concept(scheme)
    found = related_concepts(concept)
    others = [other for kind in kinds for other in found[kind]]
    return _concept_answer(
        concept,
        lang,
        {relation: f"skos:{relation}"},
        {
            relation: [
                {"uri": concept_uri(other.slug), "prefLabel": pref_label(other, lang).text}
                for other in others
            ]
        },
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


@dataclass(frozen=True)
class _Place:
    """Where a hierarchy route starts: the vocabulary, the label language, the requested
    concept and the vocabulary's hierarchy to walk from it."""

    scheme: ConceptScheme
    lang: str
    concept: Concept
    hierarchy: skosmos_view.Hierarchy


def _hierarchy_answer(
    vocid: str, context: dict[str, Any], body: Callable[[_Place], dict[str, Any]]
) -> Response:
    """The answer of a hierarchy route: what `body` says from the requested concept, in the
    concept answer's context with `context` added."""
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    concept = requested_concept(scheme)
    place = _Place(scheme, lang, concept, skosmos_view.Hierarchy(db_session(), scheme.id))
    return _concept_answer(concept, lang, context, body(place))


def _walk(vocid: str, relation: Literal["broader", "narrower"]) -> Response:
    def transitive(at: _Place) -> dict[str, Any]:
        limit = query_int("limit", skosmos_view.DEFAULT_TRANSITIVE_LIMIT, minimum=1)
        return {
            f"{relation}Transitive": skosmos_view.transitive(
                at.hierarchy, at.concept.slug, at.lang, limit, relation
            )
        }

    return _hierarchy_answer(
        vocid,
        {
            relation: {"@id": f"skos:{relation}", "@type": "@id"},
            f"{relation}Transitive": {"@id": f"skos:{relation}Transitive"},
        },
        transitive,
    )


@skosmos.get("/<vocid>/broaderTransitive")
def broader_transitive(vocid: str) -> Response:
    """The concept and its broader concepts at any depth (`limit` caps how many)."""
    return _walk(vocid, "broader")


@skosmos.get("/<vocid>/narrowerTransitive")
def narrower_transitive(vocid: str) -> Response:
    """The concept and its narrower concepts at any depth (`limit` caps how many)."""
    return _walk(vocid, "narrower")


@skosmos.get("/<vocid>/children")
def children(vocid: str) -> Response:
    """The narrower concepts, each saying whether it has narrower concepts of its own."""
    return _hierarchy_answer(
        vocid,
        {"onki": ONKI, "narrower": "skos:narrower", "hasChildren": "onki:hasChildren"},
        lambda at: {"narrower": skosmos_view.children(at.hierarchy, at.concept.slug, at.lang)},
    )


@skosmos.get("/<vocid>/hierarchy")
def hierarchy(vocid: str) -> Response:
    """The path from the concept up to the top, with each step's narrower concepts."""
    return _hierarchy_answer(
        vocid,
        {
            "onki": ONKI,
            "label": "skos:prefLabel",
            "broader": {"@id": "skos:broader", "@type": "@id"},
            "narrower": {"@id": "skos:narrower"},
            "broaderTransitive": {"@id": "skos:broaderTransitive"},
            "top": {"@id": "skos:topConceptOf", "@type": "@id"},
            "hasChildren": "onki:hasChildren",
        },
        lambda at: {
            "broaderTransitive": skosmos_view.hierarchy_of(
                at.hierarchy, at.concept.slug, at.lang, str(scheme_uri(at.scheme.id))
            )
        },
    )


@skosmos.get("/<vocid>/lookup")
def lookup(vocid: str) -> Response:
    """The concept a label names; with `lang`, only labels in that language match."""
    scheme = vocabulary_of(vocid)
    text = request.args.get("label", "")
    if not text.strip():
        raise bad_parameter("label", "label parameter missing")
    lang = query_lang()
    resolution = concepts.resolve_label(
        db_session(), scheme.id, text, lang, source_language=current.source_language()
    )
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
    return json_answer({"@context": context, "result": [hit]})


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
    concept = requested_concept(scheme)
    graph = concept_graph(scheme, concept)
    fmt = DATA_FORMATS[mime_type]
    body = (
        graph.serialize(format="json-ld", context=DATA_CONTEXT, auto_compact=True)
        if fmt == "jsonld"
        else serialize(graph, fmt)
    )
    response = Response(body, mimetype=mime_type)
    response.vary.add("Accept")
    response.headers["Link"] = ", ".join(
        f"<{request.path}?{urlencode({'uri': request.args['uri'], 'format': other})}>; "
        f'rel="alternate"; type="{other}"'
        for other in DATA_FORMATS
        if other != mime_type
    )
    return response


@skosmos.get("/<vocid>/data")
def vocabulary_data(vocid: str) -> BaseResponse:
    """RDF of one concept (`uri`), or a redirect to the whole vocabulary's download."""
    scheme = vocabulary_of(vocid)
    if request.args.get("uri"):
        return _concept_data(scheme)
    extension = DATA_FORMATS[_data_format()]
    response = redirect(url_for("exports.framework", extension=extension), code=303)
    response.vary.add("Accept")  # the download depends on Accept when `format` is absent
    return response


@skosmos.get("/data")
def data() -> Response:
    """RDF of one concept of any vocabulary on this server."""
    return _concept_data(default_vocabulary())


@skosmos.get("/<vocid>/mappings")
def mappings(vocid: str) -> Response:
    """A concept's mappings to concepts of other vocabularies (skos:exactMatch, ...)."""
    scheme = vocabulary_of(vocid)
    concept = requested_concept(scheme)
    body = skosmos_mappings(
        concept,
        concept_uri(concept.slug),
        str(scheme_uri(scheme.id)),
        label_lang(),
        current.source_language(),
    )
    return json_answer(body)
