"""Import of a SKOS (.ttl, .rdf, .jsonld, .nt) or TBX (.tbx) file: the same plan, checks and
single transaction as `pipeline.import_framework` gives a CSV file set."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.data_revision import Revision
from glossary.importing.pipeline import import_records
from glossary.importing.plan import ChangePlan
from glossary.importing.problems import StoredLabels
from glossary.importing.read_skos import RdfImport, is_rdf_file, read_rdf_framework
from glossary.importing.read_tbx import is_tbx_file, read_tbx_framework
from glossary.importing.skos_publication import Publication
from glossary.models import ConceptScheme, Source
from glossary.records import Framework, SchemeInfo


def is_importable_file(path: Path) -> bool:
    """A SKOS or TBX file (by its suffix); anything else is read as CSV."""
    return is_rdf_file(path) or is_tbx_file(path)


def publication(session: Session, scheme_id: str, stated: Publication) -> Publication:
    """What this service states about the scheme when it publishes it: the licence and
    publisher of its settings (`stated`, passed by the caller), and the scheme's first import
    as its issue date (none yet for a scheme the import creates)."""
    scheme = session.get(ConceptScheme, scheme_id)
    return replace(stated, issued=scheme.created_at if scheme is not None else None)


def _read(
    session: Session,
    scheme_id: str,
    path: Path,
    source_language: str,
    stored: StoredLabels,
    base_uri: str,
    stated: Publication | None,
) -> RdfImport:
    if is_tbx_file(path):
        citations = {c: k for c, k in session.execute(select(Source.citation, Source.key))}
        return read_tbx_framework(path, source_language, stored, citations, base_uri)
    published = publication(session, scheme_id, stated) if stated is not None else None
    return read_rdf_framework(path, source_language, stored, published, base_uri)


def import_file(
    session: Session,
    scheme_id: str,
    path: Path,
    source_language: str,
    prune: bool = False,
    dry_run: bool = False,
    base_uri: str = "",
    stated: Publication | None = None,
) -> tuple[ChangePlan, Revision | None, list[str]]:
    """Validate, plan and (unless dry_run) apply a SKOS or TBX file; also return what the
    model could not hold ("<subject> property: why"). Raises FrameworkInvalid, having
    written nothing, when any check fails.

    `base_uri` and `stated` (the licence and publisher of this service's settings) come from
    the caller; without `stated`, a file's licence and publisher are reported as not kept."""
    unrepresentable: list[str] = []

    def read(stored: StoredLabels) -> tuple[Framework, SchemeInfo]:
        found = _read(session, scheme_id, path, source_language, stored, base_uri, stated)
        unrepresentable.extend(found.unrepresentable)
        return found.framework, found.scheme

    plan, revision = import_records(session, scheme_id, read, prune=prune, dry_run=dry_run)
    return plan, revision, unrepresentable
