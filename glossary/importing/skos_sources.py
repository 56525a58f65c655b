"""The sources a SKOS file cites, as source records with the in-text citation its concepts'
texts use. (`citation_in_texts` serves the TBX reader as well.)"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF
from rdflib.term import Node

from glossary.records import SourceRecord
from glossary.text import slugify

# `(Author, Year)` citations in a text
CITATION = re.compile(r"\(([^()]{2,300}?)\)")


def read_sources(
    graph: Graph, concepts: list[Node], note_properties: Iterable[Node], source_language: str
) -> tuple[dict[Node, SourceRecord], dict[str, Node]]:
    """Sources with a citation that occurs in the texts (the `note_properties`) of every
    concept citing them, by their node; and the node of each source key."""
    found: dict[Node, SourceRecord] = {}
    source_nodes: dict[str, Node] = {}
    used: set[str] = set()
    notes = list(note_properties)
    nodes = {o for c in concepts for o in graph.objects(c, DCTERMS.source)}
    nodes |= set(graph.subjects(DCTERMS.bibliographicCitation, None))
    # cited sources first: their in-text forms are found in the texts
    for node in sorted(nodes, key=lambda n: (not any(graph.subjects(DCTERMS.source, n)), str(n))):
        if not isinstance(node, URIRef):
            continue
        citing = [c for c in concepts if (c, DCTERMS.source, node) in graph]
        texts = [" ".join(str(v) for p in notes for v in graph.objects(c, p)) for c in citing]
        entry = next((str(v) for v in graph.objects(node, DCTERMS.bibliographicCitation)), "")
        title = next(
            (v for v in graph.objects(node, DCTERMS.title) if isinstance(v, Literal)), None
        )
        if not entry and title is None:
            continue
        citation = citation_in_texts(
            entry or str(title), str(title) if title is not None else "", texts, used
        )
        if citation is None:
            continue
        used.add(citation)
        key = slugify(re.split(r"[/#]", str(node).rstrip("/#"))[-1]) or "bron"
        page = next((str(v) for v in graph.objects(node, FOAF.page)), "")
        language = title.language if title is not None and title.language else ""
        found[node] = SourceRecord(
            key=key,
            citation=citation,
            entry=entry or str(title),
            title=str(title) if title is not None and str(title) != citation else "",
            url=page,
            language="" if language == source_language else language,
        )
        source_nodes[key] = node
    return found, source_nodes


def citation_in_texts(entry: str, title: str, texts: list[str], used: set[str]) -> str | None:
    """The in-text citation `(Author, Year)` of an entry: one that opens with the entry's
    first word, ends with its year, occurs in every citing text and names no other source
    already; one that holds the title is preferred."""
    first = re.match(r"[\w'’-]+", entry)
    year = re.search(r"\((\d{4})", entry)
    if not first:
        return None
    if not texts:  # cited by no concept: any unique in-text form will do
        return next((c for c in (title, entry) if c and c not in used), None)
    candidates = [
        candidate
        for candidate in dict.fromkeys(CITATION.findall(texts[0]))
        if candidate.startswith(first.group(0))
        and (year is None or candidate.endswith(year.group(1)))
        and candidate not in used
        and all(f"({candidate})" in text for text in texts)
    ]
    candidates.sort(key=lambda candidate: not (title and title in candidate))
    return candidates[0] if candidates else None
