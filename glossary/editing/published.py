"""What is published now: a concept's record and its version number, as drafts start
from and the API reports them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glossary.editing.errors import ConceptNotFound
from glossary.editing.models import ConceptVersion
from glossary.editing.version_rows import latest_version
from glossary.importing.export import concept_record
from glossary.models import Concept
from glossary.records import ConceptRecord


def published_concept(session: Session, scheme_id: str, slug: str) -> Concept | None:
    return session.scalar(
        select(Concept).where(Concept.scheme_id == scheme_id, Concept.slug == slug)
    )


def concept_version(session: Session, scheme_id: str, slug: str) -> int:
    """The published version of a concept (`version` of GET /api/v1/concepts/<id>): 1 after
    its first import, one more with each publication; 0 when no such concept is published.
    A concept stored before versions were kept counts as version 1."""
    if published_concept(session, scheme_id, slug) is None:
        return 0
    return max(latest_version(session, scheme_id, slug), 1)


def stored_record(session: Session, scheme_id: str, slug: str) -> ConceptRecord:
    """The published record of a concept; ConceptNotFound when there is none."""
    concept = published_concept(session, scheme_id, slug)
    if concept is None:
        raise ConceptNotFound(f"no published concept '{slug[:100]}'")
    return concept_record(concept)


def concept_versions(session: Session, scheme_id: str, slugs: Sequence[str]) -> dict[str, int]:
    """The published version of each of `slugs`, stored concepts all (a page of the
    listing), in one query."""
    recorded: dict[str, int] = {
        slug: number
        for slug, number in session.execute(
            select(ConceptVersion.slug, func.max(ConceptVersion.version))
            .where(ConceptVersion.scheme_id == scheme_id, ConceptVersion.slug.in_(slugs))
            .group_by(ConceptVersion.slug)
        )
    }
    return {slug: max(recorded.get(slug, 0), 1) for slug in slugs}
