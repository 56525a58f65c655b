"""HTTP conventions shared by every machine-facing endpoint: parameters, caching, CORS."""

from __future__ import annotations

import hashlib
import re
from email.utils import format_datetime

from flask import Flask, Response, current_app, g, request
from flask_cors import CORS

from glossary.api.errors import bad_parameter
from glossary.models import db
from glossary.services.concepts import content_languages
from glossary.services.language import match_language
from glossary.services.revision import current_revision

CACHEABLE_PREFIXES = ("/api/", "/rest/", "/export/", "/begrip/", "/embed/", "/oembed")
CACHE_CONTROL = "public, max-age=60, must-revalidate"
INTEGER = re.compile(r"-?[0-9]+")
# An answer from a search index behind the data is right for a moment only: keep no copy.
STALE_INDEX_CACHE_CONTROL = "no-store"


def query_int(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """An integer query parameter (ASCII digits, optional minus: what the document's
    `integer` allows); absent gives `default`, empty or malformed or out of range a 400."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not INTEGER.fullmatch(raw):
        raise bad_parameter(name, f"'{name}' must be a whole number, got '{raw[:50]}'")
    try:
        value = int(raw)
    except ValueError:  # more digits than Python converts (4 300)
        raise bad_parameter(name, f"'{name}' is too long a number") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise bad_parameter(name, f"'{name}' must be {bounds}, got {value}")
    return value


def query_lang(name: str = "lang", default: str | None = None) -> str | None:
    """A content language present in the data, matched as a BCP 47 tag (`NL` and `nl-BE`
    are `nl`); absent gives `default`, empty or unknown a 400 listing the known ones."""
    raw = request.args.get(name)
    if raw is None:
        return default
    known = content_languages(db.session, current_app.config["GLOSSARY_SCHEME_ID"])
    matched = match_language(raw, known)
    if matched is None:
        shown = f"'{raw[:20]}'" if raw else "(empty)"
        raise bad_parameter(
            name,
            f"unknown language {shown}; '{name}' is a language tag of one of: {', '.join(known)}",
        )
    return matched


def required_text(name: str, max_length: int = 10_000) -> str:
    """A required text parameter: absent, empty or only spaces is a 400."""
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        raise bad_parameter(name, f"the query parameter '{name}' is required")
    return raw[:max_length]


def answered_from_index(index_revision: int | None) -> None:
    """Note that this response was computed from the search index at `index_revision`.

    A worker may answer from an index behind the data (another process is rebuilding it, or
    the framework is too large to rebuild within a request), so the validators of such a
    response must name the index revision, not only the data revision. When a request used
    the index more than once, the oldest version it saw decides.
    """
    if index_revision is None:
        return
    seen = g.get("index_revision")
    g.index_revision = index_revision if seen is None else min(seen, index_revision)


def _add_revision_validators(response: Response) -> Response:
    """ETag and Last-Modified from the data revision; answers 304 to conditional GETs.

    Search-derived responses also carry the revision of the index that answered; while that
    index is behind the data they are not cacheable and have no Last-Modified (the data's
    date would claim an answer the index does not give yet).
    """
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if not request.path.startswith(CACHEABLE_PREFIXES) or response.direct_passthrough:
        return response
    revision = current_revision(db.session)
    index_revision: int | None = g.get("index_revision")
    # Content-Language: pages in another UI language (cookie choice) are another variant.
    variant = "|".join(
        (
            request.full_path,
            response.mimetype or "",
            request.headers.get("Accept", ""),
            response.headers.get("Content-Language", ""),
            # A visitor's choice the page depends on (the plain view): another variant too.
            g.get("page_variant", ""),
        )
    )
    digest = hashlib.sha1(variant.encode(), usedforsecurity=False).hexdigest()[:16]
    state = f"r{revision.number}"
    if index_revision is not None:
        state += f"-i{index_revision}"
    response.set_etag(f"{state}-{digest}")
    response.vary.add("Accept")
    if index_revision is not None and index_revision < revision.number:
        response.headers["Cache-Control"] = STALE_INDEX_CACHE_CONTROL
    else:
        response.headers["Last-Modified"] = format_datetime(revision.changed_at, usegmt=True)
        response.headers.setdefault("Cache-Control", CACHE_CONTROL)
    return response.make_conditional(request)


def init_http(app: Flask) -> None:
    # Partners and embeds call from other origins' browsers: every GET is CORS-enabled.
    CORS(
        app,
        resources={r"/*": {"origins": "*"}},
        methods=["GET", "HEAD", "OPTIONS"],
        # Scripts on partner pages may read the caching and rate-limit headers.
        expose_headers=[
            "ETag",
            "Last-Modified",
            "Link",
            "Retry-After",
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
        ],
        send_wildcard=True,
    )
    app.after_request(_add_revision_validators)
