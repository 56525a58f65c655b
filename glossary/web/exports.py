"""Whole-framework downloads: SKOS (Turtle, JSON-LD, RDF/XML), TBX-Basic and CSV.

The CSV files are the import format: `begrippenkader.csv` with its companions
`clusters.csv`, `bronnen.csv` and `scheme.csv`, saved into one folder, import back with
`flask glossary import begrippenkader.csv`.
"""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, current_app

from glossary.formats.csvfile import write_clusters, write_concepts, write_scheme, write_sources
from glossary.formats.skos import RDF_FORMATS, framework_graph, serialize
from glossary.formats.tbx import framework_tbx
from glossary.models import db
from glossary.services.concepts import all_concepts, clusters_with_members, get_scheme
from glossary.services.importer import CLUSTERS_FILE, SCHEME_FILE, SOURCES_FILE, export_framework

exports = Blueprint("exports", __name__, url_prefix="/export")

EXPORT_NAME = "begrippenkader"
CSV_TYPE = "text/csv"
TBX_TYPE = "application/xml"


def _download(body: str | bytes, media_type: str, filename: str) -> Response:
    response = Response(body, mimetype=media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _scheme_id() -> str:
    return current_app.config["GLOSSARY_SCHEME_ID"]


def _source_language() -> str:
    return current_app.config["GLOSSARY_LANGUAGES"][0]


@exports.get(f"/{EXPORT_NAME}.<extension>")
def framework(extension: str) -> Response:
    """The whole framework in one file: .ttl, .jsonld, .rdf, .tbx or .csv."""
    scheme = get_scheme(db.session, _scheme_id())
    if scheme is None:
        abort(404, description="the framework has not been imported yet")
    filename = f"{EXPORT_NAME}.{extension}"
    if extension in RDF_FORMATS:
        concepts = all_concepts(db.session, scheme.id)
        graph = framework_graph(
            scheme, clusters_with_members(db.session, scheme.id, concepts), concepts
        )
        return _download(serialize(graph, extension), RDF_FORMATS[extension][1], filename)
    if extension == "tbx":
        concepts = all_concepts(db.session, scheme.id)
        return _download(framework_tbx(scheme, concepts, _source_language()), TBX_TYPE, filename)
    if extension == "csv":
        out = io.StringIO()
        write_concepts(export_framework(db.session, scheme.id)[0].concepts, _source_language(), out)
        return _download(out.getvalue(), CSV_TYPE, filename)
    abort(404, description=f"no export '{filename}'; available: ttl, jsonld, rdf, tbx, csv")


@exports.get(f"/{CLUSTERS_FILE}")
def clusters() -> Response:
    """The clusters file that goes beside the concepts CSV."""
    out = io.StringIO()
    write_clusters(export_framework(db.session, _scheme_id())[0].clusters, out)
    return _download(out.getvalue(), CSV_TYPE, CLUSTERS_FILE)


@exports.get(f"/{SOURCES_FILE}")
def sources() -> Response:
    """The bibliography file that goes beside the concepts CSV."""
    out = io.StringIO()
    write_sources(export_framework(db.session, _scheme_id())[0].sources, out)
    return _download(out.getvalue(), CSV_TYPE, SOURCES_FILE)


@exports.get(f"/{SCHEME_FILE}")
def scheme_texts() -> Response:
    """The scheme's titles and descriptions, the last file of the import format."""
    out = io.StringIO()
    write_scheme(export_framework(db.session, _scheme_id())[1].texts, out)
    return _download(out.getvalue(), CSV_TYPE, SCHEME_FILE)
