"""Term lookups of an opened Whoosh reader, remembered (used by the engine adapter only).

Whoosh objects are handled here only through the attributes the engine adapter
(`engine/`, the one package that imports Whoosh) passes in: a reader's segments, each with
its term reader and that reader's hashed term table.
"""

from __future__ import annotations

from typing import Any

# Term lookups remembered per opened reader: a search looks each of its terms up four or five
# times (Whoosh's size estimates, its matchers, the posting lists of `matched_docs`), each an
# MD5 hash and a probe of the hashed term table in Python. Past this many (a few MB) they
# start afresh.
MAX_REMEMBERED_TERMS = 20_000
_ABSENT: Any = object()


class _TermTable:
    """Whoosh's hashed term table (OrderedHashReader), its key lookups remembered.

    Whoosh's term reader asks the table for a key's value range (`range_for_key`), whether
    it holds a key (`in`) and a key's value (`[key]`); those three are answered from the
    remembered ranges, everything else (ordered walks, cursors) goes to the table itself.
    """

    def __init__(self, table: Any) -> None:
        self._table = table
        self._ranges: dict[bytes, tuple[int, int] | None] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)

    def _range(self, key: bytes) -> tuple[int, int] | None:
        found = self._ranges.get(key, _ABSENT)
        if found is _ABSENT:
            found = next(iter(self._table.ranges_for_key(key)), None)
            if len(self._ranges) >= MAX_REMEMBERED_TERMS:
                self._ranges = {}
            self._ranges[key] = found
        return found  # type: ignore[no-any-return]  # a range or None, as stored

    def range_for_key(self, key: bytes) -> tuple[int, int]:
        found = self._range(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: bytes) -> bool:
        return self._range(key) is not None

    def __getitem__(self, key: bytes) -> bytes:
        position, length = self.range_for_key(key)
        value: bytes = self._table.dbfile.get(position, length)
        return value


def remember_term_lookups(reader: Any) -> Any:
    """`reader` with the term table of each of its segments wrapped in a `_TermTable`."""
    for leaf, _ in reader.leaf_readers():
        terms: Any = getattr(leaf, "_terms", None)
        table = getattr(terms, "_tindex", None)
        if table is not None and not isinstance(table, _TermTable):
            terms._tindex = _TermTable(table)  # noqa: SLF001
    return reader
