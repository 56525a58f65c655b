"""RDF documents of one cluster and of one source, beside the per-concept ones of skos.py.

Each document stands on its own: the concepts it names are summarised (typed, labelled,
defined, in the scheme) so that it passes NL-SBB without the rest of the framework.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph
from rdflib.namespace import DCTERMS

from glossary.formats.skos import (
    add_cluster,
    add_concept_summary,
    add_scheme,
    add_source,
    new_graph,
)
from glossary.models import Cluster, Concept, ConceptScheme, Source


def cluster_graph(scheme: ConceptScheme, cluster: Cluster, members: Sequence[Concept]) -> Graph:
    """One cluster as an ordered collection, with its members summarised."""
    graph = new_graph()
    scheme_node = add_scheme(graph, scheme)
    add_cluster(graph, cluster, members)
    for member in members:
        add_concept_summary(graph, member, scheme_node)
    return graph


def source_graph(scheme: ConceptScheme, source: Source, citing: Sequence[Concept]) -> Graph:
    """One bibliography entry, with the concepts of the scheme that cite it summarised."""
    graph = new_graph()
    scheme_node = add_scheme(graph, scheme)
    node = add_source(graph, source)
    for concept in citing:
        graph.add((add_concept_summary(graph, concept, scheme_node), DCTERMS.source, node))
    return graph
