"""The framework's URIs resolve: `/id/…` answers `303 See Other` to a document about the thing.

Concepts, clusters, sources and the scheme are named by URIs under GLOSSARY_BASE_URI (see
glossary/formats/skos.py). When the service runs at the base's host, a linked-data client
that follows such a URI lands here and is sent, per content negotiation, to the HTML page or
to the RDF (or JSON) document about it. The routes follow the base's path, so they are
derived from the setting when the app starts: with the default base,

    /id/begrip/<id>             concept  → /begrip/<id>[?format=ttl|jsonld|rdf|json]
    /id/collectie/<id>          cluster  → /cluster/<id>, /export/collectie/<id>.<ext>,
                                           /api/v1/clusters/<id>
    /id/bron/<key>              source   → /bronnen#bron-<key>, /export/bron/<key>.<ext>
    /id/begrippenkader/<scheme> scheme   → /, /export/begrippenkader.<ext>

A base under GLOSSARY_PUBLIC_URL's path (the app mounted at a prefix) is served relative to
it; a base on another host is still served at its path, for a proxy there to forward. With a
hash base (`…/id/begrip#`), the concepts' URIs share one document: its path answers like the
scheme's URI. Every Location is absolute under GLOSSARY_PUBLIC_URL, never the Host header.

Beside them: the RDF documents of one cluster and one source, and the metadata that makes
the data harvestable and self-describing: the JSON-LD context (/export/context.jsonld), the
DCAT catalog (/export/dcat.ttl) and the `bk:` vocabulary at its namespace's path
(/def/begrippenkader with the default base), answered directly (200) in RDF or HTML.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import cast
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, redirect, render_template, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from rdflib import Graph
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response as BaseResponse

from glossary.database import db_session
from glossary.formats.dcat import dcat_graph
from glossary.formats.documents import cluster_graph, source_graph
from glossary.formats.skos import (
    RDF_FORMATS,
    collection_uri,
    jsonld_context,
    scheme_uri,
    serialize,
    source_uri,
)
from glossary.formats.vocabulary import vocabulary_graph, vocabulary_page, vocabulary_uri
from glossary.http import current
from glossary.http.negotiation import HTML, negotiate
from glossary.http.problems import ApiError, problem_response
from glossary.models import ConceptScheme
from glossary.services import concepts, resources
from glossary.urls import public_url, public_url_for, source_anchor
from glossary.web.i18n import ui_language

log = logging.getLogger(__name__)

linked_data = Blueprint("linked_data", __name__)

RDF = tuple(RDF_FORMATS)
# What each kind of resource has a document in, HTML first (what `*/*` picks).
CONCEPT_FORMATS = (HTML, "json", *RDF)
CLUSTER_FORMATS = (HTML, "json", *RDF)
SOURCE_FORMATS = (HTML, *RDF)
SCHEME_FORMATS = (HTML, *RDF)
VOCABULARY_FORMATS = (HTML, *RDF)


def _scheme() -> ConceptScheme:
    scheme = concepts.get_scheme(db_session(), current.scheme_id())
    if scheme is None:
        raise ApiError(404, "the framework has not been imported yet")
    return scheme


# --- resolving URIs --------------------------------------------------------------------------


def _see_other(location: str) -> BaseResponse:
    """303: the URI names a thing, not a document; the Location is a document about it."""
    return redirect(location, code=303)


def _not_found(fmt: str, detail: str) -> Response:
    if fmt == HTML:
        raise NotFound(detail)
    return problem_response(404, detail)


def resolve_concept(concept_id: str) -> BaseResponse:
    fmt = negotiate(request, CONCEPT_FORMATS)
    if concepts.get_concept(db_session(), current.scheme_id(), concept_id) is None:
        return _not_found(fmt, f"no concept has the id '{concept_id[:100]}'")
    values = {} if fmt == HTML else {"format": fmt}
    return _see_other(public_url_for("pages.concept", concept_id=concept_id, **values))


def resolve_cluster(cluster_id: str) -> BaseResponse:
    fmt = negotiate(request, CLUSTER_FORMATS)
    if concepts.get_cluster(db_session(), current.scheme_id(), cluster_id) is None:
        return _not_found(fmt, f"no cluster has the id '{cluster_id[:100]}'")
    if fmt == HTML:
        return _see_other(public_url_for("pages.cluster", cluster_id=cluster_id))
    if fmt == "json":
        return _see_other(public_url_for("api_v1.cluster", cluster_id=cluster_id))
    return _see_other(
        public_url_for("linked_data.cluster_document", cluster_id=cluster_id, extension=fmt)
    )


def resolve_source(key: str) -> BaseResponse:
    fmt = negotiate(request, SOURCE_FORMATS)
    if resources.get_source(db_session(), key) is None:
        return _not_found(fmt, f"no source has the key '{key[:100]}'")
    if fmt == HTML:
        return _see_other(public_url_for("pages.sources") + "#" + source_anchor(key))
    return _see_other(public_url_for("linked_data.source_document", key=key, extension=fmt))


def resolve_scheme(scheme_id: str) -> BaseResponse:
    fmt = negotiate(request, SCHEME_FORMATS)
    if scheme_id != current.scheme_id() or concepts.get_scheme(db_session(), scheme_id) is None:
        return _not_found(fmt, f"no concept scheme has the id '{scheme_id[:100]}'")
    if fmt == HTML:
        return _see_other(public_url_for("pages.home"))
    return _see_other(public_url_for("exports.framework", extension=fmt))


def resolve_hash_concepts() -> BaseResponse:
    """With a hash base every concept URI names a fragment of this one document."""
    return resolve_scheme(current.scheme_id())


# --- documents of one cluster, one source -------------------------------------------------------


def _rdf_document(extension: str, build: Callable[[ConceptScheme], Graph]) -> Response:
    if extension not in RDF_FORMATS:
        raise ApiError(404, f"no document format '{extension[:20]}'; available: {', '.join(RDF)}")
    graph = build(_scheme())
    body = serialize(graph, extension)
    return Response(body, mimetype=RDF_FORMATS[extension][1])


@linked_data.get("/export/collectie/<cluster_id>.<extension>")
def cluster_document(cluster_id: str, extension: str) -> Response:
    """One cluster as an NL-SBB valid SKOS collection with its members."""
    found = concepts.get_cluster(db_session(), current.scheme_id(), cluster_id)
    if found is None:
        raise ApiError(404, f"no cluster has the id '{cluster_id[:100]}'")
    members = concepts.cluster_concepts(db_session(), found)
    return _rdf_document(extension, lambda scheme: cluster_graph(scheme, found, members))


@linked_data.get("/export/bron/<key>.<extension>")
def source_document(key: str, extension: str) -> Response:
    """One bibliography entry with the concepts that cite it."""
    found = resources.get_source(db_session(), key)
    if found is None:
        raise ApiError(404, f"no source has the key '{key[:100]}'")
    return _rdf_document(
        extension,
        lambda scheme: source_graph(
            scheme, found, resources.citing_concepts(db_session(), scheme.id, found)
        ),
    )


@linked_data.after_request
def _vary_on_accept(response: Response) -> Response:
    """Every answer here, the 303s and the 406 included, depends on the Accept header."""
    response.vary.add("Accept")
    return response


# --- the routes of the URIs, derived from the settings ----------------------------------------


def app_path_of(uri: str, public: str) -> str:
    """The path inside this app at which `uri` arrives.

    A URI under the public URL arrives without the public URL's path (the app's mount
    point); any other URI is taken at its own path, for a proxy on its host to forward.
    """
    target, root = urlsplit(uri), urlsplit(public)
    mount = root.path.rstrip("/")
    if target.netloc == root.netloc and target.path.startswith(mount + "/"):
        return target.path[len(mount) :]
    return target.path or "/"


def uri_rules(app: Flask) -> list[tuple[str, str, Callable[..., ResponseReturnValue]]]:
    """(rule, endpoint, view) for every kind of URI the framework mints (and the namespace
    of its own terms), from the settings."""
    public = app.config["GLOSSARY_PUBLIC_URL"]
    base = app.config["GLOSSARY_BASE_URI"]
    with app.app_context():
        collections = app_path_of(collection_uri(""), public)
        sources = app_path_of(source_uri(""), public)
        schemes = app_path_of(scheme_uri(""), public)
        vocabulary = app_path_of(vocabulary_uri(), public)
    rules: list[tuple[str, str, Callable[..., ResponseReturnValue]]] = [
        (vocabulary, "vocabulary", vocabulary_document),
        (f"{collections}<cluster_id>", "cluster_uri", resolve_cluster),
        (f"{sources}<key>", "source_uri", resolve_source),
        (f"{schemes}<scheme_id>", "scheme_uri", resolve_scheme),
    ]
    if base.endswith("#"):
        rules.append((app_path_of(base[:-1], public), "concepts_uri", resolve_hash_concepts))
    else:
        rules.append(
            (f"{app_path_of(base, public)}<path:concept_id>", "concept_uri", resolve_concept)
        )
    return rules


def _taken(app: Flask, rule: str) -> bool:
    """Whether another route already answers the paths of `rule` (e.g. a base of `/begrip/`)."""
    sample = rule.split("<", 1)[0] + ("x" if "<" in rule else "")
    try:
        endpoint, _ = app.url_map.bind("localhost").match(sample, method="GET")
    except HTTPException:
        return False
    return not str(endpoint).startswith(f"{linked_data.name}.")


@linked_data.record_once
def _add_uri_routes(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)  # the app a blueprint is registered on
    for rule, endpoint, view in uri_rules(app):
        if _taken(app, rule):
            log.warning("URI path %s is served by another route; not resolving it here", rule)
            continue
        state.add_url_rule(rule, endpoint, view, methods=["GET"])


# --- metadata: the JSON-LD context, the DCAT catalog, the in-house vocabulary -----------------


@linked_data.get("/export/context.jsonld")
def context_document() -> Response:
    """The JSON-LD context every JSON-LD document of the service embeds."""
    body = json.dumps({"@context": jsonld_context()}, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/ld+json")


@linked_data.get("/export/dcat.<extension>")
def dcat_document(extension: str) -> Response:
    """The downloads as a DCAT catalog of one dataset, for open-data portals to harvest."""

    def build(scheme: ConceptScheme) -> Graph:
        return dcat_graph(
            scheme,
            current.configured_languages(),
            public_url("/"),
            lambda ext: public_url_for("exports.framework", extension=ext),
        )

    return _rdf_document(extension, build)


def vocabulary_document() -> ResponseReturnValue:
    """The `bk:` namespace: its terms in RDF, or a page listing them."""
    fmt = negotiate(request, VOCABULARY_FORMATS)
    graph = vocabulary_graph()
    if fmt != HTML:
        return Response(serialize(graph, fmt), mimetype=RDF_FORMATS[fmt][1])
    return render_template("vocabulary.html", vocabulary=vocabulary_page(graph, ui_language()))
