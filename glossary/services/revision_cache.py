"""Values derived from the data, kept per process for one data revision at a time.

The data changes only by an import, which bumps the data revision; anything built from the
data alone (a concept's JSON, a whole-framework export) is the same for every request until
then. Checking the revision costs one primary-key read; rebuilding a concept costs a dozen
queries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from glossary.services.revision import Revision


class RevisionCache:
    """At most `max_entries` values of one revision, the least recently used dropped first."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._revision: tuple[int, object] | None = None
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, revision: Revision, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value for `key` at `revision`, built by `build` when not kept yet.

        Callers must treat the value as read-only: it is shared by later requests.
        """
        stamp = (revision.number, revision.changed_at)
        with self._lock:
            if self._revision != stamp:
                self._revision, self._values = stamp, OrderedDict()
            elif key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = build()
        with self._lock:
            if self._revision == stamp:
                self._values[key] = value
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
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
