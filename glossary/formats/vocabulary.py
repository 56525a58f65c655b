"""The in-house RDF terms (the `bk:` namespace) described as a small RDFS/OWL vocabulary.

The namespace is `…/def/begrippenkader#` beside the concept URIs (the Dutch URI strategy's
/def/ for vocabularies); the service answers the namespace's path with this document, so that
`bk:equivalent` resolves like every other URI the framework uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from glossary.formats.skos import add_publisher, declare_vocabulary, new_graph, vocabulary_namespace

TITLES = {
    "en": "Begrippenkader vocabulary: the in-house terms of the Begrippenkader service",
    "nl": "Begrippenkader-vocabulaire: de eigen termen van de Begrippenkader-dienst",
}
COMMENTS = {
    "en": "Terms the SKOS documents of the Begrippenkader use beside SKOS, Dublin Core, "
    "FOAF and ADMS.",
    "nl": "Termen die de SKOS-documenten van het Begrippenkader gebruiken naast SKOS, "
    "Dublin Core, FOAF en ADMS.",
}


def vocabulary_uri() -> URIRef:
    """The vocabulary itself: the namespace without its final `#`."""
    return URIRef(str(vocabulary_namespace()).rstrip("#"))


def vocabulary_graph() -> Graph:
    """The ontology header and every term of the namespace, each defined by it."""
    graph = new_graph()
    ontology = vocabulary_uri()
    graph.add((ontology, RDF.type, OWL.Ontology))
    for lang, title in TITLES.items():
        graph.add((ontology, DCTERMS.title, Literal(title, lang=lang)))
        graph.add((ontology, RDFS.label, Literal(title, lang=lang)))
    for lang, comment in COMMENTS.items():
        graph.add((ontology, RDFS.comment, Literal(comment, lang=lang)))
    graph.add((ontology, DCTERMS.license, URIRef(current_app.config["GLOSSARY_LICENSE"])))
    graph.add((ontology, DCTERMS.publisher, add_publisher(graph)))
    declare_vocabulary(graph)
    namespace = str(vocabulary_namespace())
    for term in set(graph.subjects()):
        if isinstance(term, URIRef) and str(term).startswith(namespace):
            graph.add((term, RDFS.isDefinedBy, ontology))
    return graph


@dataclass(frozen=True)
class TermView:
    uri: str
    name: str
    label: str
    comment: str
    types: list[str]
    parents: list[str]


@dataclass(frozen=True)
class VocabularyView:
    uri: str
    title: str
    comment: str
    terms: list[TermView]


def _text(graph: Graph, node: URIRef, predicate: URIRef, lang: str) -> str:
    """The `predicate` text of `node` in `lang`, else in English, else any."""
    texts = {
        literal.language: str(literal)
        for literal in graph.objects(node, predicate)
        if isinstance(literal, Literal)
    }
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def vocabulary_page(graph: Graph, lang: str) -> VocabularyView:
    """What the HTML page of the namespace shows, in the UI language where the data has it."""
    ontology = vocabulary_uri()
    namespace = str(vocabulary_namespace())
    terms = [
        TermView(
            uri=str(term),
            name=str(term)[len(namespace) :],
            label=_text(graph, term, RDFS.label, lang),
            comment=_text(graph, term, RDFS.comment, lang),
            types=sorted(graph.qname(str(kind)) for kind in graph.objects(term, RDF.type)),
            parents=sorted(
                graph.qname(str(parent)) for parent in graph.objects(term, RDFS.subPropertyOf)
            ),
        )
        for term in sorted(set(graph.subjects(RDFS.isDefinedBy, ontology)), key=str)
        if isinstance(term, URIRef)
    ]
    return VocabularyView(
        uri=str(ontology),
        title=_text(graph, ontology, DCTERMS.title, lang),
        comment=_text(graph, ontology, RDFS.comment, lang),
        terms=terms,
    )
