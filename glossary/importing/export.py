"""The stored framework as records: what an export writes and an import compares against."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from glossary import records
from glossary.model_enums import MappingKind, RelationKind, TranslationStatus
from glossary.models import (
    Citation,
    Cluster,
    ClusterMember,
    Concept,
    ConceptRelation,
    ConceptScheme,
    Source,
)
from glossary.scheme_concepts import scheme_concepts

# Everything a concept's record holds, loaded with the concept in a few queries.
CONCEPT_PARTS = (
    selectinload(Concept.labels),
    selectinload(Concept.notes),
    selectinload(Concept.translations),
    selectinload(Concept.explanations),
    selectinload(Concept.memberships).selectinload(ClusterMember.cluster),
    selectinload(Concept.citations).selectinload(Citation.source),
    selectinload(Concept.relations).selectinload(ConceptRelation.object),
    selectinload(Concept.mappings),
)


def load_concepts(session: Session, scheme_id: str) -> list[Concept]:
    """The stored concepts of the scheme in order, with everything a record needs loaded at once."""
    return scheme_concepts(session, scheme_id, *CONCEPT_PARTS)


def export_framework(
    session: Session,
    scheme_id: str,
    concepts: list[records.ConceptRecord] | None = None,
) -> tuple[records.Framework, records.SchemeInfo]:
    """The stored framework as records, in the order an import would write them;
    `concepts` when the caller has read them already (`stored_records.stored_concepts`)."""
    if concepts is None:
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
    info = scheme_info(scheme) if scheme is not None else records.SchemeInfo()
    return records.Framework(clusters=clusters, sources=sources, concepts=concepts), info


def scheme_info(scheme: ConceptScheme) -> records.SchemeInfo:
    """The canonical record of a stored scheme's texts."""
    return records.SchemeInfo(
        texts={(text.field, text.lang): text.value for text in scheme.texts},
        translation_status={
            text.lang: text.status.value
            for text in scheme.texts
            if text.status is not TranslationStatus.SOURCE
        },
    )


def language_labels(labels: Iterable[tuple[str, str, str]]) -> dict[str, records.LanguageLabels]:
    """A concept's labels (language, pref/alt/hidden, text), in their stored order, as its
    record holds them: by language, in the languages' first order."""
    by_lang: dict[str, dict[str, list[str]]] = {}
    for lang, kind, text in labels:
        by_lang.setdefault(lang, {"pref": [], "alt": [], "hidden": []})[kind].append(text)
    return {
        lang: records.LanguageLabels(
            pref=kinds["pref"][0] if kinds["pref"] else "",
            alt=tuple(kinds["alt"]),
            hidden=tuple(kinds["hidden"]),
        )
        for lang, kinds in by_lang.items()
    }


def concept_record(concept: Concept) -> records.ConceptRecord:
    """The canonical record of a stored concept."""
    labels = language_labels(
        (label.lang, label.kind.value, label.text)
        for label in sorted(concept.labels, key=lambda lab: lab.position)
    )
    mappings: dict[str, list[str]] = {}
    for mapping in sorted(concept.mappings, key=lambda m: m.position):
        mappings.setdefault(mapping.kind.value, []).append(mapping.uri)
    relations: dict[str, list[str]] = {kind.value: [] for kind in RelationKind}
    for relation in sorted(concept.relations, key=lambda rel: rel.position):
        relations[relation.kind.value].append(relation.object.slug)
    return records.ConceptRecord(
        slug=concept.slug,
        clusters=tuple(
            member.cluster.id
            for member in sorted(
                concept.memberships, key=lambda m: (m.cluster.position, m.cluster.id)
            )
        ),
        status=concept.status.value,
        labels=labels,
        notes={(note.kind.value, note.lang): note.text for note in concept.notes},
        translation_status={
            t.lang: t.status.value
            for t in concept.translations
            if t.status is not TranslationStatus.SOURCE
        },
        sources=tuple(c.source.key for c in sorted(concept.citations, key=lambda c: c.position)),
        cluster_positions={
            member.cluster.id: member.fixed_position
            for member in concept.memberships
            if member.fixed_position is not None
        },
        related=tuple(relations[RelationKind.RELATED.value]),
        broader=tuple(relations[RelationKind.BROADER.value]),
        equivalent=tuple(relations[RelationKind.EQUIVALENT.value]),
        explanations={e.lang: e.text for e in concept.explanations},
        explanation_status={e.lang: e.status.value for e in concept.explanations},
        mappings={
            kind.value: tuple(mappings[kind.value]) for kind in MappingKind if kind in mappings
        },
        replaced_by=tuple(relations[RelationKind.REPLACED_BY.value]),
        valid_from=concept.valid_from.isoformat() if concept.valid_from else "",
        valid_until=concept.valid_until.isoformat() if concept.valid_until else "",
    )


def cluster_record(cluster: Cluster) -> records.ClusterRecord:
    return records.ClusterRecord(
        id=cluster.id,
        position=cluster.position,
        titles={title.lang: title.title for title in cluster.titles},
        translation_status={
            title.lang: title.status.value
            for title in cluster.titles
            if title.status is not TranslationStatus.SOURCE
        },
    )


def source_record(source: Source) -> records.SourceRecord:
    return records.SourceRecord(
        key=source.key, **{name: getattr(source, name) for name in records.SOURCE_FIELDS}
    )
