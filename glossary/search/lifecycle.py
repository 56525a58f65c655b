"""Keeping this process's search index at the database's data revision.

The database is the truth; the index is derived from it. Whoever needs the index calls
`open_index()`, which compares the version on disk with the data revision and

- opens it when it is current (once per process and version; reads after that are free);
- rebuilds it first when it is missing or damaged, or stale and small enough to rebuild
  within a request (`GLOSSARY_INDEX_INLINE_LIMIT` concepts);
- otherwise serves the stale version and rebuilds in a background thread, so a large
  framework never holds a request for the length of a build.

Builders take the store's lock (see `index_store.py`), so of many workers one builds and the
others keep serving the previous version until the pointer moves. `ensure_current_index()`
(the import command, `flask glossary reindex`, gunicorn start-up) builds in the foreground.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy.orm import Session

from glossary.models import db
from glossary.search.completion import CompletionTable
from glossary.search.engine import Engine, IndexDamaged, Searcher
from glossary.search.index_build import read_concepts, write_index
from glossary.search.index_store import IndexStore, Version, VersionDamaged
from glossary.search.typos import Vocabulary
from glossary.services.revision import current_revision, read_revision

log = logging.getLogger(__name__)


class SearchUnavailable(RuntimeError):
    """No index can be opened or built right now."""


@dataclass(frozen=True)
class IndexReport:
    """What bringing the index up to date did."""

    built: bool
    revision: int
    concepts: int
    seconds: float
    reason: str
    path: str

    def describe(self) -> str:
        if not self.built:
            return (
                f"search index is current: revision {self.revision}, "
                f"{self.concepts} concepts ({self.path})"
            )
        return (
            f"search index built ({self.reason}): revision {self.revision}, "
            f"{self.concepts} concepts in {self.seconds:.2f} s ({self.path})"
        )


class OpenIndex:
    """One index version opened by this process: the engine's files and the completion table."""

    def __init__(self, version: Version) -> None:
        self.version = version
        self.engine = Engine.open(version.path)
        self.completions = CompletionTable(version.path)
        self.vocabulary = Vocabulary(self.engine)

    @property
    def revision(self) -> int:
        return self.version.revision

    @property
    def concepts(self) -> int:
        return int(self.version.details.get("concepts", 0))

    def searcher(self) -> Searcher:
        """This thread's searcher (versions never change, so one can be kept)."""
        return self.engine.searcher()


_opened: dict[str, OpenIndex] = {}
_refreshing: set[str] = set()
_guard = threading.Lock()


def store() -> IndexStore:
    return IndexStore(Path(current_app.config["GLOSSARY_INDEX_DIR"]))


def _scheme_id() -> str:
    return current_app.config["GLOSSARY_SCHEME_ID"]


def _build(
    index_store: IndexStore, session: Session, scheme_id: str, *, force: bool, wait: bool
) -> IndexReport | None:
    """Build a version at the data revision unless a current one exists; None if locked."""
    with index_store.build_lock(wait=wait) as locked:
        if not locked:
            return None
        # The database as it is now, not the revision the request read when it began: a
        # version is labelled with the revision of the data it holds.
        revision = read_revision(session).number
        existing = _current_or_none(index_store)
        if existing is not None and existing.revision == revision and not force:
            return IndexReport(
                False,
                revision,
                int(existing.details.get("concepts", 0)),
                0.0,
                "current",
                str(existing.path),
            )
        reason = (
            "requested"
            if force
            else "missing or damaged"
            if existing is None
            else f"stale: revision {existing.revision} < {revision}"
        )
        started = time.perf_counter()
        concepts = read_concepts(session, scheme_id)
        version = index_store.publish(revision, lambda folder: write_index(folder, concepts))
        seconds = time.perf_counter() - started
        log.info("search index built (%s): revision %s in %.2f s", reason, revision, seconds)
        return IndexReport(True, revision, len(concepts), seconds, reason, str(version.path))


def _current_or_none(index_store: IndexStore) -> Version | None:
    name = index_store.current_name()
    if name is None:
        return None
    try:
        return index_store.open_version(name)
    except VersionDamaged as damaged:
        log.warning("search index version is damaged and will be rebuilt: %s", damaged)
        return None


def ensure_current_index() -> IndexReport:
    """Bring the index to the data revision now, waiting for another builder if need be."""
    report = _build(store(), db.session, _scheme_id(), force=False, wait=True)
    assert report is not None  # waiting for the lock always gets it
    return report


def rebuild_index() -> IndexReport:
    """Build a new version even when the current one is up to date."""
    report = _build(store(), db.session, _scheme_id(), force=True, wait=True)
    assert report is not None
    return report


def _open(index_store: IndexStore) -> OpenIndex | None:
    """This process's opened current version, reopened when the pointer has moved."""
    root = str(index_store.root)
    name = index_store.current_name()
    opened = _opened.get(root)
    if opened is not None and opened.version.name == name:
        return opened
    version = _current_or_none(index_store)
    if version is None:
        return None
    try:
        fresh = OpenIndex(version)
    except IndexDamaged as error:
        log.warning("search index %s cannot be opened: %s", version.name, error)
        return None
    with _guard:
        _opened[root] = fresh
    return fresh


def forget_opened() -> None:
    """Drop this process's opened version, so the next call checks the disk again."""
    with _guard:
        _opened.pop(str(store().root), None)


def open_index() -> OpenIndex:
    """The index to answer a request with: current, or stale while a rebuild runs."""
    index_store = store()
    revision = current_revision(db.session).number
    opened = _open(index_store)
    if opened is not None and opened.revision == revision:
        return opened
    inline_limit = int(current_app.config.get("GLOSSARY_INDEX_INLINE_LIMIT", 5000))
    if opened is None or opened.concepts <= inline_limit:
        try:
            report = _build(index_store, db.session, _scheme_id(), force=False, wait=opened is None)
        except OSError as error:
            # A folder that cannot be written (read-only disk, a file in its place): the
            # index we have answers meanwhile; without one, search is out (503), which is
            # an outage, not a bug in the request.
            # The error names the index folder: it goes to the log, never into an answer.
            if opened is not None:
                log.error(
                    "search index cannot be rebuilt, serving revision %s: %s",
                    opened.revision,
                    error,
                )
                return opened
            log.error("search index cannot be built: %s", error)
            raise SearchUnavailable("the search index cannot be built") from error
        if report is None:  # someone else is building: serve what we have meanwhile
            assert opened is not None
            return opened
        fresh = _open(index_store)
        if fresh is None:
            raise SearchUnavailable("the search index could not be built")
        return fresh
    _refresh_in_background(current_app._get_current_object(), str(index_store.root))  # type: ignore[attr-defined]
    return opened


def _refresh_in_background(app: Flask, root: str) -> None:
    with _guard:
        if root in _refreshing:
            return
        _refreshing.add(root)

    def refresh() -> None:
        try:
            with app.app_context():
                _build(IndexStore(root), db.session, _scheme_id(), force=False, wait=False)
                db.session.remove()
        except Exception:
            log.exception("background rebuild of the search index failed")
        finally:
            with _guard:
                _refreshing.discard(root)

    threading.Thread(target=refresh, name="search-index-refresh", daemon=True).start()


@dataclass(frozen=True)
class IndexState:
    data_revision: int
    index_revision: int | None

    @property
    def ready(self) -> bool:
        return self.index_revision == self.data_revision


def index_state() -> IndexState:
    """The data revision and the revision of the index this process answers with."""
    revision = current_revision(db.session).number
    try:
        opened = open_index()
    except SearchUnavailable:
        return IndexState(revision, None)
    return IndexState(revision, opened.revision)
