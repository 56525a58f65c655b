"""A read-only, Skosmos-compatible REST API under /rest/v1 (see NatLibFi/Skosmos swagger.json).

Same paths, parameters and JSON-LD-style response shapes as Skosmos, so existing Skosmos
clients work against the begrippenkader; the vocabulary id is the scheme id. Views read
through the same services as the JSON API and differ only in how they serialise.
Errors are problem+json (Skosmos answers plain text) with the same status codes.

The routes are in three modules on one blueprint: this one (the server and each vocabulary
as a whole), `skosmos_concept` (one concept, named by `uri`: labels, neighbours, hierarchy,
data) and `skosmos_search` (search). The listing, search and graph-walk logic lives in
`glossary.services.skosmos_view` and `glossary.services.skosmos_search`.
"""

from __future__ import annotations

from typing import Any

from babel import Locale
from flask import Blueprint, Response, current_app, jsonify, request

from glossary.database import db_session
from glossary.formats.skos import scheme_uri
from glossary.http import current
from glossary.http.params import query_int, query_lang
from glossary.http.problems import ApiError, bad_parameter
from glossary.models import Concept, ConceptScheme
from glossary.services import concepts, skosmos_view
from glossary.urls import public_url

skosmos = Blueprint("skosmos", __name__, url_prefix="/rest/v1")

SKOS = "http://www.w3.org/2004/02/skos/core#"
ONKI = "http://schema.onki.fi/onki#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
BASE_CONTEXT = {"skos": SKOS, "uri": "@id", "type": "@type"}
# `new` and `modified` answer this many concepts unless `limit` says otherwise (as Skosmos).
DEFAULT_CHANGES_LIMIT = 200
MAX_CHANGES_LIMIT = 1000


def label_lang() -> str:
    """`lang`: the language of returned labels; the vocabulary's default when absent."""
    return query_lang() or current.source_language()


def required_lang() -> str:
    lang = query_lang()
    if lang is None:
        raise bad_parameter("lang", "lang parameter missing")
    return lang


def vocabulary_of(vocid: str) -> ConceptScheme:
    scheme = None
    if vocid == current.scheme_id():
        scheme = concepts.get_scheme(db_session(), vocid)
    if scheme is None:
        raise ApiError(404, f"no vocabulary with id '{vocid[:100]}'")
    return scheme


def default_vocabulary() -> ConceptScheme:
    return vocabulary_of(current.scheme_id())


def scheme_title(scheme: ConceptScheme, lang: str) -> str:
    titles = {text.lang: text.value for text in scheme.texts if text.field == "title"}
    return titles.get(lang) or titles.get(current.source_language()) or scheme.id


def requested_concept(scheme: ConceptScheme) -> Concept:
    """The concept named by the `uri` parameter (400 when missing, 404 when unknown)."""
    uri = request.args.get("uri", "").strip()
    if not uri:
        raise bad_parameter("uri", "uri parameter missing")
    base = current_app.config["GLOSSARY_BASE_URI"]
    concept = None
    if uri.startswith(base):
        concept = concepts.get_concept(db_session(), scheme.id, uri[len(base) :])
    if concept is None:
        raise ApiError(404, f"Could not find concept <{uri[:200]}>")
    return concept


def json_answer(body: dict[str, Any]) -> Response:
    response = jsonify(body)
    response.vary.add("Accept")
    return response


def vocabulary_answer(
    scheme: ConceptScheme, lang: str, context: dict[str, Any], body: dict[str, Any]
) -> Response:
    """A JSON-LD answer about one vocabulary as a whole.

    The vocabulary-level routes share their prefixes, `@base`, `uri`, `id` and `title`;
    `context` and `body` add what each says besides.
    """
    return json_answer(
        {
            "@context": {
                "rdfs": RDFS,
                "skos": SKOS,
                "onki": ONKI,
                "uri": "@id",
                "id": "onki:vocabularyIdentifier",
                **context,
                "@base": public_url(f"/rest/v1/{scheme.id}/"),
            },
            "uri": "",
            "id": scheme.id,
            "title": scheme_title(scheme, lang),
            **body,
        }
    )


