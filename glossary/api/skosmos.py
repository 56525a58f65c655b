"""A read-only, Skosmos-compatible REST API under /rest/v1 (see NatLibFi/Skosmos swagger.json).

Same paths, parameters and JSON-LD-style response shapes as Skosmos, so existing Skosmos
clients work against the begrippenkader; the vocabulary id is the scheme id. Views read
through the same services as the JSON API and differ only in how they serialise.
Errors are problem+json (Skosmos answers plain text) with the same status codes.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for

from glossary.api.errors import ApiError, bad_parameter
from glossary.api.http import query_lang
from glossary.formats.json import related_concepts
from glossary.formats.skos import (
    PREFIXES,
    collection_uri,
    concept_graph,
    scheme_uri,
    serialize,
)
from glossary.models import Concept, ConceptScheme, LabelKind, RelationKind, db
from glossary.services import concepts
from glossary.services.language import cluster_title, labels_of_kind, pref_label
from glossary.urls import concept_uri

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
                "@base": f"{request.url_root}rest/v1/vocabularies",
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
                "@base": f"{request.url_root}rest/v1/{scheme.id}/",
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
