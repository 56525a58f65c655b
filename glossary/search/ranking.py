"""Ranking: the concepts of a query, in tiers, each concept once, in the best tier it reaches.

1. a preferred label equal to the query (case, accents, hyphens and spaces ignored);
2. an alternative label equal to the query — so a synonym lands on its concept first;
3. every query word in the labels (stems, joined words and compound parts);
4. every query word in the labels, the definition or the plain-language explanation (which
   weighs less) — a label match always outranks this;
5. only when nothing above matches: the same with typos tolerated; only when that matches
   nothing either, any single word.

A concept is presented through its document in the content language whenever that matches;
one found only through another language comes after every content-language match (a label
equal to the whole query excepted), and says so (issue 18: a Dutch reader sees Dutch first).

Within a tier the engine's BM25F score orders the concepts (preferred label words weigh more
than alternative ones, which weigh more than compound parts). The result says which label
matched. When the query matches no label as typed, a "did you mean" is built from the label
words.

Each stage after the exact-label one runs only while the search's deadline allows (see
`service.py`); a search that ran out says so (`complete=False`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from glossary.search.engine import AllOf, Query, Searcher, Term
from glossary.search.lifecycle import OpenIndex
from glossary.search.matching import matched_docs
from glossary.search.presenting import SearchOutcome, did_you_mean, present_hit
from glossary.search.query import (
    DEFINITION_TIER,
    EXACT_TIER,
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
    """Documents collected so far: the best one per concept, ordered as the results will be.

    A concept has a document per language. Its document in the content language is the one
    presented whenever it matches, so labels and snippets come in that language; one found
    only in another language is ranked after every content-language match. A label equal to
    the whole query, in any language, comes first all the same: the visitor typed that label.
    """

    lang: str
    best: dict[str, tuple[tuple[int, int, int, int], int, str]] = field(default_factory=dict)
    order: int = 0

    def add(self, concept_id: str, docnum: int, tier: str, doc_lang: str) -> None:
        tier_rank = TIERS.index(tier)
        other = int(doc_lang != self.lang)
        group = 0 if tier_rank <= EXACT_TIER else 1 + other
        key = (group, tier_rank, other, self.order)
        self.order += 1
        known = self.best.get(concept_id)
        if known is None or key < known[0]:
            self.best[concept_id] = (key, docnum, tier)

    def concepts_in_lang(self) -> int:
        return sum(1 for key, _, _ in self.best.values() if key[2] == 0)

    def ranked(self, limit: int) -> list[tuple[int, str]]:
        return [(docnum, tier) for _, docnum, tier in sorted(self.best.values())[:limit]]


def _same_tier(tier: str, _docnum: int) -> str:
    """The tier of every document of a stage that has one tier."""
    return tier


def _within(*clauses: Query | None) -> Query | None:
    present = tuple(clause for clause in clauses if clause is not None)
    if not present:
        return None
    return present[0] if len(present) == 1 else AllOf(present)


def rank(
    opened: OpenIndex,
    text: QueryText,
    outcome: SearchOutcome,
    lang: str,
    cluster: str | None,
    limit: int,
    deadline: float,
    only_lang: str | None = None,
) -> SearchOutcome:
    """Fill `outcome` with the best `limit` concepts for `text`, stage by stage until
    `deadline` (a `time.monotonic()` value); `only_lang` searches that language alone."""

    def out_of_time() -> bool:
        if time.monotonic() >= deadline:
            outcome.complete = False
        return not outcome.complete

    searcher = opened.searcher()
    languages = list(opened.version.details["languages"])
    terms = query_terms(text, languages)
    restrict = _within(
        Term("clusters", cluster) if cluster else None,
        Term("lang", only_lang) if only_lang else None,
    )
    in_lang = _within(restrict, Term("lang", lang))
    column = searcher.column("cid")
    several = len(languages) > 1

    doc_lang = searcher.keyword("lang") if several else lambda _docnum: lang

    found = _Found(lang)
    # Each concept has a document per language: fetch enough documents to fill `limit`.
    fetch = limit * 3

    def collect(query: Query, tier_of: Callable[[int], str]) -> list[int]:
        """The best `fetch` documents of `query`; when those were cut short and hold too few
        concepts in the content language, the best of that language's documents too (so
        other-language documents never crowd out the content-language matches that rank
        before them). Most queries match fewer documents than `fetch`: one search. Returns
        the first search's documents (all the matches when fewer than `fetch`)."""
        passes = [restrict, in_lang] if several and not only_lang else [restrict]
        first: list[int] | None = None
        for within in passes:
            docs = searcher.search(query, fetch, within)
            first = docs if first is None else first
            classified = sorted(
                (TIERS.index(tier_of(docnum)), place, docnum) for place, docnum in enumerate(docs)
            )
            for tier_rank, _, docnum in classified:
                found.add(column[docnum], docnum, TIERS[tier_rank], doc_lang(docnum))
            if len(docs) < fetch or found.concepts_in_lang() >= limit:
                break
        return first or []

    exact = exact_query(terms)
    ranked = searcher.search(exact, fetch, restrict)
    for docnum in ranked:
        found.add(column[docnum], docnum, "pref", doc_lang(docnum))  # pref or alt: see presenting
    matched = _matched(searcher, exact, ranked, fetch, restrict)
    # A search that ran out still answers: when no label matched as a whole, the word search
    # runs whatever the clock says (a cold worker can spend the budget on the first stage).
    if terms.words and (not out_of_time() or not ranked):
        words = words_query(terms)
        # The label tier is told from the definition tier by posting lists (every word in a
        # label), read once and only when the words matched something.
        labelled: list[set[int]] = []

        def words_tier(docnum: int) -> str:
            if not labelled:
                labelled.append(matched_docs(searcher, label_words_query(terms)))
            return "label" if docnum in labelled[0] else "definition"

        ranked = collect(words, words_tier)
        matched |= _matched(searcher, words, ranked, fetch, restrict)
    vocabulary = opened.vocabulary
    # Typos are tolerated only when nothing matches as typed; any single word only when
    # nothing matches with typos either (at 10 000 concepts, a common word of a typo query
    # matched thousands of definitions: scoring them was most of a typo search's time).
    for tier, build in (("fuzzy", tolerant_query), ("partial", partial_query)):
        if matched or not terms.words or out_of_time():
            break
        query = build(terms, vocabulary)
        ranked = collect(query, partial(_same_tier, tier))
        matched = _matched(searcher, query, ranked, fetch, restrict)
    outcome.index_revision = opened.revision
    outcome.total = searcher.distinct("cid", matched)
    outcome.results = []
    for docnum, tier in found.ranked(limit):
        # The first hit is always presented, so a search that ran out still answers.
        if outcome.results and out_of_time():
            break
        outcome.results.append(present_hit(searcher, docnum, tier, text, terms, lang))
    weak = not outcome.results or outcome.results[0].tier >= DEFINITION_TIER
    if weak and terms.words and not out_of_time():
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
