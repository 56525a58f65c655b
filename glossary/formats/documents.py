"""RDF documents of one cluster and of one source, beside the per-concept ones of skos.py.

Each document stands on its own: the concepts it names are summarised (typed, labelled,
defined, in the scheme) so that it passes NL-SBB without the rest of the framework.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from glossary.formats.json import related_concepts
from glossary.formats.skos import (
    add_cluster,
    add_concept_summary,
    add_scheme,
    add_source,
    new_graph,
)
from glossary.models import Cluster, Concept, ConceptScheme, Source


def _add_placed_summary(graph: Graph, concept: Concept, scheme: URIRef) -> URIRef:
    """A concept summarised and placed in the hierarchy: top concept of the scheme, or
    narrower than its (summarised) broader concepts, so that NL-SBB does not find it
    orphaned in a document that is not about it."""
    node = add_concept_summary(graph, concept, scheme)
    broader = related_concepts(concept)["broader"]
    if not broader:
        graph.add((node, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, node))
    for parent in broader:
        graph.add((node, SKOS.broader, add_concept_summary(graph, parent, scheme)))
    return node


def cluster_graph(scheme: ConceptScheme, cluster: Cluster, members: Sequence[Concept]) -> Graph:
    """One cluster as an ordered collection, with its members summarised and placed."""
    graph = new_graph()
    scheme_node = add_scheme(graph, scheme)
    add_cluster(graph, cluster, members)
    for member in members:
        _add_placed_summary(graph, member, scheme_node)
    return graph


def source_graph(scheme: ConceptScheme, source: Source, citing: Sequence[Concept]) -> Graph:
    """One bibliography entry, with the concepts of the scheme that cite it summarised."""
    graph = new_graph()
    scheme_node = add_scheme(graph, scheme)
    node = add_source(graph, source)
    for concept in citing:
        graph.add((_add_placed_summary(graph, concept, scheme_node), DCTERMS.source, node))
    return graph
