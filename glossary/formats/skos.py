"""The framework as SKOS following the Dutch NL-SBB application profile, built with rdflib.

Modelling decisions (documented for partners in docs/api.md):
- the concept scheme carries `dct:title` / `dct:description` per language; concepts without a
  broader concept are its top concepts (`skos:topConceptOf` / `skos:hasTopConcept`);
- every cluster is a `skos:Collection` that is also a `skos:OrderedCollection`: `skos:member`
  for clients that know only collections, `skos:memberList` for the cluster's own order;
- definitions and other notes are plain text (the Markdown rendered without markup), tagged
  with their language;
- an equivalence between two concepts of this scheme is not a `skos:exactMatch` (NL-SBB
  forbids mapping relations inside one scheme): it is `skos:related`, refined by our own
  sub-property `bk:equivalent` so a client that knows it can tell the two apart;
- a document of one concept summarises its neighbours (type, scheme, preferred labels,
  definitions), so it passes NL-SBB on its own; sources are `foaf:Document` and
  `dct:BibliographicResource`; the scheme states licence, publisher, issued and modified;
- the status is `adms:status` (valid: Completed; replaced, retired: Deprecated, with
  `owl:deprecated true`); a replaced concept names its successors with `dct:isReplacedBy`,
  the successor the concepts it replaces with `dct:replaces`; the validity dates are
  `schema:validFrom` / `schema:validThrough` (xsd:date); the
  status of a translation is a `skos:changeNote` in the translated language;
- the plain-language explanation is NL-SBB's "uitleg", `rdfs:comment` (B1, understandable
  without further context), one per language; its review status is a `skos:changeNote`
  "explanation status: draft" in that language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urljoin

from flask import current_app
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from glossary.formats import context
from glossary.formats.json import related_concepts
from glossary.formats.markdown import render_plain
from glossary.models import (
    Cluster,
    Concept,
    ConceptScheme,
    ConceptStatus,
    LabelKind,
    MappingKind,
    NoteKind,
    Source,
    TranslationStatus,
)
from glossary.timeutil import as_utc
from glossary.urls import concept_uri

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

ADMS = Namespace("http://www.w3.org/ns/adms#")
ADMS_STATUS = Namespace("http://purl.org/adms/status/")
SCHEMA = Namespace("https://schema.org/")

# format name → (rdflib serializer, media type, file extension)
RDF_FORMATS: dict[str, tuple[str, str, str]] = {
    "ttl": ("turtle", "text/turtle", "ttl"),
    "jsonld": ("json-ld", "application/ld+json", "jsonld"),
    "rdf": ("xml", "application/rdf+xml", "rdf"),
}

LABEL_PROPERTIES = {
    LabelKind.PREF: SKOS.prefLabel,
    LabelKind.ALT: SKOS.altLabel,
    LabelKind.HIDDEN: SKOS.hiddenLabel,
}
NOTE_PROPERTIES = {
    NoteKind.DEFINITION: SKOS.definition,
    NoteKind.SCOPE_NOTE: SKOS.scopeNote,
    NoteKind.EXAMPLE: SKOS.example,
    NoteKind.EDITORIAL_NOTE: SKOS.editorialNote,
}
# Mappings name concepts of other vocabularies only (NL-SBB: never inside one scheme).
MAPPING_PROPERTIES = {
    MappingKind.EXACT: SKOS.exactMatch,
    MappingKind.CLOSE: SKOS.closeMatch,
    MappingKind.BROAD: SKOS.broadMatch,
    MappingKind.NARROW: SKOS.narrowMatch,
    MappingKind.RELATED: SKOS.relatedMatch,
}
PREFIXES = {
    "skos": SKOS,
    "dct": DCTERMS,
    "foaf": FOAF,
    "owl": OWL,
    "rdfs": RDFS,
    "adms": ADMS,
    "xsd": XSD,
    "schema": SCHEMA,
}
STATUS_URIS = {
    ConceptStatus.VALID: ADMS_STATUS.Completed,
    ConceptStatus.REPLACED: ADMS_STATUS.Deprecated,
    ConceptStatus.RETIRED: ADMS_STATUS.Deprecated,
}


def _beside_concepts(path: str) -> str:
    """`path` resolved beside the concepts' base: `…/id/begrip/` or `…/id/begrip#` → `…/id/path`.

    The base ends in "/" or "#" (checked at start-up); without that last character it names
    the concepts' folder, whose siblings are the scheme, the collections and the sources.
    """
    base = str(current_app.config["GLOSSARY_BASE_URI"])
    return urljoin(base[:-1], path)


def scheme_uri(scheme_id: str) -> URIRef:
    """`…/id/begrippenkader/<id>` beside the concepts' `…/id/begrip/` base."""
    return URIRef(_beside_concepts(f"begrippenkader/{scheme_id}"))


