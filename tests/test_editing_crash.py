"""A publication killed by `kill -9`: the old revision or the new one, never a mix (issue 14).

A reviewer's approval runs in a real child process (`APPROVE` below: the app as production
builds it, `drafts.approve` as the API and the workspace call it). The child pauses at a
named point inside the publishing transaction, after the statement that writes there has
run and before the commit, and the test SIGKILLs it there. The pause is the child's own:
a SQLAlchemy event listener on its engine (`after_cursor_execute` for a statement, the
connection's `commit` event for the moment before COMMIT, the session's `after_commit`
for the moment after it), so production code carries no hook. Each kill is checked to
have landed (the child said where it stopped and died of SIGKILL).

Then a fresh connection reads the data: the revision, the published definition, the
draft, the version rows and the audit entry are all the old state or all the new one; and
the app serves that state consistently (the public page, the API, and search once the
index has healed). On SQLite and on PostgreSQL (GLOSSARY_TEST_BACKEND=postgresql).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glossary.accounts.audit import Actor
from glossary.accounts.models import AuditEntry, Role, User, Via
from glossary.data_revision import read_revision
from glossary.editing import drafts
from glossary.editing.models import ConceptDraft, ConceptVersion, DraftStatus
from glossary.importing import Rules
from glossary.models import ChangeLogEntry, db
from glossary.paths import PROJECT_ROOT
from tests import search_helpers as search
from tests.accounts import add_user
from tests.conftest import SCHEME_ID
from tests.serving import app_environment

pytestmark = pytest.mark.slow

SLUG = "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
RULES = Rules(source_language="nl")
EDITOR, REVIEWER = "ed@example.org", "rev@example.org"
# A word in no published text: found by search only once the new definition is published.
MARK = "zeppelinvaartuigregister"
NEW_DEFINITION = f"Een nieuwe omschrijving met het woord {MARK}."
# How long the child may take to reach its pause (imports, app start, planning).
REACH_SECONDS = 120

# The child: approve the draft of `slug` as `reviewer_pk`, pausing at `point` (see
# POINTS) to be killed there; "none" approves to the end. It prints where it paused.
APPROVE = """
import re, sys, time
from sqlalchemy import event
from glossary import create_app
from glossary.accounts.audit import Actor
from glossary.accounts.models import Via
from glossary.editing import drafts
from glossary.importing import Rules
from glossary.models import ChangeLogEntry, db

scheme_id, slug, reviewer_pk, kind, target = sys.argv[1:6]

def pause(where):
    print(f"paused at {where}", flush=True)
    while True:
        time.sleep(60)

app = create_app()
with app.app_context():
    session = db.session()
    if kind == "statement":
        pattern = re.compile(target, re.IGNORECASE)
        @event.listens_for(db.engine, "after_cursor_execute")
        def written(conn, cursor, statement, parameters, context, executemany):
            if pattern.match(statement.strip()):
                pause(target)
    elif kind == "before-commit":
        @event.listens_for(db.engine, "commit")
        def committing(conn):
            pause(kind)
    elif kind == "after-commit":
        @event.listens_for(session, "after_commit")
        def committed(session):
            pause(kind)
    actor = Actor(via=Via.API, user_pk=int(reviewer_pk), address="192.0.2.9")
    published = drafts.approve(session, scheme_id, actor, slug, Rules(source_language="nl"))
    print(f"published revision {published.revision}", flush=True)
"""


@dataclass(frozen=True)
class Point:
    """Where the child pauses: a statement (a regular expression its SQL starts with) or
    the moment before or after COMMIT; and whether the publication is committed there."""

    name: str
    kind: str
    target: str
    committed: bool


POINTS = [
    Point("revision bumped", "statement", r"UPDATE data_revision", False),
    Point("old definition deleted", "statement", r"DELETE FROM note", False),
    Point("new definition written", "statement", r"INSERT INTO note", False),
    Point("change log written", "statement", r"INSERT INTO change_log", False),
    Point("version row written", "statement", r"INSERT INTO concept_version", False),
    Point("draft deleted", "statement", r"DELETE FROM concept_draft", False),
    Point("audit entry written", "statement", r"INSERT INTO audit_log", False),
    Point("just before commit", "before-commit", "", False),
    Point("just after commit", "after-commit", "", True),
]


@dataclass(frozen=True)
class State:
    """What a fresh connection reads of the publication."""

    revision: int
    definition: str
    draft: DraftStatus | None
    versions: int
    approvals: int
    feed: int | None  # the latest revision the change feed names the concept at


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    add_user(app, EDITOR, Role.EDITOR)
    add_user(app, REVIEWER, Role.REVIEWER)
    with app.app_context():
        yield db.session()


def actor(session: Session, email: str) -> Actor:
    user = session.scalars(select(User).where(User.email == email)).one()
    return Actor(via=Via.API, user_pk=user.pk, address="192.0.2.1")


def draft_in_review(session: Session) -> None:
    """The editor's new definition of SLUG, submitted for review."""
    stored = drafts.stored_record(session, SCHEME_ID, SLUG)
    record = replace(stored, notes={**stored.notes, ("definition", "nl"): NEW_DEFINITION})
    editor = actor(session, EDITOR)
    drafts.save_draft(session, SCHEME_ID, editor, SLUG, record, 1, "clearer", RULES)
    drafts.submit(session, SCHEME_ID, editor, SLUG)


