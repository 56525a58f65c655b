"""The framework's downloads described as a DCAT catalog, for open-data portals to harvest.

The dataset is the concept scheme itself (its URI, typed `dcat:Dataset` as NL-SBB's own
thesaurus does); each whole-framework download is one `dcat:Distribution` whose
`dcat:downloadURL` is built from GLOSSARY_PUBLIC_URL and whose `dcat:mediaType` is the IANA
media type the download is served with. The catalog is the service, named by its public URL.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from glossary.formats.skos import add_publisher, add_scheme, new_graph
from glossary.models import ConceptScheme

IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
EU_LANGUAGES = Namespace("http://publications.europa.eu/resource/authority/language/")
PUBLIC_ACCESS = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
# BCP 47 primary language → EU language authority code (the languages a scheme may have).
EU_LANGUAGE_CODES = {"nl": "NLD", "en": "ENG", "fr": "FRA", "de": "DEU"}

# extension → (media type it is served with, title of the distribution)
DISTRIBUTIONS: dict[str, tuple[str, str]] = {
    "ttl": ("text/turtle", "SKOS (NL-SBB), Turtle"),
    "jsonld": ("application/ld+json", "SKOS (NL-SBB), JSON-LD"),
    "rdf": ("application/rdf+xml", "SKOS (NL-SBB), RDF/XML"),
    "tbx": ("application/xml", "TBX-Basic (ISO 30042)"),
    "csv": ("text/csv", "CSV (the import format)"),
}


def dcat_graph(
    scheme: ConceptScheme,
    languages: list[str],
    catalog_url: str,
    download_url: Callable[[str], str],
) -> Graph:
    """Catalog → dataset (the scheme) → one distribution per download format.

    `download_url(extension)` is the public address of the whole-framework download.
    """
    graph = new_graph()
    graph.bind("dcat", DCAT)
    license_uri = URIRef(current_app.config["GLOSSARY_LICENSE"])
    dataset = add_scheme(graph, scheme)
    publisher = add_publisher(graph)
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.accessRights, PUBLIC_ACCESS))
    graph.add((dataset, DCAT.landingPage, URIRef(catalog_url)))
    for lang in languages:
        code = EU_LANGUAGE_CODES.get(lang.split("-")[0].lower())
        if code:
            graph.add((dataset, DCTERMS.language, EU_LANGUAGES[code]))
    for extension, (media_type, title) in DISTRIBUTIONS.items():
        distribution = BNode(f"distribution-{extension}")
        url = URIRef(download_url(extension))
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(title, lang="en")))
        graph.add((distribution, DCAT.accessURL, url))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + media_type)))
        graph.add((distribution, DCTERMS.license, license_uri))

    catalog = URIRef(catalog_url)
    graph.add((catalog, RDF.type, DCAT.Catalog))
    for dataset_title in graph.objects(dataset, DCTERMS.title):
        graph.add((catalog, DCTERMS.title, dataset_title))
    for description in graph.objects(dataset, DCTERMS.description):
        graph.add((catalog, DCTERMS.description, description))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, license_uri))
    graph.add((catalog, FOAF.homepage, URIRef(catalog_url)))
    graph.add((catalog, DCAT.dataset, dataset))
    return graph