def collection_uri(cluster_id: str) -> URIRef:
    return URIRef(_beside_concepts(f"collectie/{cluster_id}"))


def source_uri(key: str) -> URIRef:
    return URIRef(_beside_concepts(f"bron/{key}"))


def vocabulary_namespace() -> Namespace:
    """Our own terms (only `equivalent`), under `…/def/begrippenkader#` per the NL URI strategy."""
    return Namespace(_beside_concepts("../def/begrippenkader") + "#")


def _source_language() -> str:
    return str(current_app.config["GLOSSARY_LANGUAGES"][0])


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    graph.bind("bk", vocabulary_namespace(), replace=True)
    return graph


def _timestamp(value: object) -> Literal:
    return Literal(as_utc(value).isoformat(), datatype=XSD.dateTime)  # type: ignore[arg-type]


def add_scheme(graph: Graph, scheme: ConceptScheme) -> URIRef:
    node = scheme_uri(scheme.id)
    graph.add((node, RDF.type, SKOS.ConceptScheme))
    for text in scheme.texts:
        predicate = DCTERMS.title if text.field == "title" else DCTERMS.description
        graph.add((node, predicate, Literal(text.value, lang=text.lang)))
    for lang, status in sorted({(text.lang, text.status) for text in scheme.texts}):
        _add_translation_note(graph, node, status, lang)
    graph.add((node, DCTERMS.created, _timestamp(scheme.created_at)))
    # First published by this service when first imported; modified with every change.
    graph.add((node, DCTERMS.issued, _timestamp(scheme.created_at)))
    graph.add((node, DCTERMS.modified, _timestamp(scheme.modified_at)))
    graph.add((node, DCTERMS.license, URIRef(current_app.config["GLOSSARY_LICENSE"])))
    graph.add((node, DCTERMS.publisher, add_publisher(graph)))
    graph.add((node, DCAT.contactPoint, add_contact_point(graph)))
    return node


def add_contact_point(graph: Graph) -> BNode:
    """Whom to ask about reuse (DCAT-AP's dcat:contactPoint, a vcard:Organization): the
    publisher's name, GLOSSARY_CONTACT_EMAIL when set, and the publisher's site."""
    config = current_app.config
    node = BNode("contact-point")
    graph.bind("vcard", VCARD)
    graph.add((node, RDF.type, VCARD.Organization))
    graph.add((node, VCARD.fn, Literal(config["GLOSSARY_PUBLISHER_NAME"])))
    if config.get("GLOSSARY_CONTACT_EMAIL"):
        graph.add((node, VCARD.hasEmail, URIRef(f"mailto:{config['GLOSSARY_CONTACT_EMAIL']}")))
    if config["GLOSSARY_PUBLISHER_URL"]:
        graph.add((node, VCARD.hasURL, URIRef(config["GLOSSARY_PUBLISHER_URL"])))
    return node


def add_publisher(graph: Graph) -> BNode:
    """The publisher (GLOSSARY_PUBLISHER_NAME, _URL) as a foaf:Agent, as NL-SBB's own
    thesaurus states it; a blank node, since no registry URI of the organisation is known."""
    config = current_app.config
    node = BNode("publisher")
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, FOAF.name, Literal(config["GLOSSARY_PUBLISHER_NAME"])))
    if config["GLOSSARY_PUBLISHER_URL"]:
        graph.add((node, FOAF.homepage, URIRef(config["GLOSSARY_PUBLISHER_URL"])))
    return node


def _add_translation_note(graph: Graph, node: URIRef, status: TranslationStatus, lang: str) -> None:
    if status is not TranslationStatus.SOURCE:
        note = f"translation status: {status.value}"
        graph.add((node, SKOS.changeNote, Literal(note, lang=lang)))


