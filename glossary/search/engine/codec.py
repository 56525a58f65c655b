"""Whoosh's codec for writing, with short posting lists kept inline (engine adapter only).

Whoosh writes every term's postings as a block of their own in the postings file: a header,
a pickle and a zlib stream, some hundred bytes and a compression call even for a term one
document holds, which is most terms here (label stems, compound parts, keys). Its codec can
keep such short lists inside the term's entry instead ("inlined"), but in Whoosh-Reloaded
that path calls `set_inline` where the term information has `set_inlined`, so it is off
(`inlinelimit=1`: never). `InliningCodec` writes through a postings writer that calls the
right method; everything it writes is Whoosh's own format, which Whoosh's unchanged reader
opens (`W3Codec.postings_reader` reads inlined lists into a `ListMatcher`).

Only writing changes: a segment carries (pickled into the index's table of contents) a plain
`W3Codec`, so no reader of an index depends on this module. tests/test_engine_writer.py
checks that an index written so holds exactly the postings, lengths and stored fields of
Whoosh's own writer and ranks every query as it does.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from itertools import groupby
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3TermInfo

# Posting lists shorter than this are kept in the term's entry. At 10 000 concepts four terms
# in five are held by one document; lists of a few documents read faster inline too (one
# unpickle of the term's entry, no block to decompress).
INLINE_LIMIT = 8


class InliningCodec(W3Codec):  # type: ignore[misc]  # Whoosh has no type information
    """Whoosh's codec whose postings writer keeps lists under `inlinelimit` inline."""

    def __init__(self, inlinelimit: int = INLINE_LIMIT) -> None:
        super().__init__(inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _InliningPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)

    def new_segment(self, storage: Any, indexname: str) -> Any:
        # The segment keeps Whoosh's own codec: readers never see this class.
        plain = W3Codec(self._blocklimit, self._compression, self._inlinelimit)
        return plain.new_segment(storage, indexname)


Posting = tuple[str, bytes, int, float, bytes | None]  # field, term, document, weight, value
LengthOf = Callable[[int, str], int]


def _term(posting: Posting) -> tuple[str, bytes]:
    return posting[0], posting[1]


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]  # Whoosh has no type information
    """Whoosh's field writer, handing each term's postings to the postings writer at once.

    Whoosh's `add_postings` makes five calls per posting (its loop's checks, `add`,
    `add_posting` with four type assertions, the field length); most terms here have one to
    a few postings, written as one list (`_InliningPostingsWriter.add_term`).
    """

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[Posting]) -> None:
        length_of: LengthOf | None = lengths.doc_field_length if lengths else None
        field = None
        for (fieldname, text), group in groupby(items, key=_term):
            postings = [posting for posting in group if posting[2] != -1]  # -1: spelling
            if not postings:
                continue
            if fieldname != field:
                if field is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                field = fieldname
            self.start_term(text)
            self._postwriter.add_term(postings, length_of)
            self.finish_term()
        if field is not None:
            self.finish_field()


class _InliningPostingsWriter(W3PostingsWriter):  # type: ignore[misc]  # no type information
    """Whoosh's postings writer, its inline path calling `set_inlined` (its own is broken),
    taking a term's postings as one list."""

    def add_term(self, postings: list[Posting], length_of: LengthOf | None) -> None:
        """`add_posting` for each of one term's postings, a block's worth at a time: the
        buffered block is what `add_posting` would leave, and a full one is written when
        more follow (the last stays buffered for `finish_postings`, as with `add_posting`)."""
        fieldname = postings[0][0]
        limit = self._blocklimit
        for start in range(0, len(postings), limit):
            if self._ids:  # type: ignore[has-type]  # set by Whoosh
                self._write_block()
            block = postings[start : start + limit]
            self._ids = array("I", [posting[2] for posting in block])
            self._weights = array("f", [posting[3] for posting in block])
            self._values = [posting[4] for posting in block if posting[4]]
            self._maxweight = max(0, *(posting[3] for posting in block))
            if length_of is not None:
                known = [length for docnum in self._ids if (length := length_of(docnum, fieldname))]
                if known:
                    self._minlength, self._maxlength = min(known), max(known)

    def finish_postings(self) -> W3TermInfo:
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo: W3TermInfo = self._terminfo  # type: ignore[has-type]  # set by Whoosh
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values)
        self._terminfo = None
        return terminfo
