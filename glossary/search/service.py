"""Search and label completion over the derived index: the entry points of the package.

Every search has a time budget (GLOSSARY_SEARCH_SECONDS): the exact-label stage always runs,
the word search too when no label matched as a whole, and each later stage (the typo tiers,
each presented hit after the first, the "did you mean") only while the budget lasts. A search
that ran out returns what it found so far, marked `complete=False`, and is not kept in the
cache of recent searches. How concepts are ranked is in `ranking.py`; how the index is kept at
the data revision in `lifecycle.py`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.lru import LRU
from glossary.models import Concept, ConceptStatus
from glossary.search.analysis import fold_words
from glossary.search.completion import Completion, CompletionTable
from glossary.search.engine import IndexDamaged
from glossary.search.lifecycle import (
    IndexConfig,
    IndexReport,
    IndexState,
    OpenIndex,
    SearchUnavailable,
    ensure_current_index,
    forget_opened,
    index_state,
    open_index,
    rebuild_index,
)
from glossary.search.presenting import SearchHit, SearchOutcome
from glossary.search.query import QueryText, analyse
from glossary.search.ranking import rank

__all__ = [
    "Completions",
    "IndexConfig",
    "IndexReport",
    "IndexState",
    "SearchHit",
    "SearchOptions",
    "SearchOutcome",
    "SearchUnavailable",
    "complete",
    "ensure_current_index",
    "index_state",
    "rebuild_index",
    "search",
]

MAX_LIMIT = 100
# Outcomes kept per process (see _recent).
RECENT_SEARCHES = 2048
log = logging.getLogger(__name__)


class Completions(list[tuple[Completion, str]]):
    """Label completions, each with its concept's preferred label; a list that also says
    which index revision answered (None when the prefix has no words)."""

    def __init__(
        self, items: Iterable[tuple[Completion, str]] = (), index_revision: int | None = None
    ) -> None:
        super().__init__(items)
        self.index_revision = index_revision


@dataclass(frozen=True)
class SearchOptions:
    """What a search asks besides its text and the language labels are shown in."""

    # only the concepts of this cluster
    cluster: str | None = None
    limit: int = 20
    # only this language's texts ("alleen Nederlands"); every language when None
    languages: str | None = None
    # replaced and retired concepts too (left out by default, issue 15)
    include_retired: bool = False


DEFAULT_OPTIONS = SearchOptions()


def search(
    config: IndexConfig,
    session: Session,
    revision: int,
    query: str,
    lang: str,
    options: SearchOptions = DEFAULT_OPTIONS,
) -> SearchOutcome:
    """Concepts for `query`, best first; `lang` is the language labels are shown in.

    Every language is searched unless `options.languages` names one: a concept
    is presented through its `lang` text whenever that matches, and one found only through
    another language comes after those and says so (`SearchHit.other_language`), so a Dutch
    reader sees Dutch labels and snippets first (issue 18).

    The index answers for the data revision `revision` (the caller's), built or refreshed
    through `session` when it is behind (see lifecycle.py).

    No query may hold a worker for long: after the time budget the search stops at the next
    stage and returns what it has (`complete` False) rather than an error.
    """
    text = analyse(query)
    if not text.words:
        return SearchOutcome(query=query)
    limit = max(1, min(options.limit, MAX_LIMIT))
    asked = _Asked(text, query, lang, options.cluster, limit, options.languages)
    hidden = frozenset() if options.include_retired else retired_concepts(config, session, revision)
    if hidden:
        return _in_force(config, session, revision, asked, hidden)
    return _checked(config, session, revision, asked)


@dataclass(frozen=True)
class _Asked:
    """What one search asks, as the stages below pass it on."""

    text: QueryText
    query: str
    lang: str
    cluster: str | None
    limit: int
    languages: str | None


def _checked(
    config: IndexConfig,
    session: Session,
    revision: int,
    asked: _Asked,
) -> SearchOutcome:
    """The answer, rebuilding a damaged index once."""
    try:
        return _answer(config, session, revision, asked)
    except IndexDamaged as damage:
        # A version damaged after it was opened: check the disk again, rebuild, retry. Only
        # damage does this; any other error is a bug and propagates (logged, a 500).
        log.warning("search index damaged, rebuilding: %s", damage)
        forget_opened(config)
    try:
        return _answer(config, session, revision, asked)
    except IndexDamaged as damage:
        log.error("search index damaged again after a rebuild: %s", damage)
        raise SearchUnavailable("the search index is damaged") from damage


def _answer(
    config: IndexConfig,
    session: Session,
    revision: int,
    asked: _Asked,
) -> SearchOutcome:
    """The outcome from the recent searches of the opened version, or ranked afresh."""
    opened = open_index(config, session, revision)
    # The budget is for the search itself: opening (or building) the index is not in it.
    deadline = time.monotonic() + config.time_budget
    words = asked.text.words
    key = (opened.version.name, words, asked.lang, asked.cluster, asked.limit, asked.languages)
    cached = _recent.get(key, None)
    if cached is not None:
        return SearchOutcome(
            asked.query,
            cached.total,
            list(cached.results),
            list(cached.suggestions),
            opened.revision,
        )
    found = rank(
        opened,
        asked.text,
        SearchOutcome(asked.query),
        asked.lang,
        asked.cluster,
        asked.limit,
        deadline,
        asked.languages,
    )
    if found.complete:
        _recent.put(key, found)
    return found


# The outcomes of recent searches, per index version (a new version misses the cache).
# Queries in a terminology service repeat a lot (the autocomplete leads to the same terms),
# and an outcome depends only on the version and the analysed query, so it can be kept.
_recent: LRU[SearchOutcome] = LRU(RECENT_SEARCHES)


# --- replaced and retired concepts --------------------------------------------------------

# The concepts no longer in force per (index folder, scheme, data revision): few, and read
# once a revision. The folder names the app's database: two apps in one process (a test run,
# a second scheme) number their revisions independently and must not share an entry.
_retired: LRU[frozenset[str]] = LRU(8)


def retired_concepts(config: IndexConfig, session: Session, revision: int) -> frozenset[str]:
    """The ids of the replaced and retired concepts, which search and completion leave out
    by default (issue 15): a filter on the answer, so the index and its ranking stay as
    they are. Read from the session's snapshot, the one `revision` names."""
    key = (str(config.folder), config.scheme_id, revision)
    found = _retired.get(key, None)
    if found is None:
        found = frozenset(
            session.scalars(
                select(Concept.slug).where(
                    Concept.scheme_id == config.scheme_id,
                    Concept.status != ConceptStatus.VALID,
                )
            )
        )
        _retired.put(key, found)
    return found


# How many more results a search asks for, at most, to make up for the hidden concepts.
HIDDEN_ROOM = 500


def _in_force(
    config: IndexConfig,
    session: Session,
    revision: int,
    asked: _Asked,
    hidden: frozenset[str],
) -> SearchOutcome:
    """The search without the hidden concepts: first with room for as many of them as the
    limit (a retired concept rarely ranks among the best), and only when too few remain
    with room for all of them (up to HIDDEN_ROOM), so a framework with thousands of retired
    concepts does not present thousands of hits for every query."""
    limit = asked.limit
    outcome = SearchOutcome(asked.query)
    for room in (min(len(hidden), limit), min(len(hidden), HIDDEN_ROOM)):
        outcome = _checked(config, session, revision, replace(asked, limit=limit + room))
        kept = _without(outcome, hidden, limit)
        if len(kept.results) == limit or len(outcome.results) < limit + room:
            return kept
    return _without(outcome, hidden, limit)


def _without(outcome: SearchOutcome, hidden: frozenset[str], limit: int) -> SearchOutcome:
    """`outcome` (asked with room for the hidden concepts) without them, cut to `limit`;
    the total leaves out the hidden concepts among the results."""
    dropped = sum(1 for hit in outcome.results if hit.id in hidden)
    kept = [hit for hit in outcome.results if hit.id not in hidden][:limit]
    return SearchOutcome(
        outcome.query,
        max(0, outcome.total - dropped),
        kept,
        list(outcome.suggestions),
        outcome.index_revision,
        outcome.complete,
    )


# --- completion ---------------------------------------------------------------------------


def complete(
    config: IndexConfig,
    session: Session,
    revision: int,
    prefix: str,
    lang: str,
    limit: int = 10,
    include_retired: bool = False,
) -> Completions:
    """Label completions of `prefix`, each with the preferred label (in `lang`) of its concept,
    from the index at data revision `revision`; replaced and retired concepts only when
    `include_retired` (a reader choosing a term wants the one in force)."""
    if not fold_words(prefix[:200]):
        return Completions([])
    hidden = frozenset() if include_retired else retired_concepts(config, session, revision)
    limit = max(1, min(limit, MAX_LIMIT))
    try:
        opened, table = _completion_table(config, session, revision)
    except IndexDamaged as damage:
        # The table is read on the first completion: damage found then is handled as a
        # search handles it (check the disk again, rebuild, once).
        log.warning("search index damaged, rebuilding: %s", damage)
        forget_opened(config)
        try:
            opened, table = _completion_table(config, session, revision)
        except IndexDamaged as again:
            raise SearchUnavailable("the search index is damaged") from again
    completions = [
        item
        for item in table.complete(prefix[:200], lang, limit + min(len(hidden), HIDDEN_ROOM))
        if item.concept_id not in hidden
    ][:limit]
    return Completions(
        [(item, table.pref_label(item.concept_id, lang)) for item in completions], opened.revision
    )


def _completion_table(
    config: IndexConfig, session: Session, revision: int
) -> tuple[OpenIndex, CompletionTable]:
    opened = open_index(config, session, revision)
    return opened, opened.completions
