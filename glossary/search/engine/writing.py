"""Writing an index version through Whoosh (part of the engine adapter, the one package that
imports Whoosh): the schema, and a writer whose shortcuts write what Whoosh's own writer
writes, faster (tests/test_engine_writer.py pins them to it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from glossary.search.engine.codec import InliningCodec

# Whoosh spills its in-memory postings to disk beyond this many megabytes (as estimated with
# POSTING_BYTES). Spilling pickles every posting into sorted runs and merges them back: at
# 100 000 concepts (6.7 million postings) a third of the build's CPU. 768 MB keeps 100 000
# concepts in memory (peak RSS of the build 1.7 GB against 1.1 GB when it spilled at 256).
WRITER_MEMORY_MB = 768
# What a posting waiting in the writer's pool takes: its tuple and the list's pointer to it
# (terms, weights and values are shared objects, see `_postings`), with some room.
POSTING_BYTES = 100

# What each field holds is written down in index_build.py, which fills them.
SCHEMA = fields.Schema(
    cid=fields.ID(stored=True, sortable=True),
    lang=fields.ID(stored=True),
    clusters=fields.KEYWORD(stored=True),
    pref_key=fields.KEYWORD,
    alt_key=fields.KEYWORD,
    label=fields.KEYWORD(scorable=True),
    surface=fields.KEYWORD,
    definition=fields.KEYWORD(scorable=True),
    explanation=fields.KEYWORD(scorable=True),
    labels=fields.STORED,
    prefs=fields.STORED,
    note=fields.STORED,
)


class _LengthReader(W3PerDocReader):  # type: ignore[misc]  # Whoosh has no type information
    """Whoosh's per-document reader, reading each field's lengths once.

    Flushing a segment asks for the length of every posting's field. Whoosh's reader decodes
    it from the column one call at a time, and for a field that keeps no lengths (all but
    `label` and `definition`) looks for the column file anew: one `os.stat` per posting.
    """

    def __init__(self, storage: Any, segment: Any) -> None:
        super().__init__(storage, segment)
        self._lengths: dict[str, list[int] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._field_lengths(fieldname)
        lengths = self._lengths[fieldname]
        return default if lengths is None else lengths[docnum]

    def _field_lengths(self, fieldname: str) -> list[int] | None:
        """Every document's length of the field; None when the field keeps no lengths."""
        read = super().doc_field_length
        if read(0, fieldname, _NO_LENGTHS) is _NO_LENGTHS:
            return None
        return [read(docnum, fieldname) for docnum in range(self._doccount)]


_NO_LENGTHS: Any = object()


class _SegmentWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh has no type information
    """Whoosh's segment writer, adding term lists itself and flushing with a `_LengthReader`.

    Only the writer changes: codecs and segments are pickled into the index's table of
    contents, so replacing those would tie every reader of the index to this module.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each term's bytes, made once: the postings waiting in the pool share them.
        self._encoded: dict[str, bytes] = {}

    def add_document(self, **fields: Any) -> None:
        """Whoosh's `add_document` for documents without boosts, vectors or spelling fields
        (ours), a term field's list of terms counted here: Whoosh's own way sends each term
        through a token object, a format's generator and an encoding step, a third of the
        time of adding a document."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        posts: list[tuple[str, bytes, int, float, bytes]] = []
        perdocwriter.start_doc(docnum)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    for tbytes, freq, weight, vbytes in _postings(field, value, self._encoded):
                        if field.scorable:
                            length += freq
                        posts.append((name, tbytes, docnum, weight, vbytes))
                perdocwriter.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    column_value = field.to_column_value(value)
                    perdocwriter.add_column_value(name, field.column_type, column_value)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._pool(posts)
        self._added = True
        self.docnum += 1

    def per_document_reader(self) -> W3PerDocReader:
        if not self.perdocwriter.is_closed:
            raise RuntimeError("Per-doc writer is still open")
        return _LengthReader(self.storage, self.get_segment())

    def _pool(self, posts: list[tuple[str, bytes, int, float, bytes]]) -> None:
        """The postings of a document into Whoosh's pool at once (its `add` checks and sizes
        each), spilled to disk past the writer's memory as `add` would."""
        pool = self.pool
        pool.fieldnames.update(post[0] for post in posts)
        pool.current.extend(posts)
        pool.currentsize += POSTING_BYTES * len(posts)
        if pool.currentsize > pool.limit:
            pool.save()


def _postings(
    field: fields.FieldType, value: Any, encoded: dict[str, bytes]
) -> Iterable[tuple[bytes, int, float, bytes]]:
    """(term, frequency, weight, encoded value) of each distinct term of a field's value, as
    Whoosh's `field.index` gives them; a term's bytes, weight and value are shared objects
    (`encoded`, `_frequency`), so a posting in the pool costs its tuple only."""
    kind = type(field.format)
    if not isinstance(value, list) or kind not in (Existence, Frequency):
        return field.index(value)  # type: ignore[no-any-return]
    boost = field.format.field_boost
    terms = [encoded.get(term) or encoded.setdefault(term, term.encode()) for term in value]
    if kind is Existence:
        return [(tbytes, 1, boost, b"") for tbytes in set(terms)]
    counts = Counter(terms)
    return [(tbytes, count, *_frequency(count, boost)) for tbytes, count in counts.items()]


@lru_cache(maxsize=1024)
def _frequency(count: int, boost: float) -> tuple[float, bytes]:
    """A Frequency posting's weight and encoded value."""
    return count * boost, pack_uint(count)


class Writer:
    """Documents going into a new index: committed when the `with` block ends, dropped when
    it raises."""

    def __init__(self, folder: Path, *, existing: bool = False) -> None:
        at = str(folder)  # `existing`: a copy of a version, updated (see index_update.py)
        self._index = whoosh_index.open_dir(at) if existing else whoosh_index.create_in(at, SCHEMA)
        self._writer = _SegmentWriter(self._index, limitmb=WRITER_MEMORY_MB, codec=InliningCodec())

    def add_documents(self, documents: Iterable[Mapping[str, Any]]) -> int:
        """Add `documents` (field name → value; a term field takes a list of terms, which
        Whoosh takes as its tokens); the number added."""
        added = 0
        for document in documents:
            self._writer.add_document(**document)
            added += 1
        return added

    def delete(self, field: str, value: str) -> int:
        """Delete the documents whose `field` holds `value`; the number deleted."""
        return int(self._writer.delete_by_term(field, value))

    def __enter__(self) -> Writer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            self._writer.cancel()
        else:
            self._writer.commit()
        self._index.close()
