"""Removing a cluster or a source through review: what the change plan of a removal is, why
it is refused, and the version that closes the part's history.

A removal is a draft like any other (`parts.propose_removal`), so it is submitted, approved
by another person or rejected. It is refused, located at `remove`, while concepts still
need the part: a source cited by a concept (in any scheme: the bibliography is shared), a
cluster with member concepts; the problem names them, for the editor to change them first.
Approval writes the importer's plan with the part's REMOVE change (the action a `--prune`
import plans), so the removal is one transaction and one data revision, with a "removed"
version in the part's history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.editing.errors import DraftInvalid
from glossary.editing.part_json import CLUSTER, SOURCE, PartRecord
from glossary.editing.version_rows import Provenance, record_part_versions
from glossary.formats.csvfile import Problem
from glossary.importing import FrameworkInvalid, Rules, plan_change
from glossary.importing.apply import Applied
from glossary.importing.plan import Action, ChangePlan, ClusterChange, SourceChange
from glossary.models import Citation, Cluster, ClusterMember, Concept, Source
from glossary.records import ClusterRecord, Framework, SourceRecord

REMOVABLE = (CLUSTER, SOURCE)
# Concepts a refusal names at most; the rest are counted.
NAMED = 20


def _needing(session: Session, scheme_id: str, kind: str, key: str) -> list[str]:
    """The concepts that still need the part: a cluster's members, a source's citers."""
    if kind == CLUSTER:
        statement = (
            select(Concept.slug)
            .join(ClusterMember, ClusterMember.concept_pk == Concept.pk)
            .join(Cluster, Cluster.pk == ClusterMember.cluster_pk)
            .where(Cluster.scheme_id == scheme_id, Cluster.id == key)
        )
    else:
        statement = (
            select(Concept.slug)
            .join(Citation, Citation.concept_pk == Concept.pk)
            .join(Source, Source.pk == Citation.source_pk)
            .where(Source.key == key)
        )
    return sorted(set(session.scalars(statement)))


def removal_problems(session: Session, scheme_id: str, kind: str, key: str) -> list[Problem]:
    """Why the part cannot be removed now (none: it can), located at `remove`."""
    path = f"/{kind}s/{key}"
    if kind not in REMOVABLE:
        return [Problem(path, 0, "remove", "only a cluster or a source can be removed")]
    slugs = _needing(session, scheme_id, kind, key)
    if not slugs:
        return []
    named = ", ".join(slugs[:NAMED]) + (
        f" and {len(slugs) - NAMED} more" if len(slugs) > NAMED else ""
    )
    why = (
        f"the cluster still has member concepts: {named}; take them out of it first"
        if kind == CLUSTER
        else f"the source is still cited by concepts: {named}; remove the citations first"
    )
    return [Problem(path, 0, "remove", why)]


def plan_removal(
    session: Session, scheme_id: str, before: PartRecord, key: str, rules: Rules
) -> ChangePlan:
    """The importer's plan that removes the part: the stored framework without it, and the
    part's REMOVE change. Refused (DraftInvalid, located) while concepts need it."""
    kind = CLUSTER if isinstance(before, ClusterRecord) else SOURCE
    problems = removal_problems(session, scheme_id, kind, key)
    if problems:
        raise DraftInvalid(problems)
    try:
        stored = plan_change(session, scheme_id, Framework([], [], []), rules)
    except FrameworkInvalid as invalid:
        raise DraftInvalid(invalid.problems) from None
    framework = stored.framework
    if isinstance(before, ClusterRecord):
        clusters = [record for record in framework.clusters if record.id != key]
        return replace(
            stored,
            framework=replace(framework, clusters=clusters),
            clusters=(ClusterChange(key, Action.REMOVE, before, None),),
        )
    assert isinstance(before, SourceRecord)
    sources = [record for record in framework.sources if record.key != key]
    return replace(
        stored,
        framework=replace(framework, sources=sources),
        sources=(SourceChange(key, Action.REMOVE, before, None),),
    )


def record_removal(
    session: Session, scheme_id: str, before: PartRecord, key: str, provenance: Provenance
) -> Callable[[Applied], None]:
    """The write that joins the removal's transaction: the version closing the history."""
    kind = CLUSTER if isinstance(before, ClusterRecord) else SOURCE

    def write(applied: Applied) -> None:
        revision = applied.revision
        changes = [(kind, key, before, before)]
        record_part_versions(
            session, scheme_id, changes, revision.number, revision.changed_at, provenance, True
        )

    return write
