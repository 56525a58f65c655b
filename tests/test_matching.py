"""The documents a query matches, from the engine adapter's posting lists: the same set
Whoosh's own walk gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from whoosh import fields, index

from glossary.search import query as search_query
from glossary.search.engine import AllOf, AnyOf, Constant, Engine, Query, Term, to_whoosh
from glossary.search.matching import matched_docs
from tests.search_helpers import open_index

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


def whoosh_docs(folder: Path, query: Query, restrict: Query | None = None) -> set[int]:
    """The documents Whoosh's own walk finds, on the index opened by Whoosh itself."""
    wanted = to_whoosh(query if restrict is None else AllOf((query, restrict)))
    with index.open_dir(str(folder)).searcher() as searcher:
        return set(searcher.docs_for_query(wanted))


def built_queries(opened, text: str) -> list[Query]:
    terms = search_query.query_terms(
        search_query.analyse(text), list(opened.version.details["languages"])
    )
    vocabulary = opened.vocabulary
    return [
        search_query.exact_query(terms),
        search_query.words_query(terms),
        search_query.tolerant_query(terms, vocabulary),
        search_query.partial_query(terms, vocabulary),
    ]


@pytest.mark.parametrize("text", QUERIES)
def test_every_query_search_builds_matches_what_whoosh_finds(app: Flask, text: str) -> None:
    with app.app_context():
        opened = open_index()
        searcher, folder = opened.searcher(), opened.version.path
        for query in built_queries(opened, text):
            assert matched_docs(searcher, query) == whoosh_docs(folder, query), query


def test_a_cluster_restriction_keeps_only_that_clusters_documents(app: Flask) -> None:
    with app.app_context():
        opened = open_index()
        searcher, folder = opened.searcher(), opened.version.path
        restrict = Term("clusters", "gegevensdeling")
        for text in QUERIES:
            for query in built_queries(opened, text):
                found = matched_docs(searcher, query, restrict)
                assert found == whoosh_docs(folder, query, restrict), query
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
    searcher = Engine.open(tmp_path).searcher()
    for query in [
        Term("word", "beta"),
        AnyOf((Term("word", "alpha"), Term("word", "gamma"))),
        AllOf((Term("word", "beta"), Term("word", "gamma"))),
        Constant(Term("word", "alpha")),
        Term("word", "missing"),
        AllOf((Term("word", "beta"), Term("word", "missing"))),
        AnyOf(()),
    ]:
        assert matched_docs(searcher, query) == whoosh_docs(tmp_path, query), query
    assert matched_docs(searcher, Term("word", "gamma")) == {3, 4}


def whoosh_ranking(folder: Path, query: Query, limit: int, restrict: Query | None) -> list[int]:
    """The documents Whoosh's own search ranks first, on the index opened by Whoosh itself."""
    within = None if restrict is None else to_whoosh(restrict)
    with index.open_dir(str(folder)).searcher() as searcher:
        results = searcher.search(to_whoosh(query), limit=limit, filter=within)
        return [hit.docnum for hit in results]


@pytest.mark.parametrize("text", QUERIES)
def test_the_engine_ranks_every_query_as_whoosh_does(app: Flask, text: str) -> None:
    # The adapter leaves out terms the index does not hold before Whoosh builds its matchers.
    with app.app_context():
        opened = open_index()
        searcher, folder = opened.searcher(), opened.version.path
        for restrict in (None, Term("lang", "nl"), Term("clusters", "gegevensdeling")):
            for query in built_queries(opened, text):
                found = searcher.search(query, 60, restrict)
                assert found == whoosh_ranking(folder, query, 60, restrict), (query, restrict)


def test_a_query_of_absent_terms_ranks_nothing(tmp_path: Path) -> None:
    schema = fields.Schema(word=fields.KEYWORD(stored=True))
    writer = index.create_in(str(tmp_path), schema).writer()
    writer.add_document(word="alpha beta")
    writer.commit()
    searcher = Engine.open(tmp_path).searcher()
    assert searcher.search(AllOf((Term("word", "alpha"), Term("word", "missing"))), 10) == []
    assert searcher.search(AnyOf((Term("word", "missing"), Term("word", "beta"))), 10) == [0]
    assert searcher.search(Term("word", "alpha"), 10, Term("word", "missing")) == []


def test_each_documents_language_comes_from_the_posting_lists(app: Flask) -> None:
    with app.app_context():
        opened = open_index()
        searcher = opened.searcher()
        languages = searcher.keyword("lang")
        assert {languages(docnum) for docnum in range(searcher.doc_count())} == {"nl", "en"}
        for docnum in range(searcher.doc_count()):
            assert languages(docnum) == searcher.stored(docnum)["lang"]
