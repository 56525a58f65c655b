"""Whole-framework downloads: SKOS (Turtle, JSON-LD, RDF/XML), TBX-Basic and CSV.

The CSV files are the import format: `begrippenkader.csv` with its companions
`clusters.csv`, `bronnen.csv` and `scheme.csv`, saved into one folder, import back with
`flask glossary import begrippenkader.csv`.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Blueprint, Response, abort

from glossary.database import db_session
from glossary.formats.csvfile import write_clusters, write_concepts, write_scheme, write_sources
from glossary.formats.skos import RDF_FORMATS, framework_graph, serialize
from glossary.formats.tbx import framework_tbx
from glossary.http import current
from glossary.importing import CLUSTERS_FILE, SCHEME_FILE, SOURCES_FILE, export_framework
from glossary.services.concepts import (
    all_concepts,
    all_sources,
    clusters_with_members,
    get_scheme,
)
from glossary.services.revision import current_revision
from glossary.services.revision_cache import revision_cache

exports = Blueprint("exports", __name__, url_prefix="/export")

EXPORT_NAME = "begrippenkader"
CSV_TYPE = "text/csv"
TBX_TYPE = "application/xml"


def _download(body: str | bytes, media_type: str, filename: str) -> Response:
    response = Response(body, mimetype=media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _built_once_per_revision(filename: str, build: Callable[[], str | bytes]) -> str | bytes:
    """Whole-framework files change only when the data revision does: build each once.

    The cache lives on the app (one per worker process) and holds one revision at a time.
    """
    built: str | bytes = revision_cache(db_session(), "exports", max_entries=16).get(
        current_revision(db_session()), filename, build
    )
    return built


@exports.get(f"/{EXPORT_NAME}.<extension>")
def framework(extension: str) -> Response:
    """The whole framework in one file: .ttl, .jsonld, .rdf, .tbx or .csv."""
    scheme = get_scheme(db_session(), current.scheme_id())
    if scheme is None:
        abort(404, description="the framework has not been imported yet")
    filename = f"{EXPORT_NAME}.{extension}"
    if extension in RDF_FORMATS:

        def build() -> str | bytes:
            concepts = all_concepts(db_session(), scheme.id)
            clusters = clusters_with_members(db_session(), scheme.id, concepts)
            graph = framework_graph(scheme, clusters, concepts, all_sources(db_session()))
            return serialize(graph, extension)

        media_type = RDF_FORMATS[extension][1]
    elif extension == "tbx":

        def build() -> str | bytes:
            concepts = all_concepts(db_session(), scheme.id)
            return framework_tbx(scheme, concepts, current.source_language())

        media_type = TBX_TYPE
    elif extension == "csv":

        def build() -> str | bytes:
            out = io.StringIO()
            records = export_framework(db_session(), scheme.id)[0].concepts
            write_concepts(records, current.source_language(), out)
            return out.getvalue()

        media_type = CSV_TYPE
    else:
        abort(404, description=f"no export '{filename}'; available: ttl, jsonld, rdf, tbx, csv")
    return _download(_built_once_per_revision(filename, build), media_type, filename)


@exports.get(f"/{CLUSTERS_FILE}")
def clusters() -> Response:
    """The clusters file that goes beside the concepts CSV."""
    out = io.StringIO()
    write_clusters(
        export_framework(db_session(), current.scheme_id())[0].clusters,
        current.source_language(),
        out,
    )
    return _download(out.getvalue(), CSV_TYPE, CLUSTERS_FILE)


@exports.get(f"/{SOURCES_FILE}")
def sources() -> Response:
    """The bibliography file that goes beside the concepts CSV."""
    out = io.StringIO()
    write_sources(export_framework(db_session(), current.scheme_id())[0].sources, out)
    return _download(out.getvalue(), CSV_TYPE, SOURCES_FILE)


@exports.get(f"/{SCHEME_FILE}")
def scheme_texts() -> Response:
    """The scheme's titles and descriptions, the last file of the import format."""
    out = io.StringIO()
    scheme = export_framework(db_session(), current.scheme_id())[1]
    write_scheme(scheme.texts, scheme.translation_status, current.source_language(), out)
    return _download(out.getvalue(), CSV_TYPE, SCHEME_FILE)
