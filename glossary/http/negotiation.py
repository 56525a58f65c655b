"""Content negotiation for concept URIs: HTML for people, JSON and RDF for machines.

`?format=` (for browsers and links) wins over the Accept header. An unknown `?format=` is a
client error (400); an Accept header that admits none of our media types answers 406. Both
are problem+json, whichever path asked.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Request, Response, jsonify

from glossary.database import db_session
from glossary.formats.json import concept_json
from glossary.formats.skos import RDF_FORMATS, concept_graph, serialize
from glossary.http.problems import ApiError, bad_parameter
from glossary.models import Concept
from glossary.services.concepts import get_scheme
from glossary.urls import concept_page_path

HTML = "html"
# format name → media type; HTML first so that `*/*` (what browsers send) picks it.
MEDIA_TYPES: dict[str, str] = {
    HTML: "text/html",
    "json": "application/json",
    **{name: media_type for name, (_, media_type, _) in RDF_FORMATS.items()},
}
FORMAT_OF_MEDIA_TYPE = {media_type: name for name, media_type in MEDIA_TYPES.items()}


def negotiate_format(request: Request) -> str | None:
    """The representation a request asks for: None for HTML, else json, ttl, jsonld or rdf."""
    name = negotiate(request, tuple(MEDIA_TYPES))
    return None if name == HTML else name


def negotiate(request: Request, offered: Sequence[str]) -> str:
    """The format among `offered` (names of MEDIA_TYPES) a request asks for: `?format=`
    first, else the Accept header; no Accept header is HTML. The concept pages offer every
    format, the other resources behind URIs (glossary/web/linked_data.py) those they have a
    document in."""
    requested = request.args.get("format")
    if requested is not None:
        if requested not in offered:
            raise bad_parameter(
                "format", f"unknown format '{requested[:20]}'; available: {', '.join(offered)}"
            )
        return requested
    if not request.accept_mimetypes:
        return HTML
    media_types = [MEDIA_TYPES[name] for name in offered]
    best = request.accept_mimetypes.best_match(media_types)
    if best is None:
        raise ApiError(
            406,
            "none of the accepted media types is available; offered: " + ", ".join(media_types),
            available=media_types,
        )
    return FORMAT_OF_MEDIA_TYPE[best]


def alternate_links(page_path: str, served: str | None) -> str:
    """A `Link` header value naming every other representation of a negotiated resource,
    each with its media type, so a client can pick one without guessing the URL."""
    return ", ".join(
        f"<{page_path if name == HTML else f'{page_path}?format={name}'}>; "
        f'rel="alternate"; type="{media_type}"'
        for name, media_type in MEDIA_TYPES.items()
        if name != (served or HTML)
    )


def concept_response(concept: Concept, fmt: str, lang: str | None = None) -> Response:
    """A concept as JSON (the API's concept shape) or as RDF (Turtle, JSON-LD, RDF/XML)."""
    if fmt == "json":
        response = jsonify(concept_json(concept, lang))
    else:
        scheme = get_scheme(db_session(), concept.scheme_id)
        assert scheme is not None, "a stored concept always belongs to a stored scheme"
        body = serialize(concept_graph(scheme, concept), fmt)
        response = Response(body, mimetype=MEDIA_TYPES[fmt])
    response.vary.add("Accept")
    response.headers["Link"] = alternate_links(concept_page_path(concept.slug), fmt)
    return response
