"""Keeping this process's search index at the database's data revision.

The database is the truth; the index is derived from it. Whoever needs the index calls
`open_index(config, session, revision)` with the app's `IndexConfig`, a database session and
the data revision it answers for (nothing here reads the app or the request), which compares
the version on disk with that revision and

- opens it when it is current (once per process and version; reads after that are free);
- updates it when it is stale and the change log names the concepts that changed since its
  revision, at most `GLOSSARY_INDEX_UPDATE_LIMIT` of them: only those are rewritten
  (`index_update.py`), within the request whatever the size of the framework;
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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glossary.models import DataRevision
from glossary.search.completion import CompletionTable
from glossary.search.engine import Engine, IndexDamaged, Searcher
from glossary.search.index_build import read_concepts, write_index
from glossary.search.index_store import IndexStore, Version, VersionDamaged
from glossary.search.index_update import (
    can_update,
    changed_concepts,
    lexicon_of,
    update_version,
    write_lexicon,
)
from glossary.search.typos import Vocabulary

log = logging.getLogger(__name__)


# Concepts a stale version may hold and still be rebuilt within a request
# (GLOSSARY_INDEX_INLINE_LIMIT); a larger one is served while a thread rebuilds it.
DEFAULT_INLINE_LIMIT = 5000
# Concepts changed since a version's revision that an update rewrites; more, and the version
# is rebuilt in full (GLOSSARY_INDEX_UPDATE_LIMIT). An update costs about what building that
# many concepts does, plus copying the completion table.
DEFAULT_UPDATE_LIMIT = 1000
# Seconds a search may take before it stops at the next stage (GLOSSARY_SEARCH_SECONDS).
# Searches of the benchmark mix take milliseconds; this stops a pathological one early.
DEFAULT_TIME_BUDGET = 0.5


class SearchUnavailable(RuntimeError):
    """No index can be opened or built right now."""


@dataclass(frozen=True)
class IndexConfig:
    """Where an app's index lives and what it holds, given by the caller: the search package
    reads no configuration of its own."""

    folder: Path
    scheme_id: str
    inline_limit: int = DEFAULT_INLINE_LIMIT
    time_budget: float = DEFAULT_TIME_BUDGET
    update_limit: int = DEFAULT_UPDATE_LIMIT

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> IndexConfig:
        """From an app's settings: GLOSSARY_INDEX_DIR, GLOSSARY_SCHEME_ID and, when set,
        GLOSSARY_INDEX_INLINE_LIMIT, GLOSSARY_SEARCH_SECONDS and GLOSSARY_INDEX_UPDATE_LIMIT."""
        return cls(
            folder=Path(settings["GLOSSARY_INDEX_DIR"]),
            scheme_id=str(settings["GLOSSARY_SCHEME_ID"]),
            inline_limit=int(settings.get("GLOSSARY_INDEX_INLINE_LIMIT", DEFAULT_INLINE_LIMIT)),
            time_budget=float(settings.get("GLOSSARY_SEARCH_SECONDS", DEFAULT_TIME_BUDGET)),
            update_limit=int(settings.get("GLOSSARY_INDEX_UPDATE_LIMIT", DEFAULT_UPDATE_LIMIT)),
        )

    def store(self) -> IndexStore:
        return IndexStore(self.folder)


@dataclass(frozen=True)
class IndexReport:
    """What bringing the index up to date did."""

    built: bool
    revision: int
    concepts: int
    seconds: float
    reason: str
    path: str
    # Concepts rewritten when the version was updated from the previous one; None for a
    # full build (or none).
    updated: int | None = None

    def describe(self) -> str:
        if self.updated is not None:
            return (
                f"search index updated incrementally ({self.updated} concept"
                f"{'' if self.updated == 1 else 's'}): revision "
                f"{self.revision}, {self.concepts} concepts in {self.seconds:.2f} s ({self.path})"
            )
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
        self.vocabulary = Vocabulary(self.engine)
        self._completions: CompletionTable | None = None
        self._completions_guard = threading.Lock()

    @property
    def completions(self) -> CompletionTable:
        """The label table, read on the first completion asked of this version: a search
        never needs it, so a new version (a publication's update) is searchable without
        reading a table of every label first (a tenth of that time at 10 000 concepts)."""
        if self._completions is None:
            with self._completions_guard:
                if self._completions is None:
                    self._completions = CompletionTable(self.version.path)
        return self._completions

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
# What the last build or update of each index folder in this process did (`last_report`).
_reports: dict[str, IndexReport] = {}
_refreshing: set[str] = set()
_guard = threading.Lock()


def _data_revision(session: Session) -> int:
    """The data revision as the database holds it now (0 for an empty database)."""
    return int(session.scalar(select(func.max(DataRevision.revision))) or 0)


def _build(
    index_store: IndexStore,
    session: Session,
    config: IndexConfig,
    *,
    force: bool,
    wait: bool,
    full: bool = True,
) -> IndexReport | None:
    """Bring the version to the data revision unless a current one exists: an update when
    the change log allows, else (when `full`) a full build. None if locked; a report with
    `built` False and reason "full build needed" when only a full build would do and `full`
    is off."""
    with index_store.build_lock(wait=wait) as locked:
        if not locked:
            return None
        # The database as it is now, not the revision the request read when it began: a
        # version is labelled with the revision of the data it holds.
        revision = _data_revision(session)
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
        started = time.perf_counter()
        if existing is not None and not force:
            report = _update(index_store, session, config, existing, revision, started)
            if report is not None:
                _reports[str(index_store.root)] = report
                return report
        if not full:
            return IndexReport(False, revision, 0, 0.0, "full build needed", "")
        reason = (
            "requested"
            if force
            else "missing or damaged"
            if existing is None
            else f"stale: revision {existing.revision} < {revision}"
        )
        concepts = read_concepts(session, config.scheme_id)

        def write(folder: Path) -> dict[str, Any]:
            details = write_index(folder, concepts)
            write_lexicon(folder, lexicon_of(concepts))
            return details

        version = index_store.publish(revision, write)
        seconds = time.perf_counter() - started
        log.info("search index built (%s): revision %s in %.2f s", reason, revision, seconds)
        report = IndexReport(True, revision, len(concepts), seconds, reason, str(version.path))
        _reports[str(index_store.root)] = report
        return report


def _update(
    index_store: IndexStore,
    session: Session,
    config: IndexConfig,
    existing: Version,
    revision: int,
    started: float,
) -> IndexReport | None:
    """The version updated from `existing` with the concepts the change log names since its
    revision; None when an update cannot do (behind the log, too many changes, a version
    without a lexicon or with too many deleted documents)."""
    if existing.revision > revision:
        return None
    changed = changed_concepts(session, config.scheme_id, existing.revision, revision)
    if changed is None or len(changed) > config.update_limit:
        return None
    if not can_update(existing, len(changed)):
        return None
    opened = _opened.get(str(index_store.root))
    engine = opened.engine if opened is not None and opened.version.name == existing.name else None
    version = index_store.publish(
        revision,
        lambda folder: update_version(folder, existing, session, config.scheme_id, changed, engine),
    )
    seconds = time.perf_counter() - started
    updated = int(version.details.get("updated", 0))
    log.info(
        "search index updated (%s concepts): revision %s in %.3f s", updated, revision, seconds
    )
    return IndexReport(
        True,
        revision,
        int(version.details.get("concepts", 0)),
        seconds,
        f"stale: revision {existing.revision} < {revision}, updated",
        str(version.path),
        updated,
    )


def last_report(config: IndexConfig) -> IndexReport | None:
    """What the last build or update of the config's index in this process did."""
    return _reports.get(str(config.folder))


def _current_or_none(index_store: IndexStore) -> Version | None:
    name = index_store.current_name()
    if name is None:
        return None
    try:
        return index_store.open_version(name)
    except VersionDamaged as damaged:
        log.warning("search index version is damaged and will be rebuilt: %s", damaged)
        return None


def ensure_current_index(config: IndexConfig, session: Session) -> IndexReport:
    """Bring the index to the data revision now, waiting for another builder if need be."""
    report = _build(config.store(), session, config, force=False, wait=True)
    assert report is not None  # waiting for the lock always gets it
    return report


def rebuild_index(config: IndexConfig, session: Session) -> IndexReport:
    """Build a new version even when the current one is up to date."""
    report = _build(config.store(), session, config, force=True, wait=True)
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


def forget_opened(config: IndexConfig) -> None:
    """Drop this process's opened version, so the next call checks the disk again."""
    with _guard:
        _opened.pop(str(config.folder), None)


def open_index(config: IndexConfig, session: Session, revision: int) -> OpenIndex:
    """The index to answer a request at data revision `revision` with: current, or stale
    while a rebuild runs."""
    index_store = config.store()
    opened = _open(index_store)
    if opened is not None and opened.revision == revision:
        return opened
    if opened is None or opened.concepts <= config.inline_limit or _updated(config, session):
        try:
            wait = opened is None
            report = _build(index_store, session, config, force=False, wait=wait)
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
    _refresh_in_background(config, session.get_bind())
    return opened


def _updated(config: IndexConfig, session: Session) -> bool:
    """Whether a large stale version was brought up to date by an update, in this request
    (an update costs little whatever the size); False when a full build is needed or another
    process holds the lock (the stale version is served meanwhile)."""
    try:
        report = _build(config.store(), session, config, force=False, wait=False, full=False)
    except OSError as error:
        log.error("search index cannot be updated: %s", error)
        return False
    return report is not None and report.reason != "full build needed"


def _refresh_in_background(
    config: IndexConfig, bind: sqlalchemy.Engine | sqlalchemy.Connection
) -> None:
    root = str(config.folder)
    with _guard:
        if root in _refreshing:
            return
        _refreshing.add(root)

    def refresh() -> None:
        try:
            # A session of its own on the same database: the request's ends with the request.
            with Session(bind) as session:
                _build(config.store(), session, config, force=False, wait=False)
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


def index_state(config: IndexConfig, session: Session, revision: int) -> IndexState:
    """The data revision `revision` and the revision of the index this process answers with."""
    try:
        opened = open_index(config, session, revision)
    except SearchUnavailable:
        return IndexState(revision, None)
    return IndexState(revision, opened.revision)
