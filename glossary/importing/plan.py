"""The change plan: what checked records would change in the database, as one typed,
immutable object.

Every way data enters builds the same plan (`plan`) from the same records: a CSV file set, a
SKOS or TBX file, one concept's new version from the web editor. The apply step (`apply`)
writes nothing but what a plan lists, so a dry run shows exactly what an import would do.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.data_revision import read_revision
from glossary.importing.export import (
    cluster_record,
    scheme_info,
    source_record,
)
from glossary.importing.stored_records import stored_concepts
from glossary.models import Citation, Cluster, Concept, ConceptScheme, Source
from glossary.records import (
    ClusterRecord,
    ConceptRecord,
    Framework,
    SchemeInfo,
    SourceRecord,
)

T = TypeVar("T")
C = TypeVar("C")


class Action(enum.StrEnum):
    ADD = "add"
    CHANGE = "change"
    REMOVE = "remove"


@dataclass(frozen=True)
class Delta(Generic[T]):
    """What a change adds and removes of one kind of part (labels, relations, ...)."""

    added: tuple[T, ...] = ()
    removed: tuple[T, ...] = ()


def _delta(before: list[T], after: list[T]) -> Delta[T]:
    return Delta(
        tuple(item for item in after if item not in before),
        tuple(item for item in before if item not in after),
    )


class _PartDelta:
    """A concept change's delta of one part, named by the attribute it is assigned to:
    `change.labels` is `change.delta("labels")`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, change: ConceptChange, owner: type) -> Delta[tuple[str, ...]]:
        return change.delta(self.name)


@dataclass(frozen=True)
class ConceptChange:
    """One concept added, changed or removed: its record before and after."""

    slug: str
    action: Action
    before: ConceptRecord | None
    after: ConceptRecord | None

    def _parts(self, record: ConceptRecord | None, name: str) -> list[tuple[str, ...]]:
        if record is None:
            return []
        if name == "labels":
            return [
                (lang, kind, text)
                for lang, labels in record.labels.items()
                for kind, texts in (
                    ("pref", (labels.pref,)),
                    ("alt", labels.alt),
                    ("hidden", labels.hidden),
                )
                for text in texts
            ]
        if name == "relations":
            return [
                (kind, target)
                for kind, targets in record.relation_targets().items()
                for target in targets
            ]
        if name == "mappings":
            return [(kind, uri) for kind, uris in record.mappings.items() for uri in uris]
        if name == "explanations":
            return [
                (lang, text, record.explanation_status.get(lang, ""))
                for lang, text in record.explanations.items()
            ]
        return [(kind, lang, text) for (kind, lang), text in record.notes.items()]

    def delta(self, name: str) -> Delta[tuple[str, ...]]:
        return _delta(self._parts(self.before, name), self._parts(self.after, name))

    # What the change adds and removes of each part (`_PartDelta`, named by the attribute).
    labels = _PartDelta()  # (lang, pref/alt/hidden, text)
    relations = _PartDelta()  # (related/broader/equivalent, target slug)
    mappings = _PartDelta()  # (mapping kind, URI)
    explanations = _PartDelta()  # (lang, text, review status)
    notes = _PartDelta()  # (note kind, lang, text)


@dataclass(frozen=True)
class ClusterChange:
    id: str
    action: Action
    before: ClusterRecord | None
    after: ClusterRecord | None


@dataclass(frozen=True)
class SourceChange:
    key: str
    action: Action
    before: SourceRecord | None
    after: SourceRecord | None


