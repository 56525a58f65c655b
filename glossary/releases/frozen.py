"""The frozen export files of a release: the framework's usual downloads, built with the
writers of glossary/formats over the state the release holds, plus version metadata.

The RDF files say which release they are on the concept scheme: `owl:versionInfo` (the
release name), `dct:issued` (the release date, replacing the scheme's first import date)
and `dct:replaces` (the page of the previous release, when there is one). The TBX header
says the same in its publication statement. The CSV stays the import format, unchanged.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD
from sqlalchemy.orm import Session

from glossary.formats.csvfile import write_concepts
from glossary.formats.skos import RDF_FORMATS, framework_graph, scheme_uri, serialize
from glossary.formats.tbx import TBX_NAMESPACE, framework_tbx
from glossary.importing import export_framework
from glossary.models import ConceptScheme
from glossary.services.concepts import all_concepts, all_sources, clusters_with_members

CSV_TYPE = "text/csv"
TBX_TYPE = "application/xml"
FORMATS = ("ttl", "jsonld", "rdf", "csv", "tbx")


@dataclass(frozen=True)
class VersionInfo:
    """What a frozen file says about its release."""

    name: str
    issued_at: datetime
    previous_url: str | None


@dataclass(frozen=True)
class FrozenFile:
    format: str
    media_type: str
    body: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def build_exports(
    session: Session, scheme: ConceptScheme, source_language: str, info: VersionInfo
) -> list[FrozenFile]:
    """Every download of the framework as it is stored now, with the release's metadata.
    Called inside the transaction that makes the release, so the files and the versions
    the release names are one state of the data."""
    concepts = all_concepts(session, scheme.id)
    clusters = clusters_with_members(session, scheme.id, concepts)
    graph = framework_graph(scheme, clusters, concepts, all_sources(session))
    node = scheme_uri(scheme.id)
    graph.remove((node, DCTERMS.issued, None))
    graph.add((node, DCTERMS.issued, Literal(info.issued_at.date().isoformat(), datatype=XSD.date)))
    graph.add((node, OWL.versionInfo, Literal(info.name)))
    if info.previous_url is not None:
        graph.add((node, DCTERMS.replaces, URIRef(info.previous_url)))
    files = [
        FrozenFile(fmt, RDF_FORMATS[fmt][1], serialize(graph, fmt).encode("utf-8"))
        for fmt in ("ttl", "jsonld", "rdf")
    ]
    out = io.StringIO()
    write_concepts(export_framework(session, scheme.id)[0].concepts, source_language, out)
    files.append(FrozenFile("csv", CSV_TYPE, out.getvalue().encode("utf-8")))
    tbx = framework_tbx(scheme, concepts, source_language)
    files.append(FrozenFile("tbx", TBX_TYPE, _tbx_with_version(tbx, info)))
    return files


def _tbx_with_version(document: bytes, info: VersionInfo) -> bytes:
    """The TBX document with the release named in its publication statement."""
    root = etree.fromstring(document)
    statement = root.find(f".//{{{TBX_NAMESPACE}}}publicationStmt")
    if statement is not None:
        lines = [f"Release {info.name}, issued {info.issued_at.date().isoformat()}."]
        if info.previous_url is not None:
            lines.append(f"Previous release: {info.previous_url}")
        for line in lines:
            paragraph = etree.SubElement(statement, f"{{{TBX_NAMESPACE}}}p")
            paragraph.text = line
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
