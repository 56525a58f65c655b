"""Skosmos-style search over the begrippenkader: which concepts a query, group or parent finds.

Skosmos matches labels against a pattern (`term` exactly, `term*` as a prefix); here the
text goes to the search service, so synonyms, stems, compounds and typos find concepts too.
A trailing `*` adds the service's label completions in front of the search hits, and any
`*` at either end is otherwise ignored. Labels in every language match; `lang` orders the
completions and is the language of `prefLabel`, and each result's `lang` names the language
of the label that matched. Each concept appears once (`unique` is accepted either way).

The Skosmos blueprint parses the request into a `SearchRequest` and serialises what these
functions return; other surfaces can ask the same questions without HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session

from glossary.formats.json import pref_labels, related_concepts
from glossary.formats.notes import note_plain
from glossary.language import labels_of_kind, pref_label
from glossary.models import Concept, LabelKind, NoteKind
from glossary.search import service as search_service
from glossary.search.lifecycle import IndexConfig
from glossary.services import concepts
from glossary.services.revision import current_revision
from glossary.services.revision_cache import revision_cache
from glossary.urls import concept_uri

MAX_QUERY_LENGTH = 10_000
# The search service ranks at most this many concepts: results past them are not reachable.
SEARCH_WINDOW = search_service.MAX_LIMIT
# Results in one answer. Skosmos answers "all" without `maxhits`, and its clients ask for
# pages with `maxhits` and `offset` and do not expect a 400 for a large `maxhits`: so a
# missing, 0 or larger `maxhits` is clamped to MAX_MAXHITS (the default is the maximum). A
# query term finds at most SEARCH_WINDOW concepts anyway; only listings (`query=*`, or a
# group or parent without a query) are longer, and they are read with `offset`.
MAX_MAXHITS = 500
DEFAULT_MAXHITS = MAX_MAXHITS
# Orders of every concept by label kept per worker and data revision (one per language).
LISTINGS_KEPT = 8
RELATION_FIELDS = ("broader", "narrower", "related")
NOTE_FIELDS = {
    "definition": NoteKind.DEFINITION,
    "scopeNote": NoteKind.SCOPE_NOTE,
    "example": NoteKind.EXAMPLE,
    "editorialNote": NoteKind.EDITORIAL_NOTE,
}
# SKOS properties the begrippenkader holds no values for: accepted, and never in a result.
EMPTY_FIELDS = ("notation", "exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
SEARCH_FIELDS = ("prefLabel", *RELATION_FIELDS, *NOTE_FIELDS, *EMPTY_FIELDS)


@dataclass(frozen=True)
class Match:
    """A concept found for a query, and the label that matched (none for a definition)."""

    concept_id: str
    label: str | None = None
    lang: str | None = None
    kind: str = "none"  # "pref" | "alt" | "definition" | "none" (listed without a query)
    pref_labels: dict[str, str] | None = None


@dataclass(frozen=True)
class SearchRequest:
    term: str  # without surrounding `*`; empty lists every concept (Skosmos `query=*`)
    prefix: bool
    lang: str | None
    label_lang: str | None
    concepts_only: bool
    cluster_id: str | None
    parent_id: str | None
    offset: int
    maxhits: int  # 1..MAX_MAXHITS
    fields: tuple[str, ...]
    source_lang: str


@dataclass(frozen=True)
class Found:
    """The concepts a search found, best first; `complete` is False when the search ran out
    of its time budget, and `index_revisions` name the index versions that answered."""

    matches: list[Match]
    complete: bool
    index_revisions: list[int | None]


class Framework:
    """The scheme's concepts, loaded as far as needed: the page of results shown, and the
    hierarchy for the `parent` filter (loading all 5 000 concepts of a large scheme for
    every search took seconds)."""

    def __init__(self, session: Session, scheme_id: str) -> None:
        self.session = session
        self.scheme_id = scheme_id
        self._loaded: dict[str, Concept] = {}

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for narrower, broader in concepts.broader_links(self.session, self.scheme_id):
            children.setdefault(broader, []).append(narrower)
        return children

    def exists(self, slug: str) -> bool:
        if slug in self._loaded:
            return True
        self.load([slug])
        return slug in self._loaded

    def load(self, slugs: list[str]) -> None:
        """Load the named concepts fully (the results of one page)."""
        missing = [slug for slug in slugs if slug not in self._loaded]
        for concept in concepts.concepts_by_slug(self.session, self.scheme_id, missing):
            self._loaded[concept.slug] = concept

    def concept(self, slug: str) -> Concept:
        """A concept loaded by `load`."""
        return self._loaded[slug]

    def descendants(self, slug: str) -> set[str]:
        """The concepts below `slug` along broader relations, at any depth."""
        children = self._children
        found: set[str] = set()
        pending = list(children.get(slug, []))
        while pending:
            current = pending.pop()
            if current not in found:
                found.add(current)
                pending.extend(children.get(current, []))
        return found


def find(wanted: SearchRequest, framework: Framework, index: IndexConfig) -> Found:
    """The concepts for a request, filtered by type, group and parent: a query's matches in
    the search index `index`, or (without a query term) every concept by label.

    Raises `SearchUnavailable` when the index cannot answer.
    """
    found = (
        _matches(wanted, framework, index)
        if wanted.term
        else Found(_listing(wanted, framework), True, [])
    )
    return replace(found, matches=_filtered(found.matches, wanted, framework))


def _matches(wanted: SearchRequest, framework: Framework, index: IndexConfig) -> Found:
    """Concepts for the query, best first: completions of a prefix, then search hits.

    The service is always asked for its whole window and the page is cut by the caller, so
    pages of one query never overlap or skip, whatever `offset` and `maxhits` are.
    """
    service_lang = wanted.lang or wanted.label_lang or wanted.source_lang
    session, revision = framework.session, current_revision(framework.session).number
    found: dict[str, Match] = {}
    revisions: list[int | None] = []
    if wanted.prefix:
        completions = search_service.complete(
            index, session, revision, wanted.term, service_lang, SEARCH_WINDOW
        )
        revisions.append(completions.index_revision)
        for item, _ in completions:
            found.setdefault(
                item.concept_id, Match(item.concept_id, item.label, item.lang, item.kind)
            )
    outcome = search_service.search(
        index,
        session,
        revision,
        wanted.term,
        service_lang,
        search_service.SearchOptions(cluster=wanted.cluster_id, limit=SEARCH_WINDOW),
    )
    revisions.append(outcome.index_revision)
    for hit in outcome.results:
        known = found.get(hit.id)
        if known is None:
            found[hit.id] = Match(
                hit.id, hit.matched_label, hit.matched_lang, hit.match, hit.pref_labels
            )
        elif known.pref_labels is None:
            found[hit.id] = replace(known, pref_labels=hit.pref_labels)
    return Found(list(found.values()), outcome.complete, revisions)


def _listing(wanted: SearchRequest, framework: Framework) -> list[Match]:
    """Every concept (Skosmos `query=*`, or no query with a group or parent), by label."""
    lang = wanted.label_lang or wanted.lang or wanted.source_lang
    ordered: list[tuple[str, dict[str, str]]] = revision_cache(
        framework.session, "skosmos_listings", max_entries=LISTINGS_KEPT
    ).get(
        current_revision(framework.session),
        (framework.scheme_id, lang),
        lambda: _ordered_by_label(framework.session, framework.scheme_id, lang),
    )
    return [Match(slug, pref_labels=prefs) for slug, prefs in ordered]


def _ordered_by_label(
    session: Session, scheme_id: str, lang: str
) -> list[tuple[str, dict[str, str]]]:
    """Every concept's id and preferred labels, by its label in `lang`."""
    labelled = concepts.concepts_with_labels(session, scheme_id)
    ordered = sorted(labelled, key=lambda c: pref_label(c, lang).text.casefold())
    return [(concept.slug, pref_labels(concept)) for concept in ordered]


