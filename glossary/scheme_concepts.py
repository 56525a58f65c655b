"""Every concept of a scheme in framework order: the one query behind the export, the
import's comparison, the concept maps and the whole-scheme listings.

On the data floor so that the importer and the services share it without importing
upwards; each caller names only the relations it reads, loaded up front."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import LoaderOption

from glossary.models import Concept


def scheme_concepts(session: Session, scheme_id: str, *options: LoaderOption) -> list[Concept]:
    """The scheme's concepts by position, then by pk, so that concepts sharing a position
    still come out in the same order every time; `options` say what to load with them."""
    return list(
        session.scalars(
            select(Concept)
            .where(Concept.scheme_id == scheme_id)
            .options(*options)
            .order_by(Concept.position, Concept.pk)
        )
    )
