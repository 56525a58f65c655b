"""A bounded map that forgets the least recently used entry first, safe across threads.

The caches of a worker (recent searches per index version, values per data revision) keep
what they may repeat: `functools.lru_cache` does not fit them, because what is kept is
decided after the value is made (a search cut short is not kept) or is dropped as a whole
when the data revision moves.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar, cast

V = TypeVar("V")
D = TypeVar("D")
_MISSING: object = object()


class LRU(Generic[V]):
    """At most `size` values; reading or writing a key makes it the most recently used."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: D) -> V | D:
        """The value kept for `key`, or `default` (a kept value may itself be None)."""
        with self._lock:
            found = self._items.get(key, _MISSING)
            if found is _MISSING:
                return default
            self._items.move_to_end(key)
            return cast(V, found)  # not _MISSING, so a kept value

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
