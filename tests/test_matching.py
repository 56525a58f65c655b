"""The documents a query matches, from posting lists: the same set Whoosh's own walk gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from whoosh import fields, index
from whoosh import query as q

from glossary.search import service as search_service
from glossary.search.matching import matched_docs
from glossary.search.lifecycle import open_index

QUERIES = [
    "mediawijsheid",
    "e-zorg",
    "digitale hulpverlening",
    "dossier",
    "hulpverleners online",
    "mediawijsheit",  # a typo: the tolerant and partial queries get near terms
    "digitale kloov",
    "jongeren gezinnen ondersteuning",
    "no such words at all",
    "privacy",
]


def whoosh_docs(searcher, query: q.Query, restrict: q.Query | None = None) -> set[int]:
    wanted = query if restrict is None else q.And([query, restrict])
    return set(searcher.docs_for_query(wanted))


def built_queries(opened, text: str) -> list[q.Query]:
    terms = search_service._query_terms(
        search_service.analyse(text), list(opened.version.details["languages"])
    )
    vocabulary = opened.vocabulary
    return [
        search_service._exact_query(terms),
        search_service._words_query(terms),
        search_service._tolerant_query(terms, vocabulary),
        search_service._partial_query(terms, vocabulary),
    ]


@pytest.mark.parametrize("text", QUERIES)
def test_every_query_search_builds_matches_what_whoosh_finds(app: Flask, text: str) -> None:
    with app.app_context():
        opened = open_index()
        searcher = opened.searcher()
        for query in built_queries(opened, text):
            assert matched_docs(searcher, query) == whoosh_docs(searcher, query), query


def test_a_cluster_restriction_keeps_only_that_clusters_documents(app: Flask) -> None:
    with app.app_context():
        opened = open_index()
        searcher = opened.searcher()
        restrict = q.Term("clusters", "gegevensdeling")
        for text in QUERIES:
            for query in built_queries(opened, text):
                found = matched_docs(searcher, query, restrict)
                assert found == whoosh_docs(searcher, query, restrict), query
        everywhere = matched_docs(searcher, built_queries(opened, "digitale")[1])
        in_cluster = matched_docs(searcher, built_queries(opened, "digitale")[1], restrict)
        assert 0 < len(in_cluster) < len(everywhere)


def test_documents_in_later_segments_keep_their_numbers(tmp_path: Path) -> None:
    schema = fields.Schema(word=fields.KEYWORD(stored=True))
    whoosh_index = index.create_in(str(tmp_path), schema)
    for batch in (["alpha beta", "beta"], ["alpha", "gamma beta"], ["beta gamma"]):
        writer = whoosh_index.writer()
        for words in batch:
            writer.add_document(word=words)
        writer.commit(merge=False)  # one segment per batch
    with whoosh_index.searcher() as searcher:
        assert len(list(searcher.leaf_searchers())) == 3
        for query in [
            q.Term("word", "beta"),
            q.Or([q.Term("word", "alpha"), q.Term("word", "gamma")]),
            q.And([q.Term("word", "beta"), q.Term("word", "gamma")]),
            q.ConstantScoreQuery(q.Term("word", "alpha")),
            q.Term("word", "missing"),
            q.And([q.Term("word", "beta"), q.Term("word", "missing")]),
            q.Prefix("word", "gam"),  # not a kind search builds: Whoosh answers
        ]:
            assert matched_docs(searcher, query) == whoosh_docs(searcher, query), query
        assert matched_docs(searcher, q.Term("word", "gamma")) == {3, 4}