@dataclass(frozen=True)
class ChangePlan:
    """What writing `framework` into the scheme changes, against the database as it was at
    `base_revision`. Applying it (`apply.apply_plan`) writes exactly this."""

    scheme_id: str
    # the records the scheme holds once applied, concepts in their order
    framework: Framework
    scheme: SchemeInfo
    concepts: tuple[ConceptChange, ...] = ()
    clusters: tuple[ClusterChange, ...] = ()
    sources: tuple[SourceChange, ...] = ()
    # stored concepts the input leaves out and that stay (no prune)
    kept: tuple[str, ...] = ()
    unchanged: int = 0
    order_changed: bool = False
    scheme_changed: bool = False
    prune: bool = False
    base_revision: int = 0
    # found by applying: concepts whose own record is unchanged but that show a changed
    # neighbour, source or cluster (a renamed related concept, a new mention, a fixed URL)
    changed_through: tuple[str, ...] = field(default=())
    # the scheme's texts as stored before (None: a new scheme), kept with its versions
    scheme_before: SchemeInfo | None = None

    def _concepts(self, action: Action) -> list[str]:
        return [change.slug for change in self.concepts if change.action is action]

    @property
    def added(self) -> list[str]:
        return self._concepts(Action.ADD)

    @property
    def changed(self) -> list[str]:
        return self._concepts(Action.CHANGE)

    @property
    def removed(self) -> list[str]:
        return self._concepts(Action.REMOVE)

    @property
    def clusters_changed(self) -> list[str]:
        """Clusters added or changed."""
        return [c.id for c in self.clusters if c.action is not Action.REMOVE]

    @property
    def sources_changed(self) -> list[str]:
        """Sources added or changed."""
        return [s.key for s in self.sources if s.action is not Action.REMOVE]

    @property
    def clusters_of_concepts(self) -> set[str]:
        """The clusters the concepts added, changed or removed are in, before or after:
        the clusters whose members change."""
        return {
            cluster
            for change in self.concepts
            for record in (change.before, change.after)
            if record is not None
            for cluster in record.clusters
        }

    @property
    def has_changes(self) -> bool:
        return bool(
            self.concepts
            or self.clusters
            or self.sources
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


def plan(
    session: Session,
    scheme_id: str,
    framework: Framework,
    scheme: SchemeInfo,
    prune: bool = False,
    stored: list[tuple[ConceptRecord, int]] | None = None,
) -> ChangePlan:
    """Compare checked records with the database: what would writing them change?

    Without `prune`, stored concepts the records leave out stay (`kept`); with it, they
    are removed, and so are clusters and sources no record names (a source another scheme
    cites stays: the bibliography is shared). `stored` are the stored concepts' records
    and places (`stored_concepts`) when the caller has just read them, in the same
    transaction: a partial change reads the whole framework once, not twice."""
    if stored is None:
        stored = stored_concepts(session, scheme_id)
    existing = {record.slug: (record, position) for record, position in stored}
    incoming = {record.slug for record in framework.concepts}
    concepts: list[ConceptChange] = []
    unchanged, order_changed = 0, False
    for position, record in enumerate(framework.concepts):
        before, place = existing.get(record.slug, (None, position))
        if before is None:
            concepts.append(ConceptChange(record.slug, Action.ADD, None, record))
        elif before != record:
            concepts.append(ConceptChange(record.slug, Action.CHANGE, before, record))
        else:
            unchanged += 1
            order_changed = order_changed or place != position
    left_out = [slug for slug in existing if slug not in incoming]
    if prune:
        concepts += [
            ConceptChange(slug, Action.REMOVE, existing[slug][0], None) for slug in left_out
        ]
    stored_scheme = session.get(ConceptScheme, scheme_id)
    return ChangePlan(
        scheme_id=scheme_id,
        framework=framework,
        scheme=scheme,
        concepts=tuple(concepts),
        clusters=_cluster_changes(session, scheme_id, framework.clusters, prune),
        sources=_source_changes(session, scheme_id, framework.sources, prune),
        kept=() if prune else tuple(left_out),
        unchanged=unchanged,
        order_changed=order_changed,
        scheme_changed=stored_scheme is None or scheme_info(stored_scheme) != scheme,
        scheme_before=scheme_info(stored_scheme) if stored_scheme is not None else None,
        prune=prune,
        base_revision=read_revision(session).number,
    )


def _cluster_changes(
    session: Session, scheme_id: str, records: list[ClusterRecord], prune: bool
) -> tuple[ClusterChange, ...]:
    stored = {
        cluster.id: cluster_record(cluster)
        for cluster in session.scalars(select(Cluster).where(Cluster.scheme_id == scheme_id))
    }
    incoming = {record.id for record in records}
    removed = [cluster_id for cluster_id in stored if prune and cluster_id not in incoming]
    return _part_changes(stored, records, lambda record: record.id, ClusterChange, removed)


def _source_changes(
    session: Session, scheme_id: str, records: list[SourceRecord], prune: bool
) -> tuple[SourceChange, ...]:
    stored = {source.key: source_record(source) for source in session.scalars(select(Source))}
    removed: list[str] = []
    if prune:
        # The bibliography is shared by the schemes: a source another scheme cites stays.
        cited_elsewhere = set(
            session.scalars(
                select(Source.key)
                .join(Citation, Citation.source_pk == Source.pk)
                .join(Concept, Concept.pk == Citation.concept_pk)
                .where(Concept.scheme_id != scheme_id)
            )
        )
        incoming = {record.key for record in records}
        removed = [key for key in stored if key not in incoming | cited_elsewhere]
    return _part_changes(stored, records, lambda record: record.key, SourceChange, removed)


def _part_changes(
    stored: dict[str, T],
    records: list[T],
    key: Callable[[T], str],
    change: Callable[[str, Action, T | None, T | None], C],
    removed: list[str],
) -> tuple[C, ...]:
    """The clusters or sources (`change` makes one) the records add or change, in their order,
    then those `removed` (with --prune)."""
    changes = [
        change(
            key(record),
            Action.CHANGE if key(record) in stored else Action.ADD,
            stored.get(key(record)),
            record,
        )
        for record in records
        if stored.get(key(record)) != record
    ]
    changes += [change(name, Action.REMOVE, stored[name], None) for name in removed]
    return tuple(changes)
