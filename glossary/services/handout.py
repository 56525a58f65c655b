"""Handouts: a chosen set of concepts (or a whole cluster) for printing.

Each concept is shown through the same view as its concept page (`concept_view.concept_page`),
so a handout always carries the current definitions, their language fallback markers and
their sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.language import LocalizedText, pref_label, shown_cluster_title
from glossary.models import ClusterMember, Concept
from glossary.services import concepts
from glossary.services.concept_view import ConceptLink, ConceptPage, concept_page
from glossary.services.embed import concept_slug

# More concepts than the framework holds would only make a long URL fail late.
MAX_HANDOUT_CONCEPTS = 500


@dataclass(frozen=True)
class ClusterChoices:
    """A cluster on the handout form, with the concepts it offers to choose from."""

    id: str
    title: LocalizedText
    concepts: list[ConceptLink]


@dataclass(frozen=True)
class Handout:
    lang: str
    cluster_title: LocalizedText | None
    concepts: list[ConceptPage]
    unknown: list[str]


def handout_choices(session: Session, scheme_id: str, lang: str) -> list[ClusterChoices]:
    """Every cluster with its concepts, in document order, for the handout form."""
    return [
        ClusterChoices(
            cluster.id,
            shown_cluster_title(cluster, lang),
            [
                ConceptLink(concept.slug, pref_label(concept, lang))
                for concept in concepts.cluster_concepts(session, cluster)
            ],
        )
        for cluster, _count in concepts.list_clusters(session, scheme_id)
    ]


def _load(session: Session, scheme_id: str, slugs: Sequence[str]) -> list[Concept]:
    return list(
        session.scalars(
            select(Concept)
            .where(Concept.scheme_id == scheme_id, Concept.slug.in_(slugs))
            .options(*concepts.concept_loader_options())
            .order_by(Concept.position)
        )
    )


def build_handout(
    session: Session,
    scheme_id: str,
    lang: str,
    source_lang: str,
    ids: Sequence[str] = (),
    cluster_id: str | None = None,
) -> Handout | None:
    """The concepts named by `ids` (ids or labels) and/or the members of a cluster.

    Concepts appear once each, in the framework's order. Returns None when the cluster does
    not exist; ids that name no concept are listed in `unknown`.
    """
    slugs: list[str] = []
    unknown: list[str] = []
    title = None
    if cluster_id is not None:
        cluster = concepts.get_cluster(session, scheme_id, cluster_id)
        if cluster is None:
            return None
        title = shown_cluster_title(cluster, lang)
        slugs.extend(
            session.scalars(
                select(Concept.slug)
                .join(ClusterMember, ClusterMember.concept_pk == Concept.pk)
                .where(ClusterMember.cluster_pk == cluster.pk)
            )
        )
    for wanted in ids[:MAX_HANDOUT_CONCEPTS]:
        slug = concept_slug(session, scheme_id, wanted, lang, source_lang)
        if slug is None:
            unknown.append(wanted)
        else:
            slugs.append(slug)
    chosen = _load(session, scheme_id, sorted(set(slugs)))
    return Handout(
        lang=lang,
        cluster_title=title,
        concepts=[concept_page(concept, lang, source_lang) for concept in chosen],
        unknown=unknown,
    )
