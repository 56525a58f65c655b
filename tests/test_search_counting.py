"""What a search counts and how it tells tiers apart, from posting lists rather than from each
hit's stored fields: the same answers the stored fields give."""

from __future__ import annotations

import pytest
from flask import Flask

from glossary.search import query as search_query
from glossary.search.matching import matched_docs
from tests import search_helpers as search
from tests.test_matching import QUERIES

# Queries matching many concepts: more than a search fetches for a small limit.
BROAD = ["digitale", "zorg", "gegevens", "hulpverlening", "online"]


@pytest.mark.parametrize("text", BROAD + QUERIES)
def test_total_counts_every_matching_concept_whatever_the_limit(app: Flask, text: str) -> None:
    with app.app_context():
        totals = {limit: search.search(text, "nl", limit=limit).total for limit in (1, 3, 100)}
        everything = search.search(text, "nl", limit=100)
    assert len(set(totals.values())) == 1, totals
    if totals[100] <= 100:
        assert totals[100] == len({hit.id for hit in everything.results})


def test_a_broad_query_counts_more_concepts_than_it_shows(app: Flask) -> None:
    with app.app_context():
        outcome = search.search("digitale", "nl", limit=1)
    assert len(outcome.results) == 1
    assert outcome.total > 3


def stored_label_tier(stored: dict, terms: search_query.QueryTerms) -> bool:
    """Every word in the document's labels, as its stored label terms say."""
    label_terms = {term for *_, words in stored["labels"] for term in words.split()}
    return all(stem in label_terms for stem in terms.stems_in(stored["lang"]))


@pytest.mark.parametrize("text", BROAD + QUERIES)
def test_the_label_tier_from_posting_lists_is_the_one_the_stored_labels_give(
    app: Flask, text: str
) -> None:
    with app.app_context():
        opened = search.open_index()
        searcher = opened.searcher()
        terms = search_query.query_terms(
            search_query.analyse(text), list(opened.version.details["languages"])
        )
        words = matched_docs(searcher, search_query.words_query(terms))
        in_labels = matched_docs(searcher, search_query.label_words_query(terms))
        for docnum in words:
            expected = stored_label_tier(searcher.stored(docnum), terms)
            assert (docnum in in_labels) == expected, (text, searcher.stored(docnum)["cid"])
