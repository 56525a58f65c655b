"""The framework's resources other than concepts, looked up for their own documents."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from glossary.models import Citation, Concept, Source


def get_source(session: Session, key: str) -> Source | None:
    """A bibliography entry by its key, or None."""
    return session.scalars(select(Source).where(Source.key == key)).one_or_none()


def citing_concepts(session: Session, scheme_id: str, source: Source) -> list[Concept]:
    """The concepts of `scheme_id` that cite `source`, in the scheme's order.

    A source's own document names them, so that it says what the source is a source of
    (and NL-SBB's source-document shape, which applies to objects of dct:source, checks it).
    """
    return list(
        session.scalars(
            select(Concept)
            .join(Citation, Citation.concept_pk == Concept.pk)
            .where(Citation.source_pk == source.pk, Concept.scheme_id == scheme_id)
            .options(selectinload(Concept.labels), selectinload(Concept.notes))
            .order_by(Concept.position)
        )
    )