def add_cluster(graph: Graph, cluster: Cluster, members: Sequence[Concept]) -> URIRef:
    """A cluster as an ordered collection of its members (in the cluster's order)."""
    node = collection_uri(cluster.id)
    graph.add((node, RDF.type, SKOS.Collection))
    graph.add((node, RDF.type, SKOS.OrderedCollection))
    for title in cluster.titles:
        graph.add((node, SKOS.prefLabel, Literal(title.title, lang=title.lang)))
        _add_translation_note(graph, node, title.status, title.lang)
    member_nodes: list[Node] = [URIRef(concept_uri(member.slug)) for member in members]
    for member in member_nodes:
        graph.add((node, SKOS.member, member))
    list_head = BNode()
    RdfList(graph, list_head, member_nodes)
    graph.add((node, SKOS.memberList, list_head))
    return node


def add_source(graph: Graph, source: Source) -> URIRef:
    node = source_uri(source.key)
    # NL-SBB wants a language-tagged dct:title; a title in no stated language is in the
    # framework's source language, as the bibliography of the advisory is.
    title = source.title or source.citation
    # The NL-SBB source document is a foaf:Document / dct:BibliographicResource.
    graph.add((node, RDF.type, FOAF.Document))
    graph.add((node, RDF.type, DCTERMS.BibliographicResource))
    graph.add((node, DCTERMS.title, Literal(title, lang=source.language or _source_language())))
    graph.add((node, DCTERMS.bibliographicCitation, Literal(render_plain(source.entry))))
    if source.url.startswith(("http://", "https://")) and not any(c.isspace() for c in source.url):
        graph.add((node, FOAF.page, URIRef(source.url)))
    return node


def add_concept(graph: Graph, concept: Concept, scheme: URIRef) -> URIRef:
    """Every statement about one concept; its neighbours are referenced by URI only."""
    node = URIRef(concept_uri(concept.slug))
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.inScheme, scheme))
    graph.add((node, DCTERMS.identifier, Literal(concept.slug)))
    for label in concept.labels:
        graph.add((node, LABEL_PROPERTIES[label.kind], Literal(label.text, lang=label.lang)))
    for note in concept.notes:
        text = render_plain(note.text)
        graph.add((node, NOTE_PROPERTIES[note.kind], Literal(text, lang=note.lang)))
    for citation in concept.citations:
        graph.add((node, DCTERMS.source, add_source(graph, citation.source)))
    relations = related_concepts(concept)
    if not relations["broader"]:
        graph.add((node, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, node))
    vocabulary = vocabulary_namespace()
    for kind, predicates in (
        ("related", (SKOS.related,)),
        ("broader", (SKOS.broader,)),
        ("narrower", (SKOS.narrower,)),
        ("equivalent", (SKOS.related, vocabulary.equivalent)),
        ("replaced_by", (DCTERMS.isReplacedBy,)),
        ("replaces", (DCTERMS.replaces,)),
    ):
        for other in relations[kind]:
            for predicate in predicates:
                graph.add((node, predicate, URIRef(concept_uri(other.slug))))
    for mapping in concept.mappings:
        graph.add((node, MAPPING_PROPERTIES[mapping.kind], URIRef(mapping.uri)))
    graph.add((node, ADMS.status, STATUS_URIS[concept.status]))
    if concept.status is not ConceptStatus.VALID:
        graph.add((node, OWL.deprecated, Literal(True)))
    if concept.valid_from:
        graph.add((node, SCHEMA.validFrom, Literal(concept.valid_from, datatype=XSD.date)))
    if concept.valid_until:
        graph.add((node, SCHEMA.validThrough, Literal(concept.valid_until, datatype=XSD.date)))
    for translation in concept.translations:
        _add_translation_note(graph, node, translation.status, translation.lang)
    for explanation in concept.explanations:
        lang = explanation.lang
        graph.add((node, RDFS.comment, Literal(explanation.text, lang=lang)))
        status_note = f"explanation status: {explanation.status.value}"
        graph.add((node, SKOS.changeNote, Literal(status_note, lang=lang)))
    graph.add((node, DCTERMS.created, _timestamp(concept.created_at)))
    graph.add((node, DCTERMS.modified, _timestamp(concept.modified_at)))
    return node


