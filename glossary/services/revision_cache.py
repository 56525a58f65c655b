"""Values derived from the data, kept per process for one data revision at a time.

The data changes only by an import, which bumps the data revision; anything built from the
data alone (a concept's JSON, a whole-framework export) is the same for every request until
then. Checking the revision costs one primary-key read; rebuilding a concept costs a dozen
queries.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from glossary.lru import LRU
from glossary.services.revision import Revision

# What a cache answers for a key it does not hold (None may be a kept value).
_MISSING = object()


class RevisionCache:
    """At most `max_entries` values of one revision, the least recently used dropped first."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        # The revision's stamp and its values, replaced as a whole when the revision moves.
        self._current: tuple[tuple[int, object], LRU[Any]] | None = None
        self._lock = threading.Lock()

    def get(self, revision: Revision, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value for `key` at `revision`, built by `build` when not kept yet.

        Callers must treat the value as read-only: it is shared by later requests.
        """
        stamp = (revision.number, revision.changed_at)
        current = self._current
        if current is None or current[0] != stamp:
            with self._lock:
                current = self._current
                if current is None or current[0] != stamp:
                    current = self._current = (stamp, LRU(self.max_entries))
        values = current[1]
        value = values.get(key, _MISSING)
        if value is _MISSING:
            value = build()
            # A value built while the revision moved goes with the old values, unread.
            values.put(key, value)
        return value


# The caches of each database this process serves, by name. Two apps in one process (the
# tests make many) may stand at the same revision number with different data: the engine,
# one per app, keeps them apart.
_CACHES: WeakKeyDictionary[Engine | Connection, dict[str, RevisionCache]] = WeakKeyDictionary()
_CACHES_GUARD = threading.Lock()


def revision_cache(session: Session, name: str, max_entries: int) -> RevisionCache:
    """The cache called `name` for the database `session` reads (one per worker process)."""
    with _CACHES_GUARD:
        caches = _CACHES.setdefault(session.get_bind(), {})
        cache = caches.get(name)
        if cache is None:
            cache = caches[name] = RevisionCache(max_entries)
    return cache
