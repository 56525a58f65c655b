"""The data revision: one number that says which state of the data a reader has."""

from __future__ import annotations

from sqlalchemy.orm import Session

# The row itself is read and bumped on the data floor (the importer bumps it in its
# transaction); re-exported for the callers that import them here.
from glossary.data_revision import Revision as Revision
from glossary.data_revision import bump_revision as bump_revision
from glossary.data_revision import read_revision as read_revision

# Keys in Session.info: the revision is pinned for the session, and the revision it read.
_PINNED = "glossary_revision_pinned"
_SEEN = "glossary_revision_seen"


def pin_revision(session: Session) -> None:
    """Make `current_revision(session)` answer the first revision it reads, from now on.

    The HTTP layer pins the session of a reading request (GET, HEAD): its index check, its
    body and its ETag then all name the same revision, even when an import commits while it
    runs, and a request pays for one query instead of one per caller.
    """
    session.info[_PINNED] = True


def current_revision(session: Session) -> Revision:
    """The revision of the committed data; 0 for an empty database.

    Read once per pinned session (see `pin_revision`), else every time.
    """
    if not session.info.get(_PINNED):
        return read_revision(session)
    seen: Revision | None = session.info.get(_SEEN)
    if seen is None:
        seen = session.info[_SEEN] = read_revision(session)
    return seen