def add_concept_summary(graph: Graph, concept: Concept, scheme: URIRef) -> URIRef:
    """A concept named in another resource's document: typed, labelled and defined.

    NL-SBB wants every object of a semantic relation or collection membership to be a
    `skos:Concept` in the same document, and every `skos:Concept` to have a definition and
    a scheme; so a neighbour carries those (and its preferred labels), nothing more.
    """
    node = URIRef(concept_uri(concept.slug))
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.inScheme, scheme))
    for label in concept.labels:
        if label.kind is LabelKind.PREF:
            graph.add((node, SKOS.prefLabel, Literal(label.text, lang=label.lang)))
    for note in concept.notes:
        if note.kind is NoteKind.DEFINITION:
            text = render_plain(note.text)
            graph.add((node, SKOS.definition, Literal(text, lang=note.lang)))
    return node


def declare_vocabulary(graph: Graph) -> None:
    """Our own terms, in any document that uses them (and in the vocabulary's own)."""
    equivalent = vocabulary_namespace().equivalent
    graph.add((equivalent, RDF.type, OWL.ObjectProperty))
    graph.add((equivalent, RDF.type, OWL.SymmetricProperty))
    graph.add((equivalent, RDFS.subPropertyOf, SKOS.related))
    graph.add((equivalent, RDFS.label, Literal("is equivalent to", lang="en")))
    graph.add((equivalent, RDFS.label, Literal("is equivalent aan", lang="nl")))
    graph.add(
        (
            equivalent,
            RDFS.comment,
            Literal(
                "Two concepts of the same scheme whose meanings coincide; used instead of "
                "skos:exactMatch, which NL-SBB reserves for concepts of different schemes.",
                lang="en",
            ),
        )
    )
    graph.add(
        (
            equivalent,
            RDFS.comment,
            Literal(
                "Twee begrippen van hetzelfde begrippenkader met dezelfde betekenis; gebruikt "
                "in plaats van skos:exactMatch, dat NL-SBB voorbehoudt aan begrippen van "
                "verschillende begrippenkaders.",
                lang="nl",
            ),
        )
    )


def framework_graph(
    scheme: ConceptScheme,
    clusters: Iterable[tuple[Cluster, Sequence[Concept]]],
    concepts: Iterable[Concept],
    sources: Iterable[Source] = (),
) -> Graph:
    """The whole framework: scheme, clusters as collections, every concept, and the whole
    bibliography (cited sources are described with the concepts that cite them anyway)."""
    graph = new_graph()
    scheme_node = add_scheme(graph, scheme)
    for cluster, members in clusters:
        add_cluster(graph, cluster, members)
    for concept in concepts:
        add_concept(graph, concept, scheme_node)
    for source in sources:
        add_source(graph, source)
    declare_vocabulary(graph)
    return graph


def concept_graph(scheme: ConceptScheme, concept: Concept) -> Graph:
    """One concept with its scheme, its clusters and its neighbours typed, labelled and
    defined, so the document stands on its own (as Skosmos' concept data does) and passes
    NL-SBB by itself."""
    graph = new_graph()
    scheme_node = add_scheme(graph, scheme)
    node = add_concept(graph, concept, scheme_node)
    for member in concept.memberships:
        collection = collection_uri(member.cluster.id)
        graph.add((collection, RDF.type, SKOS.Collection))
        for title in member.cluster.titles:
            graph.add((collection, SKOS.prefLabel, Literal(title.title, lang=title.lang)))
        graph.add((collection, SKOS.member, node))
    relations = related_concepts(concept)
    for others in relations.values():
        for other in others:
            add_concept_summary(graph, other, scheme_node)
    if relations["equivalent"]:
        declare_vocabulary(graph)
    return graph


def jsonld_context() -> dict[str, Any]:
    """The published context (glossary/formats/context.py) for this service's namespaces."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return context.jsonld_context(prefixes | {"bk": str(vocabulary_namespace())})


def serialize(graph: Graph, fmt: str) -> str:
    """Turtle, JSON-LD (compacted with our prefixes) or RDF/XML."""
    serializer = RDF_FORMATS[fmt][0]
    if serializer == "json-ld":
        return graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    return graph.serialize(format=serializer)
