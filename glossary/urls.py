"""Public addresses of things: concept URIs, the paths of their pages, and absolute URLs.

Kept apart from the blueprints so serializers (JSON, RDF, TBX) build the same addresses the
pages serve, without importing view code.

Every absolute URL the service writes starts with the configured GLOSSARY_PUBLIC_URL, never
with the request's Host or X-Forwarded-Host header: those say whatever the client sent, and a
page kept by a shared cache would hand a link to the client's host to every later visitor.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    has_request_context,
    redirect,
    request,
    url_for,
)

from glossary.links import safe_link


def concept_uri(slug: str) -> str:
    """The stable URI of a concept: the configured base followed by its id."""
    return str(current_app.config["GLOSSARY_BASE_URI"]) + slug


def concept_page_path(slug: str) -> str:
    return f"{request.script_root}/begrip/{slug}"


def source_anchor(key: str) -> str:
    return f"bron-{key}"


def source_page_path(key: str) -> str:
    return f"{request.script_root}/bronnen#{source_anchor(key)}"


def api_concept_path(slug: str) -> str:
    return f"{request.script_root}/api/v1/concepts/{slug}"


def public_root() -> str:
    """GLOSSARY_PUBLIC_URL with one final slash: where the app's own paths begin."""
    return str(current_app.config["GLOSSARY_PUBLIC_URL"]).rstrip("/") + "/"


def public_url(app_path: str = "/") -> str:
    """The absolute address of `app_path` ("/begrip/x?lang=nl"), a path inside the app.

    A path that still carries the request's script root (what url_for and the *_path helpers
    return) is taken relative to it, since the public URL already names the mount point.
    """
    root = request.script_root if has_request_context() else ""
    if root and (app_path == root or app_path.startswith(root + "/")):
        app_path = app_path[len(root) :]
    return public_root() + app_path.lstrip("/")


def public_url_for(endpoint: str, **values: Any) -> str:
    """`url_for(endpoint, **values)` as an absolute URL under GLOSSARY_PUBLIC_URL."""
    return public_url(url_for(endpoint, **values))


def _public_location(response: Response) -> Response:
    """Point an absolute Location built from the request's host at the public URL instead.

    Werkzeug builds the redirect of a missing trailing slash from the Host header; every
    other redirect of the app is relative or built with `public_url`.
    """
    location = response.headers.get("Location")
    if not location or location.startswith(public_root()):
        return response
    parts = urlsplit(location)
    if not parts.netloc or parts.netloc != request.host:
        return response
    public = public_url(parts.path + (f"?{parts.query}" if parts.query else ""))
    response.headers["Location"] = public
    if 300 <= response.status_code < 400:
        # The body of werkzeug's redirect names the target too.
        response.set_data(redirect(public, response.status_code).get_data())
    return response


def init_public_urls(app: Flask) -> None:
    """Offer `public_url_for` and `safe_link` to templates; keep the Host out of redirects."""
    app.jinja_env.globals["public_url_for"] = public_url_for
    app.jinja_env.filters["safe_link"] = safe_link
    app.after_request(_public_location)