def fresh_state(session: Session) -> State:
    """The publication's state as a new connection reads it."""
    session.rollback()
    db.engine.dispose()
    draft = session.scalars(
        select(ConceptDraft).where(ConceptDraft.scheme_id == SCHEME_ID, ConceptDraft.slug == SLUG)
    ).one_or_none()
    state = State(
        revision=read_revision(session).number,
        definition=drafts.stored_record(session, SCHEME_ID, SLUG).notes[("definition", "nl")],
        draft=draft.status if draft is not None else None,
        versions=session.scalar(
            select(func.count()).where(ConceptVersion.slug == SLUG).select_from(ConceptVersion)
        )
        or 0,
        approvals=session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "draft.approve")
        )
        or 0,
        feed=session.scalar(
            select(func.max(ChangeLogEntry.revision)).where(ChangeLogEntry.concept_slug == SLUG)
        ),
    )
    session.rollback()
    return state


def run_child(
    app: Flask, session: Session, folder: Path, point: Point | None
) -> subprocess.Popen[bytes]:
    """The approval in a child process on the app's database; its output in `folder`."""
    reviewer = actor(session, REVIEWER).user_pk
    env = app_environment(app.config["SQLALCHEMY_DATABASE_URI"], folder / "instance")
    kind, target = (point.kind, point.target) if point else ("none", "")
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "child.log").open("w") as log:
        return subprocess.Popen(
            [sys.executable, "-c", APPROVE, SCHEME_ID, SLUG, str(reviewer), kind, target],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def kill_at(app: Flask, session: Session, folder: Path, point: Point) -> None:
    """Approve in a child and SIGKILL it where `point` pauses it, failing if it never gets
    there (no such statement was written, or the child ended first)."""
    child = run_child(app, session, folder, point)
    log = folder / "child.log"
    deadline = time.monotonic() + REACH_SECONDS
    while "paused at" not in log.read_text():
        if child.poll() is not None:
            pytest.fail(f"the child ended before '{point.name}':\n{log.read_text()[-3000:]}")
        assert time.monotonic() < deadline, f"the child never reached '{point.name}'"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL, "the child was not killed by SIGKILL"


def test_the_child_publishes_when_nobody_kills_it(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    # The control: the same child, left alone, publishes (so a kill that leaves the old
    # state shows the kill, not a child that could not publish).
    draft_in_review(session)
    old = fresh_state(session)
    child = run_child(app, session, tmp_path, None)
    assert child.wait(timeout=REACH_SECONDS) == 0, (tmp_path / "child.log").read_text()
    assert fresh_state(session) == new_state(old)


def new_state(old: State) -> State:
    """What a complete publication leaves after `old`: everything moved on together."""
    return State(
        revision=old.revision + 1,
        definition=NEW_DEFINITION,
        draft=None,
        versions=old.versions + 1,
        approvals=old.approvals + 1,
        feed=old.revision + 1,
    )


@pytest.mark.parametrize("point", POINTS, ids=[point.name for point in POINTS])
def test_a_publication_killed_inside_its_transaction_is_old_or_new_never_between(
    app: Flask, session: Session, tmp_path: Path, point: Point
) -> None:
    draft_in_review(session)
    old = fresh_state(session)
    assert old.draft is DraftStatus.IN_REVIEW

    kill_at(app, session, tmp_path, point)

    assert fresh_state(session) == (new_state(old) if point.committed else old)


@pytest.mark.parametrize("point", POINTS, ids=[point.name for point in POINTS])
def test_after_the_kill_the_page_the_api_and_search_agree(
    app: Flask, session: Session, tmp_path: Path, point: Point
) -> None:
    draft_in_review(session)
    search.ensure_current_index()  # the host's index at the old revision
    kill_at(app, session, tmp_path, point)
    session.rollback()
    db.engine.dispose()

    client = app.test_client()
    page = client.get(f"/begrip/{SLUG}").get_data(as_text=True)
    concept = client.get(f"/api/v1/concepts/{SLUG}").get_json()
    search.ensure_current_index()
    found = [result.id for result in search.search(MARK, "nl").results]

    published = point.committed
    assert (MARK in page) is published
    assert (MARK in str(concept)) is published
    assert concept["version"] == (2 if published else 1)
    assert (SLUG in found) is published


def test_a_publication_killed_before_commit_can_be_approved_again(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    draft_in_review(session)
    old = fresh_state(session)
    kill_at(app, session, tmp_path, POINTS[-2])

    published = drafts.approve(session, SCHEME_ID, actor(session, REVIEWER), SLUG, RULES)

    assert published.revision == old.revision + 1
    assert fresh_state(session) == new_state(old)
