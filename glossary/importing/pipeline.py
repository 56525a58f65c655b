"""CSV → validated framework → plan → one transaction.

The whole input is validated before anything is written; every problem is reported at once
with file, line and column. Applying a plan happens in a single transaction, so a failure at
any point leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.database import begin_write
from glossary.importing.apply import apply_plan
from glossary.importing.plan import ImportPlan, plan_import
from glossary.importing.problems import StoredLabels
from glossary.importing.read_csv import FrameworkFiles, read_framework
from glossary.models import (
    Concept,
    Label,
)
from glossary.records import Framework, SchemeInfo
from glossary.services.revision import Revision


def import_framework(
    session: Session,
    scheme_id: str,
    files: FrameworkFiles,
    source_language: str,
    prune: bool = False,
    dry_run: bool = False,
    base_uri: str = "",
) -> tuple[ImportPlan, Revision | None]:
    """Validate, plan and (unless dry_run) apply an import. Raises FrameworkInvalid.

    `base_uri` is this service's (GLOSSARY_BASE_URI): a mapping may not name our own
    concepts. The caller passes it; nothing here reads the app's settings."""
    return import_records(
        session,
        scheme_id,
        lambda stored: read_framework(files, source_language, stored, base_uri),
        prune=prune,
        dry_run=dry_run,
    )


def import_records(
    session: Session,
    scheme_id: str,
    read: Callable[[StoredLabels], tuple[Framework, SchemeInfo]],
    prune: bool = False,
    dry_run: bool = False,
) -> tuple[ImportPlan, Revision | None]:
    """Plan and (unless dry_run) apply what `read` gives, as one transaction; every file
    format (CSV, SKOS, TBX) imports through here so that all share the same locking.

    `read` gets the stored labels (none with `prune`, which replaces them all) so that it
    can refuse a label another concept already holds. The plan is made under the write
    lock: it is the state the import writes over. Raises FrameworkInvalid, having written
    nothing, when any check fails."""
    if not dry_run:
        begin_write(session)
    try:
        stored = {} if prune else stored_concept_labels(session, scheme_id)
        framework, scheme = read(stored)
        plan = plan_import(session, scheme_id, framework, scheme, prune=prune)
    except BaseException:
        if not dry_run:
            session.rollback()  # release the write lock
        raise
    if dry_run:
        return plan, None
    revision = apply_plan(session, plan, prune=prune)
    if revision is None:
        session.rollback()  # nothing to write: release the write lock
    return plan, revision


def stored_concept_labels(session: Session, scheme_id: str) -> StoredLabels:
    """Every label of every stored concept of the scheme, by concept slug.

    An import checks a file against them, so that a file never gives a concept a label
    that another stored concept (one the file leaves out) already holds."""
    labels: StoredLabels = {}
    for slug, lang, text in session.execute(
        select(Concept.slug, Label.lang, Label.text)
        .join(Label, Label.concept_pk == Concept.pk)
        .where(Concept.scheme_id == scheme_id)
    ):
        labels.setdefault(slug, []).append((lang, text))
    return labels
