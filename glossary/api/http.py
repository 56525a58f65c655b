"""HTTP conventions shared by every machine-facing endpoint: parameters, caching, CORS."""

from __future__ import annotations

import hashlib
from email.utils import format_datetime

from flask import Flask, Response, current_app, request
from flask_cors import CORS

from glossary.api.errors import bad_parameter
from glossary.models import db
from glossary.services.concepts import content_languages
from glossary.services.revision import current_revision

CACHEABLE_PREFIXES = ("/api/", "/rest/", "/export/", "/begrip/", "/embed/", "/oembed")
CACHE_CONTROL = "public, max-age=60, must-revalidate"


def query_int(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """An integer query parameter; 400 with a clear detail when malformed or out of range."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise bad_parameter(name, f"'{name}' must be a whole number, got '{raw[:50]}'") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise bad_parameter(name, f"'{name}' must be {bounds}, got {value}")
    return value


def query_lang(name: str = "lang", default: str | None = None) -> str | None:
    """A content language present in the data; 400 listing the known ones otherwise."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    known = content_languages(db.session, current_app.config["GLOSSARY_SCHEME_ID"])
    if raw not in known:
        raise bad_parameter(name, f"unknown language '{raw[:20]}'; available: {', '.join(known)}")
    return raw


def required_text(name: str, max_length: int = 10_000) -> str:
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        raise bad_parameter(name, f"the query parameter '{name}' is required")
    return raw[:max_length]


def _add_revision_validators(response: Response) -> Response:
    """ETag and Last-Modified from the data revision; answers 304 to conditional GETs."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if not request.path.startswith(CACHEABLE_PREFIXES) or response.direct_passthrough:
        return response
    revision = current_revision(db.session)
    # Content-Language: pages in another UI language (cookie choice) are another variant.
    variant = "|".join(
        (
            request.full_path,
            response.mimetype or "",
            request.headers.get("Accept", ""),
            response.headers.get("Content-Language", ""),
        )
    )
    digest = hashlib.sha1(variant.encode(), usedforsecurity=False).hexdigest()[:16]
    response.set_etag(f"r{revision.number}-{digest}")
    response.headers["Last-Modified"] = format_datetime(revision.changed_at, usegmt=True)
    response.headers.setdefault("Cache-Control", CACHE_CONTROL)
    response.vary.add("Accept")
    return response.make_conditional(request)


def init_http(app: Flask) -> None:
    # Partners and embeds call from other origins' browsers: every GET is CORS-enabled.
    CORS(
        app,
        resources={r"/*": {"origins": "*"}},
        methods=["GET", "HEAD", "OPTIONS"],
        expose_headers=["ETag", "Last-Modified", "Link", "Retry-After"],
        send_wildcard=True,
    )
    app.after_request(_add_revision_validators)
