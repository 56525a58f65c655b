"""The concept map of a cluster or of the whole framework: which concepts, joined how.

A map is a graph in one content language: its nodes are concepts (and, for mappings, the
concepts of other vocabularies they point to), its edges the five ways the data joins them —
a mention of another concept in a definition (the cross-links found at import), broader
(drawn from the narrower concept to the broader one), related, equivalent, and SKOS
mappings. A cluster's map also shows the concepts of other clusters its own concepts are
joined to, marked as such, since a cluster rarely stands alone.

Everything is in a fixed order (the framework's own), so the same data always gives the
same graph, and with it (glossary/services/map_layout.py) the same drawing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from glossary.language import LocalizedText, cluster_title, pref_label
from glossary.model_enums import NoteKind, RelationKind
from glossary.models import Cluster, ClusterMember, Concept, ConceptMapping, Note
from glossary.scheme_concepts import scheme_concepts
from glossary.services import concepts


class EdgeKind(enum.StrEnum):
    """The kinds of edge, in the order of the legend."""

    MENTION = "mention"
    BROADER = "broader"
    RELATED = "related"
    EQUIVALENT = "equivalent"
    MAPPING = "mapping"


SYMMETRIC_KINDS = frozenset({EdgeKind.RELATED, EdgeKind.EQUIVALENT})
# Kinds whose direction means something (an arrowhead is drawn at the target).
DIRECTED_KINDS = frozenset({EdgeKind.MENTION, EdgeKind.BROADER, EdgeKind.MAPPING})


class NodeKind(enum.StrEnum):
    MEMBER = "member"  # a concept of the cluster (every concept on the framework map)
    OUTSIDE = "outside"  # a concept of another cluster joined to a member
    EXTERNAL = "external"  # a concept of another vocabulary, target of a mapping


@dataclass(frozen=True)
class MapNode:
    """A node; `key` is the concept's slug, or the target's URI for an external node."""

    key: str
    label: LocalizedText
    kind: NodeKind


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    kind: EdgeKind
    # For a mapping: its SKOS kind ("exact_match", …); empty otherwise.
    detail: str = ""


@dataclass(frozen=True)
class ConceptMap:
    """A cluster's map (`cluster_id` set) or the framework's (`cluster_id` None)."""

    title: LocalizedText
    cluster_id: str | None
    lang: str
    nodes: list[MapNode]
    edges: list[MapEdge]
    edge_kinds: list[EdgeKind] = field(default_factory=list)
    node_kinds: list[NodeKind] = field(default_factory=list)

    def node(self, key: str) -> MapNode:
        return next(node for node in self.nodes if node.key == key)

    def edges_from(self, key: str) -> list[MapEdge]:
        return [edge for edge in self.edges if edge.source == key]

    def edges_to(self, key: str) -> list[MapEdge]:
        return [edge for edge in self.edges if edge.target == key]


def _scheme_concepts(session: Session, scheme_id: str) -> list[Concept]:
    return scheme_concepts(
        session,
        scheme_id,
        selectinload(Concept.labels),
        selectinload(Concept.notes).selectinload(Note.mentions),
        selectinload(Concept.relations),
        selectinload(Concept.mappings).selectinload(ConceptMapping.external_labels),
    )


def _cluster_member_pks(session: Session, cluster: Cluster) -> list[int]:
    return list(
        session.scalars(
            select(ClusterMember.concept_pk)
            .where(ClusterMember.cluster_pk == cluster.pk)
            .order_by(ClusterMember.position, ClusterMember.concept_pk)
        )
    )


def _definition_mentions(concept: Concept, lang: str, source_lang: str) -> list[int]:
    """Targets of the mentions in the definition shown in `lang` (else the source language's),
    each once, in reading order: the map draws what the reader of that definition sees."""
    definitions = {note.lang: note for note in concept.notes if note.kind is NoteKind.DEFINITION}
    shown = definitions.get(lang) or definitions.get(source_lang)
    if shown is None:
        return []
    targets: list[int] = []
    for mention in shown.mentions:
        if mention.target_pk not in targets and mention.target_pk != concept.pk:
            targets.append(mention.target_pk)
    return targets


def _external_label(mapping: ConceptMapping, lang: str, source_lang: str) -> LocalizedText:
    labels = {label.lang: label.text for label in mapping.external_labels}
    for candidate in (lang, source_lang):
        if labels.get(candidate):
            return LocalizedText(labels[candidate], candidate, lang)
    if labels:
        first = sorted(labels)[0]
        return LocalizedText(labels[first], first, lang)
    # No fetched label: the end of the address names the concept well enough to tell apart.
    tail = mapping.uri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or mapping.uri
    return LocalizedText(tail, "", lang)


_RELATION_EDGES = {
    RelationKind.BROADER: EdgeKind.BROADER,
    RelationKind.RELATED: EdgeKind.RELATED,
    RelationKind.EQUIVALENT: EdgeKind.EQUIVALENT,
}


def _edges_of(
    concept: Concept, lang: str, source_lang: str, by_pk: dict[int, Concept]
) -> list[MapEdge]:
    edges = [
        MapEdge(concept.slug, by_pk[target].slug, EdgeKind.MENTION)
        for target in _definition_mentions(concept, lang, source_lang)
        if target in by_pk
    ]
    for relation in sorted(concept.relations, key=lambda r: (r.kind.value, r.position)):
        if relation.object_pk in by_pk and relation.kind in _RELATION_EDGES:
            target = by_pk[relation.object_pk].slug
            edges.append(MapEdge(concept.slug, target, _RELATION_EDGES[relation.kind]))
    for mapping in sorted(concept.mappings, key=lambda m: (m.position, m.kind.value, m.uri)):
        edges.append(MapEdge(concept.slug, mapping.uri, EdgeKind.MAPPING, mapping.kind.value))
    return edges


class _Edges(list[MapEdge]):
    """Edges in the order found, each once; a symmetric edge (related, equivalent) both
    concepts declare is one edge."""

    def add(self, edge: MapEdge) -> None:
        reverse = MapEdge(edge.target, edge.source, edge.kind, edge.detail)
        if edge in self or (edge.kind in SYMMETRIC_KINDS and reverse in self):
            return
        self.append(edge)


def _build(
    title: LocalizedText,
    cluster_id: str | None,
    all_concepts: list[Concept],
    member_pks: list[int],
    lang: str,
    source_lang: str,
) -> ConceptMap:
    by_pk = {concept.pk: concept for concept in all_concepts}
    members = [by_pk[pk] for pk in member_pks if pk in by_pk]
    member_slugs = {concept.slug for concept in members}
    edges = _Edges()
    externals: dict[str, LocalizedText] = {}
    for concept in members:
        for edge in _edges_of(concept, lang, source_lang, by_pk):
            edges.add(edge)
        for mapping in concept.mappings:
            externals.setdefault(mapping.uri, _external_label(mapping, lang, source_lang))
    # Edges into the cluster from concepts of other clusters, so a cluster map shows both
    # directions of its ties.
    if cluster_id is not None:
        for concept in all_concepts:
            if concept.slug in member_slugs:
                continue
            for edge in _edges_of(concept, lang, source_lang, by_pk):
                if edge.target in member_slugs:
                    edges.add(edge)
    fallbacks = (source_lang,)
    nodes = [MapNode(c.slug, pref_label(c, lang, fallbacks), NodeKind.MEMBER) for c in members]
    joined = {edge.source for edge in edges} | {edge.target for edge in edges}
    nodes += [
        MapNode(c.slug, pref_label(c, lang, fallbacks), NodeKind.OUTSIDE)
        for c in all_concepts
        if c.slug in joined and c.slug not in member_slugs
    ]
    nodes += [MapNode(uri, label, NodeKind.EXTERNAL) for uri, label in externals.items()]
    present_edges = {edge.kind for edge in edges}
    present_nodes = {node.kind for node in nodes}
    return ConceptMap(
        title=title,
        cluster_id=cluster_id,
        lang=lang,
        nodes=nodes,
        edges=list(edges),
        edge_kinds=[kind for kind in EdgeKind if kind in present_edges],
        node_kinds=[kind for kind in NodeKind if kind in present_nodes],
    )


def cluster_map(
    session: Session, scheme_id: str, cluster_id: str, lang: str, source_lang: str
) -> ConceptMap | None:
    """The map of one cluster in `lang`; None when the cluster does not exist.

    Labels fall back to `source_lang` (as everywhere on the pages) where a concept has no
    label in `lang`.
    """
    cluster = concepts.get_cluster(session, scheme_id, cluster_id)
    if cluster is None:
        return None
    return _build(
        cluster_title(cluster, lang, (source_lang,)),
        cluster.id,
        _scheme_concepts(session, scheme_id),
        _cluster_member_pks(session, cluster),
        lang,
        source_lang,
    )


def framework_map(
    session: Session, scheme_id: str, lang: str, source_lang: str, title: LocalizedText
) -> ConceptMap:
    """The map of every concept of the scheme, in the framework's order."""
    all_concepts = _scheme_concepts(session, scheme_id)
    return _build(title, None, all_concepts, [c.pk for c in all_concepts], lang, source_lang)


class Tie(enum.StrEnum):
    """How a concept is joined to others, read from that concept: an edge's own kind from its
    source, its inverse from its target (the map as a list names both ends)."""

    MENTIONS = "mentions"
    MENTIONED_BY = "mentioned_by"
    BROADER = "broader"
    NARROWER = "narrower"
    RELATED = "related"
    EQUIVALENT = "equivalent"
    MATCHES = "matches"


_FORWARD = {
    EdgeKind.MENTION: Tie.MENTIONS,
    EdgeKind.BROADER: Tie.BROADER,
    EdgeKind.RELATED: Tie.RELATED,
    EdgeKind.EQUIVALENT: Tie.EQUIVALENT,
    EdgeKind.MAPPING: Tie.MATCHES,
}
_BACKWARD = {
    EdgeKind.MENTION: Tie.MENTIONED_BY,
    EdgeKind.BROADER: Tie.NARROWER,
    EdgeKind.RELATED: Tie.RELATED,
    EdgeKind.EQUIVALENT: Tie.EQUIVALENT,
}


@dataclass(frozen=True)
class ListedConcept:
    """A concept of the map as a list: its node and its ties, each with the nodes at the
    other end, in the order of the map."""

    node: MapNode
    ties: list[tuple[Tie, list[MapNode]]]


def as_list(concept_map: ConceptMap) -> list[ListedConcept]:
    """The map as a list of its own concepts (not those of other clusters or vocabularies),
    each with every edge it has, so the list holds every edge of the map: for screen readers,
    small screens and anyone who prefers reading to looking."""
    listed = []
    for node in concept_map.nodes:
        if node.kind is not NodeKind.MEMBER:
            continue
        ties: dict[Tie, list[MapNode]] = {}
        for edge in concept_map.edges:
            if edge.source == node.key:
                tie, other = _FORWARD[edge.kind], edge.target
            elif edge.target == node.key and edge.kind in _BACKWARD:
                tie, other = _BACKWARD[edge.kind], edge.source
            else:
                continue
            others = ties.setdefault(tie, [])
            if all(existing.key != other for existing in others):
                others.append(concept_map.node(other))
        listed.append(ListedConcept(node, [(tie, ties[tie]) for tie in Tie if tie in ties]))
    return listed
