"""Look-ups of the stored framework: schemes, clusters, concepts, label resolution.

Every HTML page, JSON endpoint and Skosmos-compatible endpoint reads through these
functions; they differ only in how they serialise the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from glossary.language import LocalizedText, pref_label
from glossary.model_enums import TranslationStatus
from glossary.models import (
    Citation,
    Cluster,
    ClusterMember,
    Concept,
    ConceptMapping,
    ConceptRelation,
    ConceptScheme,
    ConceptTranslation,
    CrossLink,
    Label,
    LabelKind,
    Note,
    RelationKind,
    Source,
)
from glossary.scheme_concepts import scheme_concepts
from glossary.services.revision import current_revision
from glossary.services.revision_cache import revision_cache
from glossary.text import normalize_label


def concept_loader_options() -> list[LoaderOption]:
    """Eager loading for everything a full concept view needs, in a fixed number of queries."""
    return [
        selectinload(Concept.labels),
        selectinload(Concept.notes)
        .selectinload(Note.mentions)
        .selectinload(CrossLink.target)
        .selectinload(Concept.labels),
        selectinload(Concept.translations),
        selectinload(Concept.explanations),
        selectinload(Concept.memberships)
        .selectinload(ClusterMember.cluster)
        .selectinload(Cluster.titles),
        selectinload(Concept.citations).selectinload(Citation.source),
        selectinload(Concept.relations)
        .selectinload(ConceptRelation.object)
        .selectinload(Concept.labels),
        selectinload(Concept.incoming_relations)
        .selectinload(ConceptRelation.subject)
        .selectinload(Concept.labels),
        selectinload(Concept.mappings).selectinload(ConceptMapping.external_labels),
    ]


def _storable(text: str) -> bool:
    """Whether a stored id or label can equal `text`: none holds NUL (the importer refuses
    control characters, and PostgreSQL cannot even compare text with NUL: it raises)."""
    return "\x00" not in text


def get_scheme(session: Session, scheme_id: str) -> ConceptScheme | None:
    return session.get(ConceptScheme, scheme_id)


def list_clusters(session: Session, scheme_id: str) -> list[tuple[Cluster, int]]:
    """Clusters in document order, each with its number of concepts."""
    counts = (
        select(ClusterMember.cluster_pk, func.count(ClusterMember.concept_pk).label("n"))
        .group_by(ClusterMember.cluster_pk)
        .subquery()
    )
    rows = session.execute(
        select(Cluster, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.cluster_pk == Cluster.pk)
        .where(Cluster.scheme_id == scheme_id)
        .options(selectinload(Cluster.titles))
        .order_by(Cluster.position)
    ).all()
    return [(cluster, count) for cluster, count in rows]


def get_cluster(session: Session, scheme_id: str, cluster_id: str) -> Cluster | None:
    if not _storable(cluster_id):
        return None
    return session.scalars(
        select(Cluster)
        .where(Cluster.scheme_id == scheme_id, Cluster.id == cluster_id)
        .options(selectinload(Cluster.titles))
    ).one_or_none()


def cluster_concepts(session: Session, cluster: Cluster) -> list[Concept]:
    """The concepts of a cluster in the cluster's own order."""
    return list(
        session.scalars(
            select(Concept)
            .join(ClusterMember, ClusterMember.concept_pk == Concept.pk)
            .where(ClusterMember.cluster_pk == cluster.pk)
            .options(selectinload(Concept.labels), selectinload(Concept.notes))
            .order_by(ClusterMember.position, Concept.position)
        )
    )


def get_concept(session: Session, scheme_id: str, slug: str) -> Concept | None:
    """A concept by its public id, with everything a full view needs loaded."""
    if not _storable(slug):
        return None
    return session.scalars(
        select(Concept)
        .where(Concept.scheme_id == scheme_id, Concept.slug == slug)
        .options(*concept_loader_options())
    ).one_or_none()


@dataclass(frozen=True)
class Resolution:
    concept: Concept
    label: Label


