"""HTTP plumbing shared by the API and the pages, one module per job.

- `problems`: errors as application/problem+json (RFC 9457)
- `negotiation`: which representation a request asks for (HTML, JSON, RDF)
- `caching`: ETag, Last-Modified, Cache-Control, Vary; one data revision per reading request
- `cors`: cross-origin reads
- `params`: query parameters, 400 when malformed
- `limits` (and its storage `limit_storage`): rate limits per client address
- `current`: the scheme and languages the current request is about
"""

from __future__ import annotations

from flask import Flask

from glossary.http.caching import init_caching
from glossary.http.cors import init_cors


def init_http(app: Flask) -> None:
    init_cors(app)
    init_caching(app)
