"""Public addresses of things: concept URIs and the paths of their pages.

Kept apart from the blueprints so serializers (JSON, RDF, TBX) build the same addresses the
pages serve, without importing view code.
"""

from __future__ import annotations

from flask import current_app, request


def concept_uri(slug: str) -> str:
    """The stable URI of a concept: the configured base followed by its id."""
    return current_app.config["GLOSSARY_BASE_URI"] + slug


def concept_page_path(slug: str) -> str:
    return f"{request.script_root}/begrip/{slug}"


def source_anchor(key: str) -> str:
    return f"bron-{key}"


def source_page_path(key: str) -> str:
    return f"{request.script_root}/bronnen#{source_anchor(key)}"


def api_concept_path(slug: str) -> str:
    return f"{request.script_root}/api/v1/concepts/{slug}"
