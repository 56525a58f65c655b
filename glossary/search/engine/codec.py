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

from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter, W3TermInfo

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

    def new_segment(self, storage: Any, indexname: str) -> Any:
        # The segment keeps Whoosh's own codec: readers never see this class.
        plain = W3Codec(self._blocklimit, self._compression, self._inlinelimit)
        return plain.new_segment(storage, indexname)


class _InliningPostingsWriter(W3PostingsWriter):  # type: ignore[misc]  # no type information
    """Whoosh's postings writer, its inline path calling `set_inlined` (its own is broken)."""

    def finish_postings(self) -> W3TermInfo:
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo: W3TermInfo = self._terminfo  # type: ignore[has-type]  # set by Whoosh
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values)
        self._terminfo = None
        return terminfo