def resolve_label(
    session: Session,
    scheme_id: str,
    text: str,
    lang: str | None = None,
    *,
    source_language: str,
) -> Resolution | None:
    """The concept a label names (synonym resolution), ignoring case, accents and hyphens.

    The requested language (default: the source language) wins over other languages, then
    preferred labels win over alternative and hidden ones, then the source language.
    """
    key = normalize_label(text)
    if not key or not _storable(key):
        return None
    labels = session.scalars(
        select(Label)
        .where(Label.scheme_id == scheme_id, Label.normalized == key)
        .options(selectinload(Label.concept))
    ).all()
    if not labels:
        return None
    kind_rank = {LabelKind.PREF: 0, LabelKind.ALT: 1, LabelKind.HIDDEN: 2}
    best = min(
        labels,
        key=lambda label: (
            label.lang != (lang or source_language),
            kind_rank[label.kind],
            label.lang != source_language,
            label.pk,
        ),
    )
    return Resolution(best.concept, best)


def content_languages(session: Session, scheme_id: str) -> list[str]:
    """Languages in which the scheme has labels.

    Finding them reads every label (a 100 000-concept framework has 300 000), and nearly every
    request asks (a `lang` parameter is checked against them), so they are kept per data
    revision.
    """
    languages = revision_cache(session, "content_languages", max_entries=16).get(
        current_revision(session), scheme_id, lambda: tuple(_label_languages(session, scheme_id))
    )
    return list(languages)


def _label_languages(session: Session, scheme_id: str) -> list[str]:
    return sorted(
        session.scalars(select(Label.lang).where(Label.scheme_id == scheme_id).distinct())
    )


def reviewed_languages(session: Session, scheme_id: str) -> list[str]:
    """Languages whose concept translations in the scheme are all reviewed (none draft).

    A page shows such a language as its main content without being asked; a draft
    translation is shown only when the visitor picks its language (issue 18: a browser that
    prefers English must not get unreviewed English as the framework's text). Kept per data
    revision, like the content languages.
    """
    languages = revision_cache(session, "reviewed_languages", max_entries=16).get(
        current_revision(session), scheme_id, lambda: tuple(_reviewed(session, scheme_id))
    )
    return list(languages)


def _reviewed(session: Session, scheme_id: str) -> list[str]:
    statuses: dict[str, set[TranslationStatus]] = {}
    for lang, status in session.execute(
        select(ConceptTranslation.lang, ConceptTranslation.status)
        .join(Concept, Concept.pk == ConceptTranslation.concept_pk)
        .where(Concept.scheme_id == scheme_id)
        .distinct()
    ):
        statuses.setdefault(lang, set()).add(status)
    return sorted(lang for lang, seen in statuses.items() if TranslationStatus.DRAFT not in seen)


def members_of_clusters(scheme_id: str, cluster_ids: list[str]) -> Select[int]:
    """The keys of the concepts in any of the scheme's clusters `cluster_ids`."""
    return (
        select(ClusterMember.concept_pk)
        .join(Cluster, Cluster.pk == ClusterMember.cluster_pk)
        .where(Cluster.scheme_id == scheme_id, Cluster.id.in_(cluster_ids))
    )


def count_concepts(session: Session, scheme_id: str) -> int:
    return session.scalar(select(func.count(Concept.pk)).where(Concept.scheme_id == scheme_id)) or 0


@dataclass(frozen=True)
class ConceptListing:
    """One page of a concept listing and what a client needs to page through the rest."""

    concepts: list[Concept]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_concepts(
    session: Session,
    scheme_id: str,
    *,
    cluster_id: str | None = None,
    modified_since: datetime | None = None,
    page: int = 1,
    per_page: int = 50,
) -> ConceptListing:
    """Concepts in framework order, optionally of one cluster or modified after a moment,
    one page at a time, fully loaded."""
    conditions = [Concept.scheme_id == scheme_id]
    if cluster_id is not None:
        conditions.append(Concept.pk.in_(members_of_clusters(scheme_id, [cluster_id])))
    if modified_since is not None:
        conditions.append(Concept.modified_at > modified_since.astimezone(UTC))
    total = session.scalar(select(func.count(Concept.pk)).where(*conditions)) or 0
    offset = (page - 1) * per_page
    if offset >= total:
        # Past the last page: empty, without asking the database for an offset it may not
        # even represent (SQLite and PostgreSQL offsets are 64-bit).
        return ConceptListing([], total, page, per_page)
    found = session.scalars(
        select(Concept)
        .where(*conditions)
        .options(*concept_loader_options())
        .order_by(Concept.position, Concept.pk)
        .limit(per_page)
        .offset(offset)
    ).all()
    return ConceptListing(list(found), total, page, per_page)


