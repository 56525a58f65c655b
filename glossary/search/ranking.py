"""Ranking: the concepts of a query, in tiers, each concept once, in the best tier it reaches.

1. a preferred label equal to the query (case, accents, hyphens and spaces ignored);
2. an alternative label equal to the query — so a synonym lands on its concept first;
3. every query word in the labels (stems, joined words and compound parts);
4. every query word in the labels, the definition or the plain-language explanation (which
   weighs less) — a label match always outranks this;
5. only when nothing above matches: the same with typos tolerated; only when that matches
   nothing either, any single word.

Within a tier the engine's BM25F score orders the concepts (preferred label words weigh more
than alternative ones, which weigh more than compound parts). The result says which label
matched. When the query matches no label as typed, a "did you mean" is built from the label
words.

Each stage after the exact-label one runs only while the search's deadline allows (see
`service.py`); a search that ran out says so (`complete=False`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from glossary.search.engine import Query, Searcher, Term
from glossary.search.lifecycle import OpenIndex
from glossary.search.matching import matched_docs
from glossary.search.presenting import SearchOutcome, did_you_mean, present_hit
from glossary.search.query import (
    DEFINITION_TIER,
    TIERS,
    QueryText,
    exact_query,
    label_words_query,
    partial_query,
    query_terms,
    tolerant_query,
    words_query,
)


@dataclass
class _Found:
    """Documents collected so far, one per concept, with their tier."""

    limit: int
    docs: list[tuple[int, str]] = field(default_factory=list)
    concepts: set[str] = field(default_factory=set)

    @property
    def full(self) -> bool:
        return len(self.docs) >= self.limit

    def add(self, concept_id: str, docnum: int, tier: str) -> None:
        if concept_id not in self.concepts and not self.full:
            self.concepts.add(concept_id)
            self.docs.append((docnum, tier))


def rank(
    opened: OpenIndex,
    text: QueryText,
    outcome: SearchOutcome,
    lang: str,
    cluster: str | None,
    limit: int,
    deadline: float,
) -> SearchOutcome:
    """Fill `outcome` with the best `limit` concepts for `text`, stage by stage until
    `deadline` (a `time.monotonic()` value)."""

    def out_of_time() -> bool:
        if time.monotonic() >= deadline:
            outcome.complete = False
        return not outcome.complete

    searcher = opened.searcher()
    languages = list(opened.version.details["languages"])
    terms = query_terms(text, languages)
    restrict = Term("clusters", cluster) if cluster else None
    column = searcher.column("cid")
    found = _Found(limit)
    # Each concept has a document per language: fetch enough documents to fill `limit`.
    fetch = limit * 3
    exact, words = exact_query(terms), words_query(terms)
    ranked = searcher.search(exact, fetch, restrict)
    for docnum in ranked:
        found.add(column[docnum], docnum, "pref")  # pref or alt: see presenting._matched_label
    matched = _matched(searcher, exact, ranked, fetch, restrict)
    if not out_of_time():
        ranked = searcher.search(words, fetch, restrict)
        in_labels = matched_docs(searcher, label_words_query(terms)) if ranked else set()
        classified = sorted(
            (TIERS.index("label" if docnum in in_labels else "definition"), place, docnum)
            for place, docnum in enumerate(ranked)
        )
        for tier_rank, _, docnum in classified:
            found.add(column[docnum], docnum, TIERS[tier_rank])
        matched |= _matched(searcher, words, ranked, fetch, restrict)
    vocabulary = opened.vocabulary
    # Typos are tolerated only when nothing matches as typed; any single word only when
    # nothing matches with typos either (at 10 000 concepts, a common word of a typo query
    # matched thousands of definitions: scoring them was most of a typo search's time).
    for tier, build in (("fuzzy", tolerant_query), ("partial", partial_query)):
        if matched or out_of_time():
            break
        query = build(terms, vocabulary)
        ranked = searcher.search(query, fetch, restrict)
        for docnum in ranked:
            found.add(column[docnum], docnum, tier)
        matched = _matched(searcher, query, ranked, fetch, restrict)
    outcome.index_revision = opened.revision
    outcome.total = searcher.distinct("cid", matched)
    outcome.results = []
    for docnum, tier in found.docs:
        # The first hit is always presented, so a search that ran out still answers.
        if outcome.results and out_of_time():
            break
        outcome.results.append(present_hit(searcher, docnum, tier, text, terms, lang))
    weak = not outcome.results or outcome.results[0].tier >= DEFINITION_TIER
    if weak and not out_of_time():
        outcome.suggestions = did_you_mean(searcher, vocabulary, text, languages)
    return outcome


def _matched(
    searcher: Searcher, query: Query, ranked: list[int], fetch: int, restrict: Query | None
) -> set[int]:
    """Every document `query` matches. When the engine ranked fewer than it was asked for it
    had no more, and those are all; only a query with more reads its posting lists (the
    exact `total` is counted from them)."""
    if len(ranked) < fetch:
        return set(ranked)
    return matched_docs(searcher, query, restrict)
