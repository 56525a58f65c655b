"""The engine adapter: the one package that knows Whoosh (this module, `memory.py` for reading,
`writing.py` and `codec.py` for writing).

Analysis, typo tolerance, completion, ranking and the index lifecycle talk to this module
only, in its own vocabulary:

- `Engine.create(folder)` gives a `Writer` (`add_documents`, committed when its block ends),
  `Engine.open(folder)` an opened index version; `Engine.searcher()` is this thread's
  `Searcher`, which ranks (`search`), reads posting lists whole (`postings`), stored fields,
  a column and term frequencies;
- queries are `Term`, `AnyOf`, `AllOf` and `Constant`, translated here (`to_whoosh`);
- `stemmer_for` and `stopwords_for` give the language tools the analysis uses;
- `IndexDamaged` is the only error a reader of the index needs to know: a Whoosh call that
  fails because the files are missing, cut short or altered raises it, and only it makes the
  lifecycle drop a version and rebuild. Any other exception is a bug and propagates.

Whoosh-Reloaded is pinned to one version (pyproject.toml). The shortcuts below use its
internals for speed, each with the measured reason; tests/test_matching.py,
tests/test_typos.py and tests/test_engine_writer.py pin their answers against Whoosh's own.
"""

from __future__ import annotations

import pickle
import struct
import threading
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.lang import has_stemmer, has_stopwords, stemmer_for_language, stopwords_for_language
from whoosh.matching import Matcher
from whoosh.searching import Searcher as WhooshSearcher

from glossary.search.engine.memory import MemoryStorage
from glossary.search.engine.writing import SCHEMA, Writer
from glossary.search.term_table import MAX_REMEMBERED_TERMS, remember_term_lookups

__all__ = ["SCHEMA", "Writer"]  # the rest is defined here

# --- damage -------------------------------------------------------------------------------


class IndexDamaged(Exception):
    """The index files cannot be read: missing, cut short or altered under the reader."""


