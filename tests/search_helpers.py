"""The search entry points as a view calls them, for tests inside an app context.

The search package takes the app's index configuration, a database session and the data
revision as arguments; a view passes its own. These give the test app's, so tests ask
`search("e-hulp", "nl")` as the views do.
"""

from __future__ import annotations

from flask import current_app

from glossary.models import db
from glossary.search import lifecycle, service
from glossary.search.index_store import IndexStore
from glossary.search.lifecycle import IndexConfig, IndexReport, IndexState, OpenIndex
from glossary.search.service import Completions, SearchOutcome
from glossary.services.revision import current_revision

__all__ = ["IndexReport"]


def index() -> IndexConfig:
    return IndexConfig.from_settings(current_app.config)


def revision() -> int:
    return current_revision(db.session).number


def search(
    query: str,
    lang: str,
    cluster: str | None = None,
    limit: int = 20,
    languages: str | None = None,
) -> SearchOutcome:
    options = service.SearchOptions(cluster, limit, languages)
    return service.search(index(), db.session, revision(), query, lang, options)


def complete(prefix: str, lang: str, limit: int = 10) -> Completions:
    return service.complete(index(), db.session, revision(), prefix, lang, limit)


def ensure_current_index() -> IndexReport:
    return service.ensure_current_index(index(), db.session)


def rebuild_index() -> IndexReport:
    return service.rebuild_index(index(), db.session)


def index_state() -> IndexState:
    return service.index_state(index(), db.session, revision())


def open_index() -> OpenIndex:
    return lifecycle.open_index(index(), db.session, revision())


def forget_opened() -> None:
    lifecycle.forget_opened(index())


def store() -> IndexStore:
    return index().store()
