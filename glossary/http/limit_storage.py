"""A storage for the `limits` library in a small SQLite file: one count for every worker of a host.

Flask-Limiter's memory:// storage counts per process, so four gunicorn workers allow four
times the documented limit; redis:// shares counts but needs a server. This storage keeps the
counters in `ratelimits.sqlite3` in the instance folder (`sqlite:///<path>` as
RATELIMIT_STORAGE_URI, written like a SQLAlchemy SQLite URL), which every process of the host
opens:

- WAL mode, so a hit never waits on a reader, and `synchronous=NORMAL` (a crash may lose the
  last counts, never the file);
- each hit is one statement, an upsert that starts a new window when the old one has ended,
  so it is one short transaction, atomic across processes and threads;
- a connection per thread and per process (a forked worker never uses its parent's handle);
- expired counters are deleted at most every CLEANUP_SECONDS: the file holds client
  addresses only for the window they count, plus at most that interval.

It implements what the fixed-window strategy (Flask-Limiter's default) needs.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from limits.errors import ConfigurationError
from limits.storage import Storage

# How long the file may keep a counter after its window ended (a client address).
CLEANUP_SECONDS = 60.0
# How long a hit waits for another process's write before it gives up (and is let through).
BUSY_TIMEOUT_MS = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID
"""
# A new window when the stored one has ended; otherwise add to it. One statement: atomic.
_INCR = """
INSERT INTO counters (key, count, expires_at) VALUES (:key, :amount, :now + :expiry)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN expires_at <= :now THEN :amount ELSE count + :amount END,
    expires_at = CASE WHEN expires_at <= :now THEN :now + :expiry ELSE expires_at END
RETURNING count
"""


def sqlite_path(uri: str) -> Path:
    """The file a storage URI names, written as for SQLAlchemy: `sqlite:///` and the path
    (`sqlite:////var/lib/glossary/ratelimits.sqlite3` is absolute, with four slashes)."""
    parts = urlsplit(uri)
    path = parts.path[1:]
    if parts.netloc or not path:
        raise ConfigurationError(
            f"a SQLite rate-limit storage is sqlite:/// followed by a file path, got '{uri}'"
        )
    return Path(path)


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file shared by the processes of one host."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, **options: float | str | bool
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = sqlite_path(uri or "")
        self._local = threading.local()
        self._next_cleanup = 0.0
        self._schema_ready = False

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use (the file is created then)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid == os.getpid():
            return connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        if not self._schema_ready:
            connection.execute(_SCHEMA)
            self._schema_ready = True
        self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        connection = self._connection()
        row = connection.execute(
            _INCR, {"key": key, "amount": amount, "now": now, "expiry": expiry}
        ).fetchone()
        if now >= self._next_cleanup:
            self._next_cleanup = now + CLEANUP_SECONDS
            self.cleanup(now)
        return int(row[0])

    def get(self, key: str) -> int:
        row = (
            self._connection()
            .execute(
                "SELECT count FROM counters WHERE key = ? AND expires_at > ?", (key, time.time())
            )
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = (
            self._connection()
            .execute("SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?", (key, now))
            .fetchone()
        )
        return float(row[0]) if row else now

    def cleanup(self, now: float | None = None) -> int:
        """Delete the counters whose window has ended; how many there were."""
        cursor = self._connection().execute(
            "DELETE FROM counters WHERE expires_at <= ?", (time.time() if now is None else now,)
        )
        return cursor.rowcount

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM counters WHERE key = ?", (key,))
