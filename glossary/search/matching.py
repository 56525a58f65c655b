"""Every document a query matches, from posting lists and set operations.

A search shows the best few concepts, but it also says how many concepts match. Whoosh
answers "which documents match" (`Results.docs()`) by walking its tree of matchers document
by document in Python, which at 10 000 concepts cost more than the ranked search itself.
The queries search builds are only terms, "any of", "all of" and constant-score wrappers (the
engine's query vocabulary), so the set of matching documents is the union and intersection of
each term's posting list, read once per term (`Searcher.postings`); Python's set operations do
the rest in native code (about a third of the time on the generated 10 000-concept
framework).
"""

from __future__ import annotations

from glossary.search.engine import AnyOf, Constant, Query, Searcher, Term


def matched_docs(searcher: Searcher, query: Query, restrict: Query | None = None) -> set[int]:
    """The numbers of the documents `query` matches, within `restrict` when given."""
    found = _docs(searcher, query)
    if restrict is not None and found:
        found &= _docs(searcher, restrict)
    return found


def _docs(searcher: Searcher, query: Query) -> set[int]:
    if isinstance(query, Term):
        return searcher.postings(query.field, query.text)
    if isinstance(query, Constant):
        return _docs(searcher, query.clause)
    if isinstance(query, AnyOf):
        union: set[int] = set()
        for sub in query.clauses:
            union |= _docs(searcher, sub)
        return union
    # All of: the rarest part first (estimated from document frequencies, no postings read),
    # and no further once nothing is left in common.
    parts = sorted(query.clauses, key=lambda sub: _estimate(searcher, sub))
    if not parts:
        return set()
    common = _docs(searcher, parts[0])
    for part in parts[1:]:
        if not common:
            break
        common &= _docs(searcher, part)
    return common


def _estimate(searcher: Searcher, query: Query) -> int:
    """At least as many documents as the query matches (Whoosh's `estimate_size`)."""
    if isinstance(query, Term):
        return searcher.doc_frequency(query.field, query.text)
    if isinstance(query, Constant):
        return _estimate(searcher, query.clause)
    if isinstance(query, AnyOf):
        total = sum(_estimate(searcher, sub) for sub in query.clauses)
        return min(total, searcher.doc_count())
    return min((_estimate(searcher, sub) for sub in query.clauses), default=0)