@skosmos.get("/vocabularies")
def vocabularies() -> Response:
    """The vocabularies on this server: the begrippenkader."""
    lang = required_lang()
    scheme = concepts.get_scheme(db_session(), current.scheme_id())
    found = [] if scheme is None else [scheme]
    return json_answer(
        {
            "@context": {
                "rdfs": RDFS,
                "onki": ONKI,
                "title": {"@id": "rdfs:label", "@language": lang},
                "vocabularies": "onki:hasVocabulary",
                "id": "onki:vocabularyIdentifier",
                "uri": "@id",
                "@base": public_url("/rest/v1/vocabularies"),
            },
            "uri": "",
            "vocabularies": [
                {"uri": s.id, "id": s.id, "title": scheme_title(s, lang)} for s in found
            ],
        }
    )


def _types(lang: str) -> Response:
    return json_answer(
        {
            "@context": BASE_CONTEXT
            | {
                "rdfs": RDFS,
                "onki": ONKI,
                "label": "rdfs:label",
                "superclass": {"@id": "rdfs:subClassOf", "@type": "@id"},
                "types": "onki:hasType",
                "@language": lang,
            },
            "uri": "",
            "types": skosmos_view.types(lang),
        }
    )


@skosmos.get("/types")
def types() -> Response:
    """The types of resources on this server (concepts and collections)."""
    return _types(required_lang())


@skosmos.get("/<vocid>/types")
def vocabulary_types(vocid: str) -> Response:
    """The types of resources in the vocabulary."""
    vocabulary_of(vocid)
    return _types(label_lang())


@skosmos.get("/<vocid>/")
def vocabulary(vocid: str) -> Response:
    """General information about the vocabulary."""
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    return vocabulary_answer(
        scheme,
        lang,
        {
            "dct": "http://purl.org/dc/terms/",
            "type": "@type",
            "conceptschemes": "onki:hasConceptScheme",
            "defaultLanguage": "onki:defaultLanguage",
            "languages": "onki:language",
            "label": "rdfs:label",
            "prefLabel": "skos:prefLabel",
            "title": "dct:title",
            "@language": lang,
        },
        {
            "marcSource": "",
            "defaultLanguage": current.source_language(),
            "languages": concepts.content_languages(db_session(), scheme.id),
            "conceptschemes": [
                {
                    "uri": str(scheme_uri(scheme.id)),
                    "type": "skos:ConceptScheme",
                    "title": scheme_title(scheme, lang),
                }
            ],
        },
    )


@skosmos.get("/<vocid>/vocabularyStatistics")
def vocabulary_statistics(vocid: str) -> Response:
    """How many concepts (and deprecated ones) and groups the vocabulary holds."""
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    counts = skosmos_view.statistics(db_session(), scheme.id)
    concept_type = f"{SKOS}Concept"
    collection_type = f"{SKOS}Collection"
    return vocabulary_answer(
        scheme,
        lang,
        {
            "void": "http://rdfs.org/ns/void#",
            "concepts": "void:classPartition",
            "label": "rdfs:label",
            "class": {"@id": "void:class", "@type": "@id"},
            "subTypes": {"@id": "void:class", "@type": "@id"},
            "count": "void:entities",
            "@language": lang,
        },
        {
            "concepts": {
                "class": concept_type,
                "label": skosmos_view.type_label(concept_type, lang),
                "count": counts.concepts,
                "deprecatedCount": counts.deprecated,
            },
            "subTypes": [],
            "conceptGroups": {
                "class": collection_type,
                "label": skosmos_view.type_label(collection_type, lang),
                "count": counts.collections,
                "deprecatedCount": 0,
            },
        },
    )


def _language_name(code: str, in_language: str) -> str:
    """The name of a language in another (`literal` of labelStatistics); the code if unknown."""
    try:
        return Locale.parse(code).get_display_name(in_language) or code
    except (ValueError, LookupError):
        return code


@skosmos.get("/<vocid>/labelStatistics")
def label_statistics(vocid: str) -> Response:
    """How many preferred, alternative and hidden labels each language has."""
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    languages = [
        {
            "language": language,
            "literal": _language_name(language, lang),
            "properties": [{"property": name, "labels": count} for name, count in counted.items()],
        }
        for language, counted in skosmos_view.label_counts(db_session(), scheme.id).items()
    ]
    return vocabulary_answer(
        scheme,
        lang,
        {
            "void": "http://rdfs.org/ns/void#",
            "void-ext": "http://ldf.fi/void-ext#",
            "languages": "void-ext:languagePartition",
            "language": "void-ext:language",
            "properties": "void:propertyPartition",
            "labels": "void:triples",
        },
        {"languages": languages},
    )


