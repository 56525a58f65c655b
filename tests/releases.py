"""Helpers of the release tests: make a release, change a concept through the importer."""

from __future__ import annotations

from dataclasses import replace

from glossary.accounts.audit import Actor
from glossary.importing import Rules, apply_change, export_framework, plan_change
from glossary.models import db
from glossary.records import ConceptRecord, Framework
from glossary.releases.store import NewRelease, ReleaseView, create_release
from tests.conftest import SCHEME_ID

RULES = Rules(source_language="nl", base_uri="https://begrippen.opgroeien.be/id/")
RELEASE_URL = "http://localhost/versies/{name}"


def make_release(name: str, title: str = "", notes: str = "") -> ReleaseView:
    new = NewRelease(name, title, notes, "nl", RELEASE_URL)
    return create_release(db.session(), SCHEME_ID, Actor.cli(), new)


def stored(slug: str) -> ConceptRecord:
    framework, _ = export_framework(db.session, SCHEME_ID)
    return next(record for record in framework.concepts if record.slug == slug)


def publish(record: ConceptRecord) -> None:
    """`record` published as the next version of its concept, through the importer."""
    plan = plan_change(
        db.session, SCHEME_ID, Framework(clusters=[], sources=[], concepts=[record]), RULES
    )
    apply_change(db.session, plan)


def with_definition(record: ConceptRecord, text: str) -> ConceptRecord:
    notes = dict(record.notes)
    notes[("definition", "nl")] = text
    return replace(record, notes=notes)
