"""Applying an import plan: rows, clusters, sources, cross-links and the revision bump."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.data_revision import Revision, bump_revision
from glossary.importing.cluster_places import rank_cluster_members
from glossary.importing.plan import Action, ChangePlan
from glossary.importing.relink import concepts_citing, prepare, relink
from glossary.importing.stored_records import concepts_by_pk, concepts_written, stored_places
from glossary.model_enums import (
    ChangeKind,
    ConceptStatus,
    ExplanationStatus,
    LabelKind,
    MappingKind,
    NoteKind,
    RelationKind,
    TranslationStatus,
)
from glossary.models import (
    ChangeLogEntry,
    Citation,
    Cluster,
    ClusterMember,
    ClusterTitle,
    Concept,
    ConceptExplanation,
    ConceptMapping,
    ConceptRelation,
    ConceptScheme,
    ConceptTranslation,
    CrossLink,
    Label,
    Note,
    SchemeText,
    Source,
)
from glossary.records import (
    SOURCE_FIELDS,
    ConceptRecord,
)
from glossary.text import normalize_label
from glossary.timeutil import utcnow


@dataclass(frozen=True)
class Applied:
    """What applying a plan did beyond the plan itself."""

    revision: Revision
    # concepts whose own record is unchanged but that show a changed neighbour, source or
    # cluster: modified now and logged as changed
    changed_through: tuple[str, ...]


def apply_plan(
    session: Session, plan: ChangePlan, before_commit: Callable[[Applied], None] | None = None
) -> Applied | None:
    """Write a plan in one transaction: the records, the cluster places, the cross-links,
    the change log and the revision bump; None when the plan changes nothing.
    `before_commit` adds the caller's writes (the published versions) to the transaction.
    Any exception rolls the whole transaction back.
    """
    if not plan.has_changes:
        return None
    try:
        applied = _apply(session, plan)
        if before_commit is not None:
            before_commit(applied)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return applied


def _apply(session: Session, plan: ChangePlan) -> Applied:
    now = utcnow()
    revision = bump_revision(session)
    _apply_scheme(session, plan, now)
    before = _Embeddings.read(session, plan.scheme_id)
    relinking = prepare(session, plan)
    renamed = _renamed(session, plan)
    clusters = _apply_clusters(session, plan)
    sources = _apply_sources(session, plan)
    stored = stored_places(session, plan.scheme_id)
    existing = concepts_written(session, plan, stored)

    # One flush for every removal: deleting a concept lazy-loads its incoming relations, and
    # an autoflush there would delete a relation between two removed concepts while the other
    # concept's loaded collection still holds it, to be deleted again ("0 were matched").
    with session.no_autoflush:
        for slug in plan.removed:
            session.delete(existing.pop(slug))
        for slug in plan.changed:
            _clear_concept(existing[slug])
    rewritten = set(plan.added) | set(plan.changed)
    session.flush()

    records = {record.slug: record for record in plan.framework.concepts}
    moved = False  # a stored concept changes place: every cluster's places are ranked again
    for position, record in enumerate(plan.framework.concepts):
        concept = existing.get(record.slug)
        moved = moved or (record.slug in stored and stored[record.slug][1] != position)
        if concept is None and record.slug in stored:
            continue  # neither rewritten nor moved: not loaded, nothing to write
        if concept is None:
            concept = Concept(scheme_id=plan.scheme_id, slug=record.slug, created_at=now)
            session.add(concept)
            existing[record.slug] = concept
        concept.position = position
        if record.slug in rewritten:
            concept.modified_at = now
            concept.content_changed_at = now
            _fill_concept(concept, record, plan.scheme_id, clusters, sources)
    # Relations are attached before the concepts are flushed: the collections of new and
    # cleared concepts are then in memory, where a flushed new concept's collection would be
    # lazy-loaded with an autoflush of the whole session, once per concept (quadratic).
    with session.no_autoflush:
        for slug in rewritten:
            concept = existing[slug]
            for kind, targets in records[slug].relation_targets().items():
                for position, target in enumerate(targets):
                    concept.relations.append(
                        ConceptRelation(
                            kind=RelationKind(kind), object=existing[target], position=position
                        )
                    )
    session.flush()
    ranked = None if moved or plan.clusters else plan.clusters_of_concepts
    rank_cluster_members(session, plan.scheme_id, ranked)
    relink(session, plan, relinking)

    removed = set(plan.removed)
    slugs = {pk: slug for slug, (pk, _) in stored.items() if slug not in removed}
    slugs |= {existing[slug].pk: slug for slug in plan.added}
    changed_through = _mark_changed_through(session, plan, before, renamed, slugs, now)
    _log_changes(session, plan, changed_through, revision, now)
    return Applied(revision, tuple(changed_through))


def _apply_scheme(session: Session, plan: ChangePlan, now: datetime) -> None:
    """Create the scheme when it is new; write its texts."""
    scheme = session.get(ConceptScheme, plan.scheme_id)
    if scheme is None:
        scheme = ConceptScheme(id=plan.scheme_id, created_at=now)
        session.add(scheme)
    scheme.modified_at = now
    statuses = plan.scheme.translation_status
    scheme.texts = [
        SchemeText(
            field=field_name,
            lang=lang,
            value=value,
            status=TranslationStatus(statuses.get(lang, TranslationStatus.SOURCE.value)),
        )
        for (field_name, lang), value in sorted(plan.scheme.texts.items())
    ]
    session.flush()


def _log_changes(
    session: Session,
    plan: ChangePlan,
    changed_through: list[str],
    revision: Revision,
    now: datetime,
) -> None:
    """One change-log entry per concept added, changed (itself or through others), removed."""
    for slug, change in (
        *((slug, ChangeKind.ADDED) for slug in plan.added),
        *((slug, ChangeKind.CHANGED) for slug in (*plan.changed, *changed_through)),
        *((slug, ChangeKind.REMOVED) for slug in plan.removed),
    ):
        session.add(
            ChangeLogEntry(
                scheme_id=plan.scheme_id,
                revision=revision.number,
                concept_slug=slug,
                change=change,
                changed_at=now,
            )
        )
    session.flush()


def _renamed(session: Session, plan: ChangePlan) -> set[int]:
    """The changed concepts whose preferred labels change: others show those labels."""
    if not plan.changed:
        return set()
    stored: dict[str, tuple[int, dict[str, str]]] = {}
    for slug, pk, lang, text in session.execute(
        select(Concept.slug, Concept.pk, Label.lang, Label.text)
        .join(Label, Label.concept_pk == Concept.pk)
        .where(Concept.scheme_id == plan.scheme_id, Label.kind == LabelKind.PREF)
    ):
        stored.setdefault(slug, (pk, {}))[1][lang] = text
    changed = set(plan.changed)
    return {
        stored[record.slug][0]
        for record in plan.framework.concepts
        if record.slug in changed
        and stored[record.slug][1] != {lang: labels.pref for lang, labels in record.labels.items()}
    }


def _mark_changed_through(
    session: Session,
    plan: ChangePlan,
    before: _Embeddings,
    renamed: set[int],
    slugs: dict[int, str],
    now: datetime,
) -> list[str]:
    """A partner's copy of a concept is stale when what it shows of others changed, even if
    its own row did not: a new mention, an inverse relation, a renamed related concept, a
    corrected source or cluster title. Such concepts are modified now and logged as changed.
    """
    after = _Embeddings.read(session, plan.scheme_id)
    stale = (
        before.differences(after)
        | after.showing(renamed)
        | concepts_citing(session, plan.sources_changed)
        | _members(session, plan.scheme_id, plan.clusters_changed)
    )
    rewritten = {*plan.added, *plan.changed}
    marked = [pk for pk, slug in slugs.items() if pk in stale and slug not in rewritten]
    for concept in concepts_by_pk(session, marked):
        concept.modified_at = now
    return [slugs[pk] for pk in marked]


@dataclass(frozen=True)
class _Embeddings:
    """What a concept's representation shows of other concepts: its relations in both
    directions (narrower is the inverse of broader) and the concepts its notes mention."""

    views: dict[int, frozenset[tuple[str, str, int]]]
    links: dict[int, frozenset[int]]

    @classmethod
    def read(cls, session: Session, scheme_id: str) -> _Embeddings:
        in_scheme = select(Concept.pk).where(Concept.scheme_id == scheme_id)
        views: dict[int, set[tuple[str, str, int]]] = {}
        for subject, kind, obj in session.execute(
            select(
                ConceptRelation.subject_pk, ConceptRelation.kind, ConceptRelation.object_pk
            ).where(ConceptRelation.subject_pk.in_(in_scheme))
        ):
            views.setdefault(subject, set()).add((kind.value, "to", obj))
            views.setdefault(obj, set()).add((kind.value, "from", subject))
        links: dict[int, set[int]] = {}
        for concept_pk, target_pk in session.execute(
            select(Note.concept_pk, CrossLink.target_pk)
            .join(CrossLink, CrossLink.note_pk == Note.pk)
            .where(Note.concept_pk.in_(in_scheme))
        ):
            links.setdefault(concept_pk, set()).add(target_pk)
        return cls(
            {pk: frozenset(view) for pk, view in views.items()},
            {pk: frozenset(targets) for pk, targets in links.items()},
        )

    def showing(self, pks: set[int]) -> set[int]:
        """Concepts whose representation names one of `pks`."""
        if not pks:
            return set()
        found = {pk for pk, view in self.views.items() if any(o in pks for _, _, o in view)}
        return found | {pk for pk, targets in self.links.items() if targets & pks}

    def differences(self, other: _Embeddings) -> set[int]:
        """Concepts that show other relations or mentions in `other` than here."""
        return {
            pk
            for mine, theirs in ((self.views, other.views), (self.links, other.links))
            for pk in mine.keys() | theirs.keys()
            if mine.get(pk) != theirs.get(pk)
        }


def _members(session: Session, scheme_id: str, cluster_ids: list[str]) -> set[int]:
    if not cluster_ids:
        return set()
    return set(
        session.scalars(
            select(ClusterMember.concept_pk)
            .join(Cluster, Cluster.pk == ClusterMember.cluster_pk)
            .where(Cluster.scheme_id == scheme_id, Cluster.id.in_(cluster_ids))
        )
    )


def _apply_clusters(session: Session, plan: ChangePlan) -> dict[str, Cluster]:
    """Write the scheme's clusters; return them by id, with their keys assigned."""
    stored = {
        c.id: c for c in session.scalars(select(Cluster).where(Cluster.scheme_id == plan.scheme_id))
    }
    for record in plan.framework.clusters:
        cluster = stored.get(record.id)
        if cluster is None:
            cluster = Cluster(id=record.id, scheme_id=plan.scheme_id)
            session.add(cluster)
            stored[record.id] = cluster
        cluster.position = record.position
        cluster.titles = [
            ClusterTitle(
                lang=lang,
                title=title,
                status=TranslationStatus(
                    record.translation_status.get(lang, TranslationStatus.SOURCE.value)
                ),
            )
            for lang, title in sorted(record.titles.items())
        ]
    for change in plan.clusters:
        if change.action is Action.REMOVE:
            session.delete(stored.pop(change.id))
    session.flush()
    return stored