def _filtered(matches: list[Match], wanted: SearchRequest, framework: Framework) -> list[Match]:
    if not wanted.concepts_only:
        return []
    if wanted.cluster_id is not None:
        cluster = concepts.get_cluster(framework.session, framework.scheme_id, wanted.cluster_id)
        members = (
            {c.slug for c in concepts.cluster_concepts(framework.session, cluster)}
            if cluster
            else set()
        )
        matches = [match for match in matches if match.concept_id in members]
    if wanted.parent_id is not None:
        below = framework.descendants(wanted.parent_id)
        matches = [match for match in matches if match.concept_id in below]
    return matches


def needs_concept(match: Match, wanted: SearchRequest) -> bool:
    """Whether a result needs its concept loaded: for labels a search did not give, to tell
    a hidden from an alternative label, or for `fields`."""
    return match.pref_labels is None or match.kind == "alt" or bool(wanted.fields)


def search_result(
    match: Match, wanted: SearchRequest, vocid: str, framework: Framework
) -> dict[str, Any]:
    """One result the Skosmos way: the matched label, when it is not the prefLabel shown, is
    matchedPrefLabel, altLabel or hiddenLabel, and `lang` is then its language."""
    source = wanted.source_lang
    prefs = match.pref_labels
    if prefs is None:
        prefs = pref_labels(framework.concept(match.concept_id))
    shown = wanted.label_lang or wanted.lang or match.lang or source
    if shown not in prefs:
        shown = source if source in prefs else next(iter(prefs), shown)
    result: dict[str, Any] = {
        "uri": concept_uri(match.concept_id),
        "type": ["skos:Concept"],
        "localname": match.concept_id,
        "prefLabel": prefs.get(shown, match.concept_id),
        "lang": shown,
        "vocab": vocid,
    }
    if match.label is not None and match.lang is not None:
        if match.kind == "pref" and match.label != result["prefLabel"]:
            result["matchedPrefLabel"] = match.label
            result["lang"] = match.lang
        elif match.kind == "alt":
            hidden = match.label in labels_of_kind(
                framework.concept(match.concept_id), LabelKind.HIDDEN, match.lang
            )
            result["hiddenLabel" if hidden else "altLabel"] = match.label
            result["lang"] = match.lang
    if wanted.fields:
        result.update(_field_values(framework.concept(match.concept_id), wanted.fields, shown))
    return result


def _field_values(concept: Concept, fields: tuple[str, ...], lang: str) -> dict[str, Any]:
    """The extra properties asked for with `fields`; those without values are left out."""
    values: dict[str, Any] = {}
    neighbours = related_concepts(concept)
    neighbours["related"] = neighbours["related"] + neighbours["equivalent"]
    for name in fields:
        if name == "prefLabel":
            values["prefLabels"] = pref_labels(concept)
        elif name in RELATION_FIELDS and neighbours[name]:
            values[name] = [
                {"uri": concept_uri(other.slug), "prefLabel": pref_label(other, lang).text}
                for other in neighbours[name]
            ]
        elif name in NOTE_FIELDS:
            texts = [
                note_plain(note)
                for note in concept.notes
                if note.kind is NOTE_FIELDS[name] and note.lang == lang
            ]
            if texts:
                values[name] = texts
    return values