def all_concepts(session: Session, scheme_id: str) -> list[Concept]:
    """Every concept of a scheme in framework order, fully loaded (for whole exports)."""
    return scheme_concepts(session, scheme_id, *concept_loader_options())


def concepts_by_slug(session: Session, scheme_id: str, slugs: Iterable[str]) -> list[Concept]:
    """The named concepts of a scheme, fully loaded (a page of results, not the scheme)."""
    wanted = [slug for slug in dict.fromkeys(slugs) if _storable(slug)]
    if not wanted:
        return []
    return list(
        session.scalars(
            select(Concept)
            .where(Concept.scheme_id == scheme_id, Concept.slug.in_(wanted))
            .options(*concept_loader_options())
        )
    )


def labels_by_slug(
    session: Session, scheme_id: str, slugs: Iterable[str], lang: str, fallback: str
) -> dict[str, LocalizedText]:
    """The preferred label of each named concept in `lang` (else `fallback`), by slug: how a
    list that names concepts by id (successors in what's new, a release diff) shows them.
    A slug no concept has any more is absent."""
    return {
        concept.slug: pref_label(concept, lang, (fallback,))
        for concept in concepts_by_slug(session, scheme_id, slugs)
    }


def concepts_with_labels(session: Session, scheme_id: str) -> list[Concept]:
    """Every concept of a scheme in framework order with its labels only (for listings by
    label: a fraction of what loading them fully costs)."""
    return scheme_concepts(session, scheme_id, selectinload(Concept.labels))


def broader_links(session: Session, scheme_id: str) -> list[tuple[str, str]]:
    """Every broader relation of a scheme as (narrower id, broader id): the hierarchy without
    loading a single concept."""
    child, parent = aliased(Concept), aliased(Concept)
    rows = session.execute(
        select(child.slug, parent.slug)
        .join(ConceptRelation, ConceptRelation.subject_pk == child.pk)
        .join(parent, ConceptRelation.object_pk == parent.pk)
        .where(child.scheme_id == scheme_id, ConceptRelation.kind == RelationKind.BROADER)
    )
    return [(narrower, broader) for narrower, broader in rows]


def all_sources(session: Session) -> list[Source]:
    """The whole bibliography in its own order."""
    return list(session.scalars(select(Source).order_by(Source.position)))


def clusters_with_members(
    session: Session, scheme_id: str, concepts: list[Concept]
) -> list[tuple[Cluster, list[Concept]]]:
    """Clusters in document order, each with its members (taken from `concepts`) in order."""
    members: dict[int, list[tuple[int, int, int, Concept]]] = {}
    for concept in concepts:
        for membership in concept.memberships:
            members.setdefault(membership.cluster_pk, []).append(
                (membership.position, concept.position, concept.pk, concept)
            )
    return [
        (cluster, [member[-1] for member in sorted(members.get(cluster.pk, []))])
        for cluster, _ in list_clusters(session, scheme_id)
    ]


def top_concepts(session: Session, scheme_id: str) -> list[Concept]:
    """Concepts without a broader concept: the entry points of the scheme's hierarchy."""
    has_broader = select(ConceptRelation.subject_pk).where(
        ConceptRelation.kind == RelationKind.BROADER
    )
    return list(
        session.scalars(
            select(Concept)
            .where(Concept.scheme_id == scheme_id, Concept.pk.not_in(has_broader))
            .options(selectinload(Concept.labels), selectinload(Concept.incoming_relations))
            .order_by(Concept.position, Concept.pk)
        )
    )


def successors(concept: Concept) -> list[Concept]:
    """The concepts that replaced `concept`, in the editors' order (none unless replaced)."""
    ordered = sorted(concept.relations, key=lambda relation: relation.position)
    return [r.object for r in ordered if r.kind is RelationKind.REPLACED_BY]