@skosmos.get("/<vocid>/index/")
def index_letters(vocid: str) -> Response:
    """The initial letters of the labels in `lang` (`0-9` and `!*` for the rest)."""
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    return json_answer(
        {
            "@context": {
                "skosmos": "http://purl.org/net/skosmos#",
                "uri": "@id",
                "indexLetters": {"@id": "skosmos:indexLetters", "@container": "@list"},
                "@language": lang,
            },
            "uri": "",
            "indexLetters": skosmos_view.index_letters(db_session(), scheme.id, lang),
        }
    )


@skosmos.get("/<vocid>/index/<letter>")
def index_concepts(vocid: str, letter: str) -> Response:
    """The labels in `lang` under one index letter, with their concepts."""
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    return json_answer(
        {
            "@context": BASE_CONTEXT
            | {
                "skosmos": "http://purl.org/net/skosmos#",
                "localname": "skosmos:localname",
                "prefLabel": "skos:prefLabel",
                "altLabel": "skos:altLabel",
                "lang": "@language",
                "indexConcepts": {"@id": "skosmos:indexConcepts", "@container": "@list"},
                "indexLetters": {"@id": "skosmos:indexLetters", "@container": "@list"},
            },
            "uri": "",
            # swagger.json requires the letters here too: the letter bar next to the list.
            "indexLetters": skosmos_view.index_letters(db_session(), scheme.id, lang),
            "indexConcepts": skosmos_view.index_concepts(db_session(), scheme.id, lang, letter),
        }
    )


@skosmos.get("/<vocid>/topConcepts")
def top_concepts(vocid: str) -> Response:
    """Concepts without a broader concept, with whether they have narrower ones."""
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    top = str(scheme_uri(scheme.id))
    return json_answer(
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
            "topconcepts": skosmos_view.top_concepts(db_session(), scheme.id, lang, top),
        }
    )


@skosmos.get("/<vocid>/groups")
def groups(vocid: str) -> Response:
    """The clusters as concept groups, in document order."""
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    return json_answer(
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
            "groups": skosmos_view.groups(db_session(), scheme.id, lang),
        }
    )


@skosmos.get("/<vocid>/groupMembers")
def group_members(vocid: str) -> Response:
    """The concepts of one cluster, named by its collection URI. Members are concepts, never
    groups: none has members of its own or is a super group."""
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    uri = request.args.get("uri", "").strip()
    if not uri:
        raise bad_parameter("uri", "uri parameter missing")
    members = skosmos_view.group_members(db_session(), scheme.id, uri, lang)
    if members is None:
        raise ApiError(404, f"Could not find group <{uri[:200]}>")
    return json_answer(
        {
            "@context": BASE_CONTEXT
            | {
                "onki": ONKI,
                "prefLabel": "skos:prefLabel",
                "members": "skos:member",
                "hasMembers": "onki:hasMembers",
                "isSuper": "onki:isSuper",
                "@language": lang,
            },
            "uri": uri,
            "members": members,
        }
    )


def _changes(vocid: str, created: bool) -> Response:
    scheme = vocabulary_of(vocid)
    lang = label_lang()
    offset = query_int("offset", 0, minimum=0)
    limit = query_int("limit", DEFAULT_CHANGES_LIMIT, maximum=MAX_CHANGES_LIMIT)
    return json_answer(
        {
            "@context": BASE_CONTEXT
            | {
                "dc11": "http://purl.org/dc/elements/1.1/",
                "dc": "http://purl.org/dc/terms/",
                "prefLabel": "skos:prefLabel",
                "xsd": "http://www.w3.org/2001/XMLSchema#",
                "changeList": {"@id": "onki:changeList", "@container": "@list"},
                "onki": ONKI,
                "date": {
                    "@id": "dc:created" if created else "dc:modified",
                    "@type": "xsd:dateTime",
                },
                "@language": lang,
            },
            "changeList": skosmos_view.changed_concepts(
                db_session(),
                scheme.id,
                lang,
                source_lang=current.source_language(),
                created=created,
                offset=offset,
                limit=limit,
            ),
        }
    )


@skosmos.get("/<vocid>/new")
def new(vocid: str) -> Response:
    """Concepts newest first, by the date they were first published."""
    return _changes(vocid, created=True)


@skosmos.get("/<vocid>/modified")
def modified(vocid: str) -> Response:
    """Concepts most recently published first, each once (at its latest version)."""
    return _changes(vocid, created=False)


# The per-concept and search routes register on the same blueprint.
from glossary.api import skosmos_concept, skosmos_search  # noqa: E402,F401
