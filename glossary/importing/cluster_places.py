"""A concept's place in each of its clusters, derived after every write of the scheme."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.models import Cluster, ClusterMember, Concept


def rank_cluster_members(
    session: Session, scheme_id: str, cluster_ids: Collection[str] | None = None
) -> None:
    """Give every concept its place in each of its clusters (`cluster_ids`: in those only).

    A concept that asked for a place gets it; the others fill the free places in file order.
    Places are derived for a whole cluster, since one concept's place moves the others.
    """
    query = select(ClusterMember, Concept.position).join(
        Concept, Concept.pk == ClusterMember.concept_pk
    )
    if cluster_ids is not None:
        query = query.join(Cluster, Cluster.pk == ClusterMember.cluster_pk).where(
            Cluster.id.in_(sorted(cluster_ids))
        )
    members = session.execute(
        query.where(Concept.scheme_id == scheme_id).order_by(
            ClusterMember.cluster_pk, Concept.position, Concept.pk
        )
    ).all()
    by_cluster: dict[int, list[ClusterMember]] = {}
    for member, _ in members:
        by_cluster.setdefault(member.cluster_pk, []).append(member)
    for cluster_members in by_cluster.values():
        places: list[ClusterMember | None] = [None] * len(cluster_members)
        following = []
        for member in cluster_members:
            place = member.fixed_position
            if place is not None and place <= len(places) and places[place - 1] is None:
                places[place - 1] = member
            else:
                following.append(member)
        free = iter(following)
        for index, placed in enumerate(places):
            (placed if placed is not None else next(free)).position = index + 1
    session.flush()
