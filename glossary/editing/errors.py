"""Typed errors of the editing workflow; the surfaces map each to one HTTP status.

Each error carries what the person typed (`mine`), so that a refused save loses nothing.
"""

from __future__ import annotations

from glossary.formats.csvfile import Problem
from glossary.records import ConceptRecord


class EditingError(Exception):
    """Base of the workflow's errors; `status` is the HTTP status a surface answers."""

    status = 400


class DraftNotFound(EditingError):
    status = 404


class ConceptNotFound(EditingError):
    status = 404


class NotAllowed(EditingError):
    """The actor's role does not allow this (an editor approving, deleting another's draft)."""

    status = 403


class OwnDraft(NotAllowed):
    """Four eyes: the author of a draft cannot approve it."""

    def __init__(self) -> None:
        super().__init__("the author of a draft cannot approve it; another reviewer must")


class WrongStatus(EditingError):
    """The draft is not in the state the step needs (approving a draft not in review)."""

    status = 409


class DraftInvalid(EditingError):
    """The draft's content fails the importer's checks; nothing was saved. Each problem is
    located at a record and field (`/concepts/<slug>`, `pref_label@nl`)."""

    status = 422

    def __init__(self, problems: list[Problem], mine: ConceptRecord | None = None) -> None:
        self.problems = problems
        self.mine = mine
        super().__init__(f"{len(problems)} problem(s) in the draft")


class VersionConflict(EditingError):
    """The save (or approval) started from an older published version than the one there
    now: someone published in between. Both texts are given; nothing was saved."""

    status = 409

    def __init__(
        self,
        mine: ConceptRecord,
        base_version: int,
        theirs: ConceptRecord | None,
        theirs_version: int,
    ) -> None:
        self.mine = mine
        self.base_version = base_version
        self.theirs = theirs
        self.theirs_version = theirs_version
        super().__init__(
            f"this change started from version {base_version}, but version {theirs_version} "
            "has been published since; compare both texts and save again from the new version"
        )


class DraftConflict(EditingError):
    """The draft itself changed since the saver read it (another person saved it); nothing
    was saved. `current_lock_version` is the draft's version now."""

    status = 409

    def __init__(self, mine: ConceptRecord | None, current_lock_version: int, detail: str) -> None:
        self.mine = mine
        self.current_lock_version = current_lock_version
        super().__init__(detail)
