"""The JSON-LD context of the framework's documents: prefixes, term names and language maps.

Published at /export/context.jsonld and embedded, identical, in every JSON-LD document the
service writes, so that each document parses offline (no processor has to fetch it) while a
JSON client can rely on one stable vocabulary of keys:

    {"@id": "…/id/begrip/mediawijsheid", "@type": "Concept",
     "prefLabel": {"nl": "Mediawijsheid", "en": "Media literacy"},
     "definition": {"nl": "…", "en": "…"}, "broader": ["…"], "inScheme": "…"}

Literals with a language go into language maps (`@container: @language`); references to
other resources are IRIs (`@type: @id`); dates are xsd:dateTime.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# term → full property name, for each kind of value
LANGUAGE_MAPS = {
    "prefLabel": "skos:prefLabel",
    "altLabel": "skos:altLabel",
    "hiddenLabel": "skos:hiddenLabel",
    "definition": "skos:definition",
    "scopeNote": "skos:scopeNote",
    "example": "skos:example",
    "editorialNote": "skos:editorialNote",
    "changeNote": "skos:changeNote",
    "title": "dct:title",
    "description": "dct:description",
    "label": "rdfs:label",
    "comment": "rdfs:comment",
}
REFERENCES = {
    "inScheme": "skos:inScheme",
    "topConceptOf": "skos:topConceptOf",
    "hasTopConcept": "skos:hasTopConcept",
    "broader": "skos:broader",
    "narrower": "skos:narrower",
    "related": "skos:related",
    "member": "skos:member",
    "exactMatch": "skos:exactMatch",
    "closeMatch": "skos:closeMatch",
    "broadMatch": "skos:broadMatch",
    "narrowMatch": "skos:narrowMatch",
    "relatedMatch": "skos:relatedMatch",
    "equivalent": "bk:equivalent",
    "isReplacedBy": "dct:isReplacedBy",
    "replaces": "dct:replaces",
    "source": "dct:source",
    "status": "adms:status",
    "license": "dct:license",
    "page": "foaf:page",
    "homepage": "foaf:homepage",
}
DATES = {"created": "dct:created", "issued": "dct:issued", "modified": "dct:modified"}
# Terms whose value may be a blank node, which JSON-LD writes nested in place.
PLAIN = {
    "publisher": "dct:publisher",
    "identifier": "dct:identifier",
    "bibliographicCitation": "dct:bibliographicCitation",
    "name": "foaf:name",
}
CLASSES = {
    "ConceptScheme": "skos:ConceptScheme",
    "Concept": "skos:Concept",
    "Collection": "skos:Collection",
    "OrderedCollection": "skos:OrderedCollection",
    "Document": "foaf:Document",
    "BibliographicResource": "dct:BibliographicResource",
    "Agent": "foaf:Agent",
}


def jsonld_context(prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The context for `prefixes` (name → namespace IRI), which must include those the
    terms use: skos, dct, rdfs, foaf, adms, owl, xsd, schema and bk (dcat is added)."""
    context: dict[str, Any] = {"dcat": "http://www.w3.org/ns/dcat#"} | dict(prefixes)
    context |= {
        term: {"@id": name, "@container": "@language"} for term, name in LANGUAGE_MAPS.items()
    }
    context |= {term: {"@id": name, "@type": "@id"} for term, name in REFERENCES.items()}
    context |= {term: {"@id": name, "@type": "xsd:dateTime"} for term, name in DATES.items()}
    context["memberList"] = {"@id": "skos:memberList", "@container": "@list"}
    context["deprecated"] = {"@id": "owl:deprecated", "@type": "xsd:boolean"}
    context["validFrom"] = {"@id": "schema:validFrom", "@type": "xsd:date"}
    context["validThrough"] = {"@id": "schema:validThrough", "@type": "xsd:date"}
    return context | PLAIN | CLASSES
