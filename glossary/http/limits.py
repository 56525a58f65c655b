"""Rate limiting per client address (Flask-Limiter): two budgets, each shared by its routes.

- The **search budget** (RATELIMIT_SEARCH, default "120 per minute"): every route that runs
  the search engine, marked with `@runs_search` (/api/v1/search, /api/v1/suggest,
  /rest/v1/search, /rest/v1/<vocid>/search, the search page /zoeken). Routes that search only
  sometimes spend it through `spend_search_budget()`: the 404 page's "did you mean" and the
  nearest concepts of /api/v1/resolve. With the budget spent they answer as they would
  without suggestions — a 404 stays a 404.
- The **general budget** (RATELIMIT_DEFAULT, default "300 per minute"): every other machine
  path (/api/, /rest/, /export/, /oembed). Pages, embeds (/embed/…, HTML for people, like the
  pages), health probes and static files are not limited.

Each budget is one Flask-Limiter default limit with a shared scope, so all its routes count
against one counter per client; the two are separate (a search does not spend the general
budget). Counts live in RATELIMIT_STORAGE_URI: by default a SQLite file in the instance folder
that all workers of a host share (glossary/http/limit_storage.py); redis:// for several hosts.

Over a budget: 429, problem+json on machine paths, the HTML error page in the UI language on
pages, with Retry-After. Every limited answer carries X-RateLimit-Limit/-Remaining/-Reset;
Retry-After is only on 429 (Flask-Limiter would add it to every answer).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, request
from flask_limiter import Limit, Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many

import glossary.http.limit_storage  # noqa: F401  (registers the sqlite:// storage scheme)
from glossary.http.problems import MACHINE_PREFIXES

log = logging.getLogger(__name__)

SEARCH_SCOPE = "search"
GENERAL_SCOPE = "general"
KEY_PREFIX = "glossary"
EXTENSION = "glossary_limiter"
RUNS_SEARCH = "runs_search"

View = TypeVar("View", bound=Callable[..., object])


def runs_search(view: View) -> View:
    """Mark a view that runs the search engine: it spends the client's search budget."""
    setattr(view, RUNS_SEARCH, True)
    return view


def _is_search_route() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, RUNS_SEARCH, False))


def _not_search_route() -> bool:
    return not _is_search_route()


def _not_general_route() -> bool:
    return not request.path.startswith(MACHINE_PREFIXES) or _is_search_route()


def _budget(setting: str, scope: str, exempt: Callable[[], bool], name: str) -> Limit:
    def too_many() -> str:
        return (
            f"too many {name} requests from this client: at most "
            f"{current_app.config[setting]}; see Retry-After"
        )

    return Limit(
        limit_provider=lambda: str(current_app.config[setting]),
        scope=scope,
        shared=True,
        exempt_when=exempt,
        error_message=too_many,
    )


def init_limits(app: Flask) -> Limiter:
    """A limiter of its own for each app: Flask-Limiter keeps its settings on the instance."""
    # Only the fixed window is implemented by the SQLite storage (and it is the cheapest).
    app.config.setdefault("RATELIMIT_STRATEGY", "fixed-window")
    # The headers are written by _rate_limit_headers below (Retry-After only on 429).
    app.after_request(_rate_limit_headers)
    limiter = Limiter(
        key_func=get_remote_address,
        default_limits=[
            _budget("RATELIMIT_SEARCH", SEARCH_SCOPE, _not_search_route, "search"),
            _budget("RATELIMIT_DEFAULT", GENERAL_SCOPE, _not_general_route, "API"),
        ],
        headers_enabled=False,
        key_prefix=KEY_PREFIX,
        # A storage that fails (a locked or damaged file, redis down) lets requests through
        # and logs, rather than turning every API answer into a 500.
        swallow_errors=True,
    )
    limiter.init_app(app)
    app.extensions[EXTENSION] = limiter
    return limiter


def _limiter() -> Limiter | None:
    limiter: Limiter | None = current_app.extensions.get(EXTENSION)
    return limiter if limiter is not None and limiter.enabled else None


def spend_search_budget() -> bool:
    """Spend one search of the client's budget for a search a route makes only sometimes.

    The 404 page and /api/v1/resolve search only when a term names no concept, so they cannot
    be limited before the view runs; they ask here, through the limiter's own strategy and
    key, and leave their suggestions out when this says False.
    """
    limiter = _limiter()
    if limiter is None:
        return True
    try:
        for item in parse_many(str(current_app.config["RATELIMIT_SEARCH"])):
            if not limiter.limiter.hit(item, KEY_PREFIX, get_remote_address(), SEARCH_SCOPE):
                return False
    except Exception:  # the storage failed: search, as the limiter itself lets requests through
        log.exception("rate-limit storage failed; the search is not counted")
    return True


def _rate_limit_headers(response: Response) -> Response:
    """X-RateLimit-* on every limited answer; Retry-After on 429 only."""
    limiter = _limiter()
    current = limiter.current_limit if limiter is not None else None
    if current is None:
        return response
    try:
        reset_at = current.reset_at
        response.headers["X-RateLimit-Limit"] = str(current.limit.amount)
        response.headers["X-RateLimit-Remaining"] = str(current.remaining)
        response.headers["X-RateLimit-Reset"] = str(reset_at)
    except Exception:  # the storage failed after the check: answer without the headers
        log.exception("rate-limit storage failed while writing the headers")
        return response
    if response.status_code == 429:
        response.headers["Retry-After"] = str(max(1, int(reset_at - time.time())))
    return response
