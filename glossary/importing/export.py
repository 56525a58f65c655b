"""The stored framework as records: what an export writes and an import compares against."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from glossary.importing.read_csv import SchemeInfo
from glossary.models import (
    Citation,
    Cluster,
    ClusterMember,
    Concept,
    ConceptRelation,
    ConceptScheme,
    Source,
    TranslationStatus,
)
from glossary.records import (
    Framework,
    cluster_record,
    concept_record,
    source_record,
)


def load_concepts(session: Session, scheme_id: str) -> list[Concept]:
    """The stored concepts of the scheme in order, with everything a record needs loaded at once."""
    return list(
        session.scalars(
            select(Concept)
            .where(Concept.scheme_id == scheme_id)
            .options(
                selectinload(Concept.labels),
                selectinload(Concept.notes),
                selectinload(Concept.translations),
                selectinload(Concept.explanations),
                selectinload(Concept.memberships).selectinload(ClusterMember.cluster),
                selectinload(Concept.citations).selectinload(Citation.source),
                selectinload(Concept.relations).selectinload(ConceptRelation.object),
                selectinload(Concept.mappings),
            )
            .order_by(Concept.position)
        )
    )


def export_framework(session: Session, scheme_id: str) -> tuple[Framework, SchemeInfo]:
    """The stored framework as records, in the order an import would write them."""
    concepts = [concept_record(concept) for concept in load_concepts(session, scheme_id)]
    clusters = [
        cluster_record(cluster)
        for cluster in session.scalars(
            select(Cluster).where(Cluster.scheme_id == scheme_id).order_by(Cluster.position)
        )
    ]
    sources = [
        source_record(source)
        for source in session.scalars(select(Source).order_by(Source.position))
    ]
    scheme = session.get(ConceptScheme, scheme_id)
    texts = scheme.texts if scheme else []
    info = SchemeInfo(
        texts={(text.field, text.lang): text.value for text in texts},
        translation_status={
            text.lang: text.status.value
            for text in texts
            if text.status is not TranslationStatus.SOURCE
        },
    )
    return Framework(clusters=clusters, sources=sources, concepts=concepts), info
