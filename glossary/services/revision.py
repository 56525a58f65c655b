"""The data revision: one number that says which state of the data a reader has."""

from __future__ import annotations

from flask import g, has_request_context, request
from sqlalchemy.orm import Session

# The row itself is read and bumped on the data floor (the importer bumps it); re-exported
# for the callers that import them here.
from glossary.data_revision import Revision as Revision
from glossary.data_revision import bump_revision as bump_revision
from glossary.data_revision import read_revision as read_revision
from glossary.timeutil import as_utc as as_utc

_READING_METHODS = frozenset({"GET", "HEAD"})


def current_revision(session: Session) -> Revision:
    """The revision of the committed data; 0 for an empty database.

    A reading request (GET, HEAD) reads it once: its index check, its body and its ETag then
    all name the same revision, even when an import commits while it runs, and a request
    pays for one query instead of one per caller.
    """
    if not (has_request_context() and request.method in _READING_METHODS):
        return read_revision(session)
    seen: Revision | None = g.get("data_revision")
    if seen is None:
        seen = g.data_revision = read_revision(session)
    return seen
