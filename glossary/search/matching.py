"""Every document a query matches, from posting lists and set operations.

A search shows the best few concepts, but it also says how many concepts match. Whoosh
answers "which documents match" (`Results.docs()`) by walking its tree of matchers document
by document in Python, which at 10 000 concepts cost more than the ranked search itself.
The queries search builds are only terms, "or", "and" and constant-score wrappers, so the
set of matching documents is the union and intersection of each term's posting list, read
once per term; Python's set operations do the rest in native code (about a third of the time
on the generated 10 000-concept framework). Any other kind of query falls back to Whoosh.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import query as q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import Matcher
from whoosh.searching import Searcher


def matched_docs(searcher: Searcher, query: q.Query, restrict: q.Query | None = None) -> set[int]:
    """The numbers of the documents `query` matches, within `restrict` when given."""
    found = _docs(searcher, query)
    if restrict is not None and found:
        found &= _docs(searcher, restrict)
    return found


def _docs(searcher: Searcher, query: q.Query) -> set[int]:
    if isinstance(query, q.Term):
        return _postings(searcher, query.fieldname, query.text)
    if isinstance(query, q.ConstantScoreQuery):
        return _docs(searcher, query.child)
    if isinstance(query, q.Or):
        union: set[int] = set()
        for sub in query.subqueries:
            union |= _docs(searcher, sub)
        return union
    if isinstance(query, q.And):
        # The rarest part first (Whoosh's estimate from document frequencies, no postings
        # read), and no further once nothing is left in common.
        reader = searcher.reader()
        parts = sorted(query.subqueries, key=lambda sub: sub.estimate_size(reader))
        if not parts:
            return set()
        common = _docs(searcher, parts[0])
        for part in parts[1:]:
            if not common:
                break
            common &= _docs(searcher, part)
        return common
    if query is q.NullQuery:
        return set()
    return set(searcher.docs_for_query(query))


def _postings(searcher: Searcher, field_name: str, text: str) -> set[int]:
    docs: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (field_name, text) not in reader:
            continue
        ids = _all_ids(reader.postings(field_name, text))
        docs.update(ids if offset == 0 else (docnum + offset for docnum in ids))
    return docs


def _all_ids(matcher: Matcher) -> Iterable[int]:
    """The document numbers of one term's postings.

    Whoosh's generic `all_ids` makes three method calls per posting. Its on-disk matcher
    holds each block's numbers as one decoded tuple, so whole blocks are taken instead,
    through that matcher's own block methods (Whoosh-Reloaded is pinned to one version, and
    tests/test_matching.py checks the outcome against Whoosh's walk). A matcher of any other
    kind (short posting lists are kept inline, in a list) uses the generic way.
    """
    if not isinstance(matcher, W3LeafMatcher):
        return matcher.all_ids()
    ids: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:  # noqa: SLF001
            matcher._read_ids()  # noqa: SLF001
        ids.extend(matcher._ids[matcher._i :])  # noqa: SLF001
        matcher._next_block()  # noqa: SLF001
    return ids
