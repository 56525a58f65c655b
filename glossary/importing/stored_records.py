"""The stored concepts of a scheme as records, read with one plain query per part.

The same records as `export.concept_record` makes of loaded ORM objects, without the
objects: a partial change (the editor publishing one concept) reads the whole framework to
check the change against it, and building tens of thousands of ORM instances for that made
one publication take minutes on a large framework (issue 14). The apply step loads as ORM
objects only the stored concepts a plan writes to (`concepts_written`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import LoaderOption
from sqlalchemy.sql import Executable

from glossary import records
from glossary.importing.export import CONCEPT_PARTS, language_labels
from glossary.model_enums import MappingKind, RelationKind, TranslationStatus
from glossary.models import (
    Citation,
    Cluster,
    ClusterMember,
    Concept,
    ConceptExplanation,
    ConceptMapping,
    ConceptRelation,
    ConceptTranslation,
    Label,
    Note,
    Source,
)

if TYPE_CHECKING:
    from glossary.importing.plan import ChangePlan

T = TypeVar("T")


def stored_concepts(session: Session, scheme_id: str) -> list[tuple[records.ConceptRecord, int]]:
    """The stored concepts of the scheme as records, in framework order, each with its
    position; equal to `export.concept_record` of each loaded concept."""
    in_scheme = select(Concept.pk).where(Concept.scheme_id == scheme_id)

    def rows(query: Executable) -> list[Any]:
        return list(session.execute(query))

    def grouped(query: Executable, value: Callable[[Any], T]) -> dict[int, list[T]]:
        found: dict[int, list[T]] = {}
        for row in rows(query):
            found.setdefault(row[0], []).append(value(row))
        return found

    labels = grouped(
        select(Label.concept_pk, Label.lang, Label.kind, Label.text)
        .where(Label.concept_pk.in_(in_scheme))
        .order_by(Label.concept_pk, Label.position, Label.pk),
        lambda row: (row[1], row[2].value, row[3]),
    )
    notes = grouped(
        select(Note.concept_pk, Note.kind, Note.lang, Note.text)
        .where(Note.concept_pk.in_(in_scheme))
        .order_by(Note.concept_pk, Note.position, Note.pk),
        lambda row: ((row[1].value, row[2]), row[3]),
    )
    translations = grouped(
        select(ConceptTranslation.concept_pk, ConceptTranslation.lang, ConceptTranslation.status)
        .where(ConceptTranslation.concept_pk.in_(in_scheme))
        .order_by(ConceptTranslation.concept_pk, ConceptTranslation.lang),
        lambda row: (row[1], row[2]),
    )
    explanations = grouped(
        select(
            ConceptExplanation.concept_pk,
            ConceptExplanation.lang,
            ConceptExplanation.text,
            ConceptExplanation.status,
        )
        .where(ConceptExplanation.concept_pk.in_(in_scheme))
        .order_by(ConceptExplanation.concept_pk, ConceptExplanation.lang),
        lambda row: (row[1], row[2], row[3].value),
    )
    memberships = grouped(
        select(ClusterMember.concept_pk, Cluster.id, ClusterMember.fixed_position)
        .join(Cluster, Cluster.pk == ClusterMember.cluster_pk)
        .where(ClusterMember.concept_pk.in_(in_scheme))
        .order_by(ClusterMember.concept_pk, Cluster.position, Cluster.id),
        lambda row: (row[1], row[2]),
    )
    citations = grouped(
        select(Citation.concept_pk, Source.key)
        .join(Source, Source.pk == Citation.source_pk)
        .where(Citation.concept_pk.in_(in_scheme))
        .order_by(Citation.concept_pk, Citation.position),
        lambda row: str(row[1]),
    )
    target = select(Concept.pk, Concept.slug).subquery()
    relations = grouped(
        select(ConceptRelation.subject_pk, ConceptRelation.kind, target.c.slug)
        .join(target, target.c.pk == ConceptRelation.object_pk)
        .where(ConceptRelation.subject_pk.in_(in_scheme))
        .order_by(ConceptRelation.subject_pk, ConceptRelation.position),
        lambda row: (row[1].value, str(row[2])),
    )
    mappings = grouped(
        select(ConceptMapping.concept_pk, ConceptMapping.kind, ConceptMapping.uri)
        .where(ConceptMapping.concept_pk.in_(in_scheme))
        .order_by(ConceptMapping.concept_pk, ConceptMapping.position),
        lambda row: (row[1].value, str(row[2])),
    )
    found = []
    for concept in rows(
        select(
            Concept.pk,
            Concept.slug,
            Concept.status,
            Concept.valid_from,
            Concept.valid_until,
            Concept.position,
        )
        .where(Concept.scheme_id == scheme_id)
        .order_by(Concept.position, Concept.pk)
    ):
        pk = concept.pk
        related: dict[str, list[str]] = {kind.value: [] for kind in RelationKind}
        for kind, slug in relations.get(pk, []):
            related[kind].append(slug)
        mapped: dict[str, list[str]] = {}
        for kind, uri in mappings.get(pk, []):
            mapped.setdefault(kind, []).append(uri)
        members = memberships.get(pk, [])
        explained = explanations.get(pk, [])
        record = records.ConceptRecord(
            slug=concept.slug,
            clusters=tuple(cluster_id for cluster_id, _ in members),
            status=concept.status.value,
            labels=language_labels(labels.get(pk, [])),
            notes=dict(notes.get(pk, [])),
            translation_status={
                lang: status.value
                for lang, status in translations.get(pk, [])
                if status is not TranslationStatus.SOURCE
            },
            sources=tuple(citations.get(pk, [])),
            cluster_positions={
                cluster_id: place for cluster_id, place in members if place is not None
            },
            related=tuple(related[RelationKind.RELATED.value]),
            broader=tuple(related[RelationKind.BROADER.value]),
            equivalent=tuple(related[RelationKind.EQUIVALENT.value]),
            explanations={lang: text for lang, text, _ in explained},
            explanation_status={lang: status for lang, _, status in explained},
            mappings={kind.value: tuple(mapped[kind]) for kind in MappingKind if kind in mapped},
            replaced_by=tuple(related[RelationKind.REPLACED_BY.value]),
            valid_from=concept.valid_from.isoformat() if concept.valid_from else "",
            valid_until=concept.valid_until.isoformat() if concept.valid_until else "",
        )
        found.append((record, int(concept.position)))
    return found


def stored_places(session: Session, scheme_id: str) -> dict[str, tuple[int, int]]:
    """Every stored concept of the scheme: slug → (pk, position), in framework order."""
    return {
        slug: (pk, position)
        for slug, pk, position in session.execute(
            select(Concept.slug, Concept.pk, Concept.position)
            .where(Concept.scheme_id == scheme_id)
            .order_by(Concept.position, Concept.pk)
        )
    }


def concepts_by_pk(session: Session, pks: Iterable[int], *options: LoaderOption) -> list[Concept]:
    """The concepts with these keys, `options` loaded with them; in chunks, so that no
    query binds more parameters than a database allows."""
    ordered = sorted(set(pks))
    found: list[Concept] = []
    for start in range(0, len(ordered), CHUNK):
        found += session.scalars(
            select(Concept).where(Concept.pk.in_(ordered[start : start + CHUNK])).options(*options)
        )
    return found


CHUNK = 500


def concepts_written(
    session: Session, plan: ChangePlan, stored: dict[str, tuple[int, int]]
) -> dict[str, Concept]:
    """The stored concepts the plan writes to, by slug: those it removes or rewrites with
    everything they hold, those that move or that a rewritten concept relates to as rows.
    A concept the plan leaves as it is stays unloaded: publishing one concept of 10 000
    must not load (and flush over) the other 9 999."""
    whole = {stored[slug][0] for slug in (*plan.removed, *plan.changed)}
    moved = {
        stored[record.slug][0]
        for position, record in enumerate(plan.framework.concepts)
        if record.slug in stored and stored[record.slug][1] != position
    }
    records = {record.slug: record for record in plan.framework.concepts}
    targets = {
        stored[target][0]
        for slug in (*plan.added, *plan.changed)
        for targets in records[slug].relation_targets().values()
        for target in targets
        if target in stored
    }
    loaded = concepts_by_pk(session, whole, *CONCEPT_PARTS)
    loaded += concepts_by_pk(session, (moved | targets) - whole)
    by_pk = {concept.pk: concept for concept in loaded}
    # framework order, as the whole scheme was loaded before
    return {slug: by_pk[pk] for slug, (pk, _) in stored.items() if pk in by_pk}
