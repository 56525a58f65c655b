"""A round's record beside the versions it led to: the publication path fills in the
version an approved draft published, and a release page asks which rounds preceded the
versions it lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from glossary.consultation.models import Consultation, ConsultationItem
from glossary.editing.version_rows import latest_version


@dataclass(frozen=True)
class RoundRef:
    """A round as a list of links shows it."""

    pk: int
    title: str
    closes_at: datetime
    published_version: int | None


def record_publication(session: Session, scheme_id: str, slug: str, base_version: int) -> int:
    """Inside the approval's transaction (after its version is recorded): the rounds that
    asked about this draft (same concept, same base version, not yet published) now point
    at the version it became. Returns how many items were linked."""
    version = latest_version(session, scheme_id, slug)
    result = session.execute(
        update(ConsultationItem)
        .where(
            ConsultationItem.scheme_id == scheme_id,
            ConsultationItem.slug == slug,
            ConsultationItem.base_version == base_version,
            ConsultationItem.published_version.is_(None),
        )
        .values(published_version=version)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def consultations_for_versions(
    session: Session, scheme_id: str, versions: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], list[RoundRef]]:
    """The rounds that consulted on each published (slug, version), oldest first; a pair no
    round asked about is absent. One query, for a release page listing its versions."""
    wanted = set(versions)
    slugs = {slug for slug, _ in wanted}
    if not slugs:
        return {}
    rows = session.execute(
        select(ConsultationItem.slug, ConsultationItem.published_version, Consultation)
        .join(Consultation, Consultation.pk == ConsultationItem.consultation_pk)
        .where(
            ConsultationItem.scheme_id == scheme_id,
            ConsultationItem.slug.in_(slugs),
            ConsultationItem.published_version.is_not(None),
        )
        .order_by(Consultation.created_at, Consultation.pk)
    ).all()
    found: dict[tuple[str, int], list[RoundRef]] = {}
    for slug, version, consultation in rows:
        if version is not None and (slug, version) in wanted:
            found.setdefault((slug, version), []).append(
                RoundRef(consultation.pk, consultation.title, consultation.closes_at, version)
            )
    return found


def consultations_of_concept(session: Session, scheme_id: str, slug: str) -> list[RoundRef]:
    """Every round that asked about a concept, newest first (the draft editor links them)."""
    rows = session.execute(
        select(ConsultationItem.published_version, Consultation)
        .join(Consultation, Consultation.pk == ConsultationItem.consultation_pk)
        .where(ConsultationItem.scheme_id == scheme_id, ConsultationItem.slug == slug)
        .order_by(Consultation.created_at.desc(), Consultation.pk.desc())
    ).all()
    return [
        RoundRef(consultation.pk, consultation.title, consultation.closes_at, version)
        for version, consultation in rows
    ]
