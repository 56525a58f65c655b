"""Cross-origin reads: partners and embeds call from other origins' browsers."""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS


def init_cors(app: Flask) -> None:
    """Every GET is CORS-enabled; scripts may read the caching and rate-limit headers."""
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
