"""Restoring an old version in the workspace runs the content checks of any save: a
version that no longer fits the framework (a label another concept has taken since) is
shown with its problems at once, at the field, instead of becoming a draft that fails
only at approval (issue 14)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from glossary.accounts.audit import Actor
from glossary.accounts.models import Role, User, Via
from glossary.editing import drafts
from glossary.importing import Rules
from glossary.models import db
from glossary.records import ConceptRecord, LanguageLabels
from tests.accounts import add_user, csrf_token, sign_in
from tests.conftest import SCHEME_ID

EDITOR, REVIEWER = "editor@example.org", "reviewer@example.org"
CONCEPT = "roadmap"
OTHER = "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
RULES = Rules(source_language="nl")


def person(email: str) -> Actor:
    user = db.session.scalars(select(User).where(User.email == email)).one()
    return Actor(via=Via.API, user_pk=user.pk, address="192.0.2.1")


def publish(slug: str, change: ConceptRecord) -> None:
    """`change` published as the next version of `slug`, through a reviewed draft."""
    session = db.session()
    base = drafts.concept_version(session, SCHEME_ID, slug)
    drafts.save_draft(session, SCHEME_ID, person(EDITOR), slug, change, base, "test", RULES)
    drafts.submit(session, SCHEME_ID, person(EDITOR), slug)
    drafts.approve(session, SCHEME_ID, person(REVIEWER), slug, RULES)


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    """A signed-in editor, after the concept's Dutch label went to another concept: it was
    renamed (version 2), and the other concept took the old name as an alternative."""
    add_user(app, EDITOR, Role.EDITOR)
    add_user(app, REVIEWER, Role.REVIEWER)
    with app.app_context():
        concept = drafts.stored_record(db.session(), SCHEME_ID, CONCEPT)
        old_name = concept.labels["nl"].pref
        renamed = replace(
            concept,
            labels={**concept.labels, "nl": replace(concept.labels["nl"], pref="Routekaart")},
        )
        publish(CONCEPT, renamed)
        other = drafts.stored_record(db.session(), SCHEME_ID, OTHER)
        nl = other.labels["nl"]
        taken = LanguageLabels(nl.pref, (*nl.alt, old_name), nl.hidden)
        publish(OTHER, replace(other, labels={**other.labels, "nl": taken}))
    client = app.test_client()
    assert sign_in(client, EDITOR).status_code == 302
    return client


def restore_version_1(client: FlaskClient) -> str:
    history = f"/beheer/begrip/{CONCEPT}/geschiedenis"
    token = csrf_token(client, history)
    answer = client.post(f"/beheer/begrip/{CONCEPT}/herstellen/1", data={"csrf_token": token})
    assert answer.status_code == 422, answer.status_code
    return answer.get_data(as_text=True)


def test_restoring_a_version_whose_label_was_taken_shows_the_problem_at_once(
    editor: FlaskClient,
) -> None:
    html = restore_version_1(editor)
    assert "already names" in html and OTHER in html


def test_a_refused_restore_saves_no_draft(app: Flask, editor: FlaskClient) -> None:
    restore_version_1(editor)
    with app.app_context():
        assert drafts.find_draft(db.session(), SCHEME_ID, CONCEPT) is None


def test_a_refused_restore_keeps_the_old_version_in_the_form_to_fix(
    app: Flask, editor: FlaskClient
) -> None:
    html = restore_version_1(editor)
    with app.app_context():
        old_name = drafts.stored_record(db.session(), SCHEME_ID, OTHER).labels["nl"].alt[-1]
    field = re.search(r'<input[^>]*name="pref_label@nl"[^>]*value="([^"]*)"', html)
    assert field is not None and field.group(1) == old_name
    assert 'name="base_version" value="2"' in html  # saved, it replaces version 2