# What reading files that are missing, cut short or altered raises inside Whoosh (measured by
# damaging an opened version's files at random: end of file and unpickling errors most, then
# undecodable text, short structs, a missing file, a broken compressed block) and Whoosh's own
# index errors (EmptyIndexError, IndexVersionError). Only these, and only when a Whoosh call
# raises them, mean damage; the same exception from our own code is a bug.
DAMAGE = (
    whoosh_index.IndexError,
    OSError,
    EOFError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    UnicodeDecodeError,
)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _reading(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """`method`, with a damaged file's error raised as IndexDamaged."""

    def read(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except DAMAGE as error:
            raise IndexDamaged(f"{type(error).__name__}: {error}") from error

    read.__doc__ = method.__doc__
    read.__name__ = method.__name__
    return read


# --- queries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """Documents whose `field` holds the term `text`; `boost` multiplies its score."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    """Documents matching any clause; the scores of the matching clauses add up."""

    clauses: tuple[Query, ...]


@dataclass(frozen=True)
class AllOf:
    """Documents matching every clause."""

    clauses: tuple[Query, ...]


@dataclass(frozen=True)
class Constant:
    """The clause's documents, every one scored alike (as a typo-tolerant term is)."""

    clause: Query


Query = Term | AnyOf | AllOf | Constant


def to_whoosh(query: Query) -> q.Query:
    """The Whoosh query of the same tree (so ranking is Whoosh's BM25F over it, unchanged)."""
    if isinstance(query, Term):
        return q.Term(query.field, query.text, boost=query.boost)
    if isinstance(query, AnyOf):
        # Whoosh's plain Or picks, below 5 000 documents, a matcher that clears an array of
        # 2 048 scores in Python for every Or of the tree: three quarters of a search's time
        # on the bundled framework. Its binary tree of unions adds up the same scores.
        return q.DefaultOr([to_whoosh(clause) for clause in query.clauses])
    if isinstance(query, AllOf):
        return q.And([to_whoosh(clause) for clause in query.clauses])
    return q.ConstantScoreQuery(to_whoosh(query.clause))


# --- language tools -----------------------------------------------------------------------


def stemmer_for(lang: str) -> Callable[[str], str] | None:
    """The Snowball stemmer of a language ("nl", "en-GB"), or None when there is none."""
    base = lang.split("-")[0].lower()
    if not has_stemmer(base):
        return None
    stem: Callable[[str], str] = stemmer_for_language(base)
    return stem


def stopwords_for(lang: str) -> frozenset[str]:
    """The stop words of a language, empty when there are none."""
    base = lang.split("-")[0].lower()
    if not has_stopwords(base):
        return frozenset()
    return frozenset(stopwords_for_language(base))


# --- reading ------------------------------------------------------------------------------


class Engine:
    """One index version opened for reading; versions never change once written."""

    def __init__(self, opened: Any) -> None:
        self._index = opened
        self._reader = remember_term_lookups(opened.reader())
        self._searchers = threading.local()
        # Per sortable field: each document's value as a small number (see `distinct`).
        self._ordinals: dict[str, array[int]] = {}
        self._keywords: dict[str, Callable[[int], str]] = {}
        self._ordinals_guard = threading.Lock()

    @staticmethod
    def create(folder: Path) -> Writer:
        """A writer of a new index in the empty `folder`."""
        return Writer(folder)

    @classmethod
    @_reading
    def open(cls, folder: Path) -> Engine:
        """The index in `folder`; IndexDamaged when its files cannot be read."""
        return cls(MemoryStorage(folder).open_index())

    def searcher(self) -> Searcher:
        """This thread's searcher (Whoosh's searchers are not shared between threads)."""
        searcher: Searcher | None = getattr(self._searchers, "searcher", None)
        if searcher is None:
            whoosh_searcher = self._index.searcher()
            remember_term_lookups(whoosh_searcher.reader())
            searcher = self._searchers.searcher = Searcher(whoosh_searcher, self)
        return searcher

    def ordinals(self, field: str) -> array[int]:
        """Each document's value of a sortable field as a number, equal values alike: read
        from the column once per version (4 bytes a document), so counting distinct values
        among thousands of documents costs no column reads."""
        return self._read_once(self._ordinals, field, _read_ordinals)

    def keyword(self, field: str) -> Callable[[int], str]:
        """Each document's one term of a field that holds one (`lang`), by document number:
        read from the field's posting lists once per version (a byte a document), so telling
        a hit's language reads no stored fields (each read unpickles all of them)."""
        return self._read_once(self._keywords, field, _read_keyword)

    def _read_once(self, cache: dict[str, _R], field: str, read: Callable[[Any, str], _R]) -> _R:
        """`read(reader, field)` once per version and field, however many threads ask."""
        found = cache.get(field)
        if found is None:
            with self._ordinals_guard:
                found = cache.get(field)
                if found is None:
                    found = cache[field] = read(self._reader, field)
        return found

    @_reading
    def field_terms(self, field: str) -> list[str]:
        """Every term of a field."""
        return list(self._reader.field_terms(field))

    @_reading
    def doc_frequency(self, field: str, text: str) -> int:
        """The number of documents holding the term."""
        return int(self._reader.doc_frequency(field, text))


class Searcher:
    """Ranked search and whole posting lists over one opened version, for one thread."""

    def __init__(self, searcher: WhooshSearcher, engine: Engine) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._engine = engine
        self._columns: dict[str, Column] = {}
        self._held: dict[tuple[str, str], bool] = {}

    @_reading
    def search(self, query: Query, limit: int, within: Query | None = None) -> list[int]:
        """The best `limit` documents of `query` (BM25F), best first, within `within`.

        Terms the index does not hold are left out first (they match nothing and add
        nothing to a score), and a query or restriction left empty is not searched at all:
        a word's clauses name it in every field and language, most absent, and Whoosh builds
        and sizes a matcher for each (tests/test_matching.py pins the ranking to Whoosh's)."""
        present = self._present(query)
        if present is None:
            return []
        restrict = None
        if within is not None:
            kept = self._present(within)
            if kept is None:
                return []
            restrict = to_whoosh(kept)
        results = self._searcher.search(to_whoosh(present), limit=limit, filter=restrict)
        return [hit.docnum for hit in results]

    def _present(self, query: Query) -> Query | None:
        """`query` without the terms the index lacks; None when it can match nothing."""
        if isinstance(query, Term):
            return query if self._holds(query.field, query.text) else None
        if isinstance(query, Constant):
            clause = self._present(query.clause)
            return None if clause is None else Constant(clause)
        kept = [self._present(clause) for clause in query.clauses]
        if isinstance(query, AllOf):
            if not kept or any(clause is None for clause in kept):
                return None
            return AllOf(tuple(clause for clause in kept if clause is not None))
        left = tuple(clause for clause in kept if clause is not None)
        return AnyOf(left) if left else None

    def _holds(self, field: str, text: str) -> bool:
        """Whether the index holds the term; remembered (Whoosh's check encodes the term and
        walks the schema each time), up to MAX_REMEMBERED_TERMS, then afresh."""
        held = self._held.get((field, text))
        if held is None:
            if len(self._held) >= MAX_REMEMBERED_TERMS:
                self._held = {}
            held = self._held[(field, text)] = (field, text) in self._reader
        return held

    def keyword(self, field: str) -> Callable[[int], str]:
        """Each document's one term of a field that holds one (see `Engine.keyword`)."""
        return self._engine.keyword(field)

    @_reading
    def postings(self, field: str, text: str) -> set[int]:
        """Every document holding the term, read block by block (see `_all_ids`)."""
        docs: set[int] = set()
        for leaf, offset in self._searcher.leaf_searchers():
            reader = leaf.reader()
            if (field, text) not in reader:
                continue
            ids = _all_ids(reader.postings(field, text))
            docs.update(ids if offset == 0 else (docnum + offset for docnum in ids))
        return docs

    @_reading
    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored fields of a document."""
        stored: dict[str, Any] = self._searcher.stored_fields(docnum)
        return stored

    @_reading
    def distinct(self, field: str, docs: Iterable[int]) -> int:
        """How many different values a sortable field has among `docs`."""
        return len(set(map(self._engine.ordinals(field).__getitem__, docs)))

    @_reading
    def column(self, field: str) -> Column:
        """The values of a sortable field, by document number.

        Kept by the searcher: opening Whoosh's column reader decodes the column's table of
        offsets for every document, which at 10 000 concepts cost more than a search."""
        column = self._columns.get(field)
        if column is None:
            column = self._columns[field] = Column(self._reader.column_reader(field))
        return column

    @_reading
    def frequency(self, field: str, text: str) -> float:
        """How often the term occurs in all documents."""
        return float(self._reader.frequency(field, text))

    @_reading
    def doc_frequency(self, field: str, text: str) -> int:
        """The number of documents holding the term."""
        return int(self._reader.doc_frequency(field, text))

    def doc_count(self) -> int:
        """The number of documents in the version."""
        return int(self._reader.doc_count())


class Column:
    """The values of one field by document number (`column[docnum]`)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def __getitem__(self, docnum: int) -> Any:
        # Read per hit and per matched document: the try is inline rather than `_reading`.
        try:
            return self._reader[docnum]
        except DAMAGE as error:
            raise IndexDamaged(f"{type(error).__name__}: {error}") from error


def _read_keyword(reader: Any, field: str) -> Callable[[int], str]:
    terms: list[str] = []
    numbers = array("B")
    for _offset, (leaf_terms, leaf_numbers) in _per_segment(reader, field, _leaf_keyword):
        known = {text: number for number, text in enumerate(terms)}
        for text in leaf_terms:
            if text not in known:
                known[text] = len(terms)
                terms.append(text)
        if len(terms) > 255:
            raise ValueError(f"{field} holds {len(terms)} terms: not one of a few per document")
        # The segment's term numbers renumbered to this version's, in one C-level pass.
        table = bytes(known[text] for text in leaf_terms).ljust(256, b"\0")
        numbers.frombytes(leaf_numbers.tobytes().translate(table))
    return lambda docnum: terms[numbers[docnum]]


def _leaf_keyword(leaf: Any, field: str) -> tuple[list[str], array[int]]:
    terms = list(leaf.field_terms(field))
    if len(terms) > 255:
        raise ValueError(f"{field} holds {len(terms)} terms: not one of a few per document")
    numbers = array("B", bytes(leaf.doc_count_all()))
    for number, text in enumerate(terms):
        for docnum in leaf.postings(field, text).all_ids():
            numbers[docnum] = number
    return terms, numbers


def _read_ordinals(reader: Any, field: str) -> array[int]:
    numbers: dict[Any, int] = {}
    return array(
        "I",
        (
            numbers.setdefault(value, len(numbers))
            for _offset, values in _per_segment(reader, field, _leaf_column)
            for value in values
        ),
    )


def _leaf_column(leaf: Any, field: str) -> list[Any]:
    return list(leaf.column_reader(field))


# What `ordinals` and `keyword` read from each segment, by segment, field and reader. An
# index update writes a version that shares its unchanged segments with the version before
# (hard links: the same segment id and documents), so the first search of the new version
# reads only the segments the update wrote, not a column of every document (at 100 000
# concepts a good part of the wait before a publication was searchable). Bounded: the
# segments of a few versions.
_segment_values: OrderedDict[tuple[str, str, str, int], Any] = OrderedDict()
_segment_guard = threading.Lock()
SEGMENT_VALUES_KEPT = 256


def _per_segment(reader: Any, field: str, read: Callable[[Any, str], _R]) -> list[tuple[int, _R]]:
    """`read(segment reader, field)` for every segment of `reader`, with its first document
    number; from `_segment_values` where an earlier version read the same segment."""
    found: list[tuple[int, _R]] = []
    for leaf, offset in reader.leaf_readers():
        key = (read.__name__, leaf.segment().segment_id(), field, leaf.doc_count_all())
        with _segment_guard:
            values = _segment_values.get(key)
            if values is not None:
                _segment_values.move_to_end(key)
        if values is None:
            values = read(leaf, field)
            with _segment_guard:
                _segment_values[key] = values
                while len(_segment_values) > SEGMENT_VALUES_KEPT:
                    _segment_values.popitem(last=False)
        found.append((offset, values))
    return found


def _all_ids(matcher: Matcher) -> Iterable[int]:
    """The document numbers of one term's postings.

    Whoosh's generic `all_ids` makes three method calls per posting. Its on-disk matcher
    holds each block's numbers as one decoded tuple, so whole blocks are taken instead,
    through that matcher's own block methods (tests/test_matching.py checks the outcome
    against Whoosh's walk). A matcher of any other kind (short posting lists are kept
    inline, in a list) uses the generic way.
    """
    if not isinstance(matcher, W3LeafMatcher):
        generic: Iterable[int] = matcher.all_ids()
        return generic
    ids: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:  # noqa: SLF001
            matcher._read_ids()  # noqa: SLF001
        ids.extend(matcher._ids[matcher._i :])  # noqa: SLF001
        matcher._next_block()  # noqa: SLF001
    return ids
