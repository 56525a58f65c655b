"""Caching headers of every cacheable answer: ETag and Last-Modified from the data revision,
Cache-Control, Vary, and 304 to conditional GETs."""

from __future__ import annotations

import hashlib
from email.utils import format_datetime

from flask import Flask, Response, g, request

from glossary.database import db_session
from glossary.services.revision import current_revision, pin_revision

CACHEABLE_PREFIXES = ("/api/", "/rest/", "/export/", "/begrip/", "/embed/", "/oembed", "/nieuw")
CACHE_CONTROL = "public, max-age=60, must-revalidate"
# An answer from a search index behind the data is right for a moment only: keep no copy.
STALE_INDEX_CACHE_CONTROL = "no-store"
READING_METHODS = ("GET", "HEAD")


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
    if request.method not in READING_METHODS or response.status_code != 200:
        return response
    if not request.path.startswith(CACHEABLE_PREFIXES) or response.direct_passthrough:
        return response
    revision = current_revision(db_session())
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
    response.make_conditional(request)  # answers 304 in place when the validators match
    return response


def _pin_the_revision_of_reads() -> None:
    """A reading request (GET, HEAD) reads the revision once: its index check, its body and
    its ETag then all name the same revision, even when an import commits while it runs."""
    if request.method in READING_METHODS:
        pin_revision(db_session())


def init_caching(app: Flask) -> None:
    app.before_request(_pin_the_revision_of_reads)
    app.after_request(_add_revision_validators)
