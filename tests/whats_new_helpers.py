"""Publishing a change through the editing workflow, as the tests of what's new need it:
an editor saves and submits a draft, a reviewer (another person) approves it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from flask import Flask

from glossary.accounts.audit import Actor
from glossary.accounts.models import Role, User, Via
from glossary.editing import drafts
from glossary.editing.models import ConceptVersion
from glossary.importing import Rules
from glossary.models import db
from glossary.records import ConceptRecord
from tests.accounts import add_user
from tests.conftest import SCHEME_ID

RULES = Rules(source_language="nl")
EDITOR = "ed@example.org"
REVIEWER = "rev@example.org"


def add_editors(app: Flask) -> None:
    add_user(app, EDITOR, Role.EDITOR)
    add_user(app, REVIEWER, Role.REVIEWER)


def actor(email: str) -> Actor:
    user = db.session.scalars(db.select(User).where(User.email == email)).one()
    return Actor(via=Via.API, user_pk=user.pk, address="192.0.2.1")


def save(app: Flask, slug: str, note: str, **changes: object) -> ConceptRecord:
    """Save (not submit) a draft of `slug` with `changes` to its record."""
    with app.app_context():
        record = replace(drafts.stored_record(db.session(), SCHEME_ID, slug), **changes)  # type: ignore[arg-type]
        base = drafts.concept_version(db.session(), SCHEME_ID, slug)
        drafts.save_draft(db.session(), SCHEME_ID, actor(EDITOR), slug, record, base, note, RULES)
        return record


def publish(app: Flask, slug: str, note: str, **changes: object) -> ConceptRecord:
    """Publish a change of `slug` through the whole workflow: save, submit, approve."""
    record = save(app, slug, note, **changes)
    with app.app_context():
        drafts.submit(db.session(), SCHEME_ID, actor(EDITOR), slug)
        drafts.approve(db.session(), SCHEME_ID, actor(REVIEWER), slug, RULES)
    return record


def with_definition(app: Flask, slug: str, text: str) -> dict[tuple[str, str], str]:
    with app.app_context():
        notes = drafts.stored_record(db.session(), SCHEME_ID, slug).notes
    return {**notes, ("definition", "nl"): text}


def age_publications(app: Flask, days: int) -> None:
    """Move every recorded publication `days` back in time (what the window leaves out)."""
    with app.app_context():
        for row in db.session.scalars(db.select(ConceptVersion)):
            if row.published_at is not None:
                row.published_at = row.published_at - timedelta(days=days)
        db.session.commit()
