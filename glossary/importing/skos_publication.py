"""A SKOS file's licence, publisher and issue date, compared with what this service states.

They are not stored per scheme: this service states its own (GLOSSARY_LICENSE,
GLOSSARY_PUBLISHER_NAME / _URL, the scheme's first import). A file that states the same is
read silently; one that states others is reported, so that a file under another licence or of
another publisher is never relabelled unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, FOAF
from rdflib.term import Node

from glossary.timeutil import as_utc

# Stated by this service from its settings, compared with them (`Publication`)
SCHEME_PUBLICATION = {DCTERMS.license, DCTERMS.publisher, DCTERMS.issued}


@dataclass(frozen=True)
class Publication:
    """What this service states about every scheme it publishes: a file's licence, publisher
    and issue date are compared with these, since the model keeps none of them per scheme."""

    license: str
    publisher_name: str
    publisher_url: str = ""
    # the stored scheme's first import (its dct:issued); None: the import creates the scheme
    issued: datetime | None = None


def publication_mismatch(
    graph: Graph, node: Node, predicate: Node, value: Node, ours: Publication
) -> str | None:
    """Why the scheme's statement (`predicate` of SCHEME_PUBLICATION, `value`) is not what
    this service states; None when it is, so that the import passes it silently."""
    if predicate == DCTERMS.license:
        if str(value) != ours.license:
            return (
                f"<{value}> is not this service's licence <{ours.license}>, which the "
                "imported scheme would be published under (GLOSSARY_LICENSE)"
            )
    elif predicate == DCTERMS.publisher:
        if not _our_publisher(graph, value, ours):
            names = [str(n) for n in graph.objects(value, FOAF.name)]
            who = f"'{names[0]}'" if names else f"<{value}>"
            return (
                f"{who} is not this service's publisher '{ours.publisher_name}', which the "
                "imported scheme would be published by (GLOSSARY_PUBLISHER_NAME)"
            )
    elif predicate == DCTERMS.issued:
        issued = value.toPython() if isinstance(value, Literal) else None
        if not isinstance(issued, datetime):
            return f"'{value}' is no date and time"
        if ours.issued is not None:
            if as_utc(issued) != as_utc(ours.issued):
                return (
                    f"'{value}' is not the scheme's first import here "
                    f"({as_utc(ours.issued).isoformat()}), which stays its issue date"
                )
        elif not _our_publication(graph, node, ours):
            return (
                f"'{value}': a scheme is issued here at its first import, which this "
                "import is; the file's date is not kept"
            )
    return None


def _our_publisher(graph: Graph, value: Node, ours: Publication) -> bool:
    names = {str(n) for n in graph.objects(value, FOAF.name)}
    pages = {str(p) for p in graph.objects(value, FOAF.homepage)}
    return names == {ours.publisher_name} and pages <= {ours.publisher_url} - {""}


def _our_publication(graph: Graph, node: Node, ours: Publication) -> bool:
    """The file states this service's licence and publisher: it is this service's own
    export, whose issue date is the date of an earlier publication of the same data."""
    licenses = {str(v) for v in graph.objects(node, DCTERMS.license)}
    publishers = list(graph.objects(node, DCTERMS.publisher))
    return (
        licenses == {ours.license}
        and bool(publishers)
        and all(_our_publisher(graph, p, ours) for p in publishers)
    )
