"""Rate limiting per client (Flask-Limiter) on the machine-facing paths.

Configured by RATELIMIT_ENABLED, RATELIMIT_DEFAULT (e.g. "300 per minute") and
RATELIMIT_STORAGE_URI (memory:// counts per process; use redis:// to share counts between
gunicorn workers). A client over its limit gets 429 problem+json with Retry-After.
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from glossary.api.errors import MACHINE_PREFIXES


def _exempt() -> bool:
    # Pages, health probes and static files are not rate limited; machine paths are.
    return not request.path.startswith(MACHINE_PREFIXES)


def init_limits(app: Flask) -> Limiter:
    """A limiter of its own for each app: Flask-Limiter keeps its settings on the instance."""
    limiter = Limiter(
        key_func=get_remote_address,
        default_limits_exempt_when=_exempt,
        headers_enabled=True,
    )
    limiter.init_app(app)
    return limiter