def _apply_sources(session: Session, plan: ChangePlan) -> dict[str, Source]:
    stored = {source.key: source for source in session.scalars(select(Source))}
    for position, record in enumerate(plan.framework.sources):
        source = stored.get(record.key)
        if source is None:
            source = Source(key=record.key)
            session.add(source)
            stored[record.key] = source
        for name in SOURCE_FIELDS:
            setattr(source, name, getattr(record, name))
        source.position = position
    for change in plan.sources:
        if change.action is Action.REMOVE:
            session.delete(stored.pop(change.key))
    session.flush()
    return stored


def _clear_concept(concept: Concept) -> None:
    concept.labels.clear()
    concept.notes.clear()
    concept.translations.clear()
    concept.explanations.clear()
    concept.memberships.clear()
    concept.citations.clear()
    concept.relations.clear()
    concept.mappings.clear()


def _fill_concept(
    concept: Concept,
    record: ConceptRecord,
    scheme_id: str,
    clusters: dict[str, Cluster],
    sources: dict[str, Source],
) -> None:
    concept.status = ConceptStatus(record.status)
    concept.valid_from = date.fromisoformat(record.valid_from) if record.valid_from else None
    concept.valid_until = date.fromisoformat(record.valid_until) if record.valid_until else None
    position = 0
    for lang, labels in record.labels.items():
        entries = [(LabelKind.PREF, labels.pref)]
        entries += [(LabelKind.ALT, text) for text in labels.alt]
        entries += [(LabelKind.HIDDEN, text) for text in labels.hidden]
        for kind, text in entries:
            concept.labels.append(
                Label(
                    scheme_id=scheme_id,
                    lang=lang,
                    kind=kind,
                    text=text,
                    normalized=normalize_label(text),
                    position=position,
                )
            )
            position += 1
    for position, ((note_kind, lang), text) in enumerate(record.notes.items()):
        concept.notes.append(
            Note(lang=lang, kind=NoteKind(note_kind), text=text, position=position)
        )
    for lang in record.labels:
        translation = record.translation_status.get(lang, TranslationStatus.SOURCE.value)
        concept.translations.append(
            ConceptTranslation(lang=lang, status=TranslationStatus(translation))
        )
    for lang, text in record.explanations.items():
        review = ExplanationStatus(record.explanation_status[lang])
        concept.explanations.append(ConceptExplanation(lang=lang, text=text, status=review))
    for cluster_id in record.clusters:
        concept.memberships.append(
            ClusterMember(
                cluster_pk=clusters[cluster_id].pk,
                fixed_position=record.cluster_positions.get(cluster_id),
            )
        )
    for position, key in enumerate(record.sources):
        concept.citations.append(Citation(source=sources[key], position=position))
    for mapping_kind, uris in record.mappings.items():
        for position, uri in enumerate(uris):
            concept.mappings.append(
                ConceptMapping(kind=MappingKind(mapping_kind), uri=uri, position=position)
            )
