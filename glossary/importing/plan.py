"""Planning an import: what a validated framework would change in the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.importing.export import (
    cluster_record,
    concept_record,
    load_concepts,
    source_record,
)
from glossary.models import (
    Cluster,
    ConceptScheme,
    Source,
    TranslationStatus,
)
from glossary.records import Framework, SchemeInfo


@dataclass
class ImportPlan:
    scheme_id: str
    framework: Framework
    scheme: SchemeInfo
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    # set by apply: concepts whose own row is unchanged but that show a changed neighbour,
    # source or cluster (a renamed related concept, a new mention, a corrected URL)
    changed_through: list[str] = field(default_factory=list)
    unchanged: int = 0
    clusters_changed: list[str] = field(default_factory=list)
    sources_changed: list[str] = field(default_factory=list)
    order_changed: bool = False
    scheme_changed: bool = False

    @property
    def has_changes(self) -> bool:
        return bool(
            self.added
            or self.changed
            or self.removed
            or self.clusters_changed
            or self.sources_changed
            or self.order_changed
            or self.scheme_changed
        )

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} changed",
            f"{len(self.removed)} removed",
            f"{self.unchanged} unchanged",
        ]
        text = "concepts: " + ", ".join(parts)
        if self.kept:
            text += f"; {len(self.kept)} not in the file kept (use --prune to remove them)"
        if self.clusters_changed:
            text += f"; clusters changed: {', '.join(self.clusters_changed)}"
        if self.sources_changed:
            text += f"; {len(self.sources_changed)} source(s) added or changed"
        return text


def plan_import(
    session: Session,
    scheme_id: str,
    framework: Framework,
    scheme: SchemeInfo,
    prune: bool = False,
) -> ImportPlan:
    """Compare a validated framework with the database: what would an import change?"""
    plan = ImportPlan(scheme_id=scheme_id, framework=framework, scheme=scheme)
    existing = {concept.slug: concept for concept in load_concepts(session, scheme_id)}
    incoming = {record.slug for record in framework.concepts}
    for position, record in enumerate(framework.concepts):
        concept = existing.get(record.slug)
        if concept is None:
            plan.added.append(record.slug)
        elif concept_record(concept) != record:
            plan.changed.append(record.slug)
        else:
            plan.unchanged += 1
            if concept.position != position:
                plan.order_changed = True
    for slug in existing:
        if slug not in incoming:
            (plan.removed if prune else plan.kept).append(slug)

    stored_clusters = {
        cluster.id: cluster_record(cluster)
        for cluster in session.scalars(select(Cluster).where(Cluster.scheme_id == scheme_id))
    }
    plan.clusters_changed = [
        record.id for record in framework.clusters if stored_clusters.get(record.id) != record
    ]
    stored_sources = {
        source.key: source_record(source) for source in session.scalars(select(Source))
    }
    plan.sources_changed = [
        record.key for record in framework.sources if stored_sources.get(record.key) != record
    ]
    stored_scheme = session.get(ConceptScheme, scheme_id)
    stored_texts = (
        {(text.field, text.lang): text.value for text in stored_scheme.texts}
        if stored_scheme
        else None
    )
    stored_statuses = (
        {
            text.lang: text.status.value
            for text in stored_scheme.texts
            if text.status is not TranslationStatus.SOURCE
        }
        if stored_scheme
        else {}
    )
    plan.scheme_changed = (
        stored_texts != scheme.texts or stored_statuses != scheme.translation_status
    )
    return plan
