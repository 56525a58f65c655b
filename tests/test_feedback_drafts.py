"""A feedback submission turned into a draft (issue 16, "handling it in the workspace"): the
"Maak een ontwerp" button on the submission's page, the draft it makes or opens, and the
links between the submission, the draft and the eventual publication.

Real database (SQLite, or PostgreSQL with GLOSSARY_TEST_BACKEND=postgresql), real editing
service: publication goes through the reviewer's approval as everywhere else.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from glossary.accounts.audit import Actor
from glossary.accounts.models import Role, User, Via
from glossary.editing import drafts
from glossary.editing.errors import DraftConflict
from glossary.editing.models import ConceptDraft
from glossary.feedback import drafts as feedback_drafts
from glossary.feedback.models import FeedbackStatus, FeedbackSubmission
from glossary.importing import Rules
from glossary.models import db
from tests.accounts import add_user, audit_actions, csrf_token, signed_in_client
from tests.conftest import SCHEME_ID, TEST_BACKEND, PostgresServer, make_app
from tests.feedback import A_CONCEPT, submit


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    return signed_in_client(app, "editor@example.org", Role.EDITOR)


def make_draft(client: FlaskClient, pk: int) -> tuple[int, str]:
    """Press "Maak een ontwerp" on submission `pk`: the status and where it leads."""
    token = csrf_token(client, f"/beheer/reacties/{pk}")
    response = client.post(f"/beheer/reacties/{pk}/ontwerp", data={"csrf_token": token})
    return response.status_code, response.headers.get("Location", "")


def stored(app: Flask, pk: int) -> FeedbackSubmission:
    with app.app_context():
        submission = db.session.get(FeedbackSubmission, pk)
        assert submission is not None
        db.session.expunge(submission)
        return submission


def draft_of(app: Flask, slug: str) -> drafts.Draft | None:
    with app.app_context():
        return drafts.find_draft(db.session(), SCHEME_ID, slug)


def user_actor(app: Flask, email: str) -> Actor:
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        return Actor(via=Via.WEB, user_pk=user.pk, address="192.0.2.1")


def publish(app: Flask, slug: str) -> None:
    """The editor submits the draft for review, a reviewer approves it."""
    add_user(app, "reviewer@example.org", Role.REVIEWER)
    author = user_actor(app, "editor@example.org")
    reviewer = user_actor(app, "reviewer@example.org")
    with app.app_context():
        drafts.submit(db.session(), SCHEME_ID, author, slug)
        drafts.approve(db.session(), SCHEME_ID, reviewer, slug, Rules(source_language="nl"))


def test_the_page_of_a_remark_on_a_concept_offers_the_draft_button(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app)
    page = editor.get(f"/beheer/reacties/{new.pk}").get_data(as_text=True)
    assert 'id="feedback-draft"' in page and "Maak een ontwerp" in page
    assert f'action="/beheer/reacties/{new.pk}/ontwerp"' in page


def test_a_remark_on_a_concept_becomes_a_draft_of_that_concept(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app)
    status, location = make_draft(editor, new.pk)
    assert status == 303
    assert location.endswith(f"/beheer/begrip/{A_CONCEPT}?done=draft_made")
    draft = draft_of(app, A_CONCEPT)
    assert draft is not None and not draft.is_new
    with app.app_context():
        published = drafts.stored_record(db.session(), SCHEME_ID, A_CONCEPT)
        assert draft.base_version == drafts.concept_version(db.session(), SCHEME_ID, A_CONCEPT)
    assert draft.record == published
    assert f"#{new.pk}" in draft.change_note


def test_the_submission_records_its_draft_and_is_set_in_progress(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app)
    make_draft(editor, new.pk)
    submission = stored(app, new.pk)
    assert submission.draft_slug == A_CONCEPT
    assert submission.draft_linked_at is not None
    assert submission.status is FeedbackStatus.IN_PROGRESS


def test_making_the_draft_is_audited(app: Flask, editor: FlaskClient) -> None:
    new = submit(app)
    make_draft(editor, new.pk)
    actions = audit_actions(app)
    assert ("feedback.draft", f"feedback:{new.pk}") in actions
    assert ("draft.save", f"concept:{A_CONCEPT}") in actions


def test_a_proposed_term_becomes_a_new_concept_draft_prefilled(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(
        app,
        kind="new_term",
        concept=None,
        term="Zorgrobot",
        definition="Een robot die helpt bij zorgtaken.",
        source="Rapport Digitale Inclusie 2025",
        message="",
    )
    status, location = make_draft(editor, new.pk)
    assert status == 303 and location.endswith("/beheer/begrip/zorgrobot?done=draft_made")
    draft = draft_of(app, "zorgrobot")
    assert draft is not None and draft.is_new and draft.base_version == 0
    assert draft.record.labels["nl"].pref == "Zorgrobot"
    assert draft.record.notes[("definition", "nl")] == ("Een robot die helpt bij zorgtaken.")
    assert draft.record.notes[("editorial_note", "nl")] == "Rapport Digitale Inclusie 2025"
    assert stored(app, new.pk).draft_slug == "zorgrobot"


def test_the_editor_opens_on_the_proposed_concept_with_its_feedback(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app, kind="new_term", concept=None, term="Zorgrobot", message="")
    make_draft(editor, new.pk)
    response = editor.get("/beheer/begrip/zorgrobot?done=draft_made")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Zorgrobot"' in page
    assert f"uit reactie #{new.pk}" in page


def test_a_proposed_term_whose_id_is_taken_gets_a_numbered_id(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app, kind="new_term", concept=None, term="Mediawijsheid", message="")
    status, location = make_draft(editor, new.pk)
    assert status == 303 and "/beheer/begrip/mediawijsheid-2?" in location
    assert draft_of(app, "mediawijsheid-2") is not None
    assert draft_of(app, "mediawijsheid") is None


def test_an_existing_draft_of_the_concept_is_opened_not_replaced(
    app: Flask, editor: FlaskClient
) -> None:
    author = user_actor(app, "editor@example.org")
    with app.app_context():
        session = db.session()
        record = drafts.stored_record(session, SCHEME_ID, A_CONCEPT)
        version = drafts.concept_version(session, SCHEME_ID, A_CONCEPT)
        drafts.save_draft(
            session, SCHEME_ID, author, A_CONCEPT, record, version, "eigen werk", None
        )
    new = submit(app)
    status, location = make_draft(editor, new.pk)
    assert status == 303 and location.endswith("?done=draft_opened")
    draft = draft_of(app, A_CONCEPT)
    assert draft is not None and draft.change_note == "eigen werk" and draft.lock_version == 1
    assert stored(app, new.pk).draft_slug == A_CONCEPT


def test_pressing_the_button_again_opens_the_same_draft(app: Flask, editor: FlaskClient) -> None:
    new = submit(app)
    make_draft(editor, new.pk)
    status, location = make_draft(editor, new.pk)
    assert status == 303 and location.endswith(f"/beheer/begrip/{A_CONCEPT}?done=draft_opened")
    draft = draft_of(app, A_CONCEPT)
    assert draft is not None and draft.lock_version == 1
    assert audit_actions(app).count(("feedback.draft", f"feedback:{new.pk}")) == 1


def test_the_submission_page_links_to_its_open_draft(app: Flask, editor: FlaskClient) -> None:
    new = submit(app)
    make_draft(editor, new.pk)
    page = editor.get(f"/beheer/reacties/{new.pk}").get_data(as_text=True)
    assert f'href="/beheer/begrip/{A_CONCEPT}"' in page
    assert 'id="feedback-draft"' not in page


def test_the_draft_editor_says_which_feedback_it_came_from(app: Flask, editor: FlaskClient) -> None:
    new = submit(app)
    make_draft(editor, new.pk)
    page = editor.get(f"/beheer/begrip/{A_CONCEPT}").get_data(as_text=True)
    assert f'href="/beheer/reacties/{new.pk}"' in page
    assert f"#{new.pk}" in page


def test_a_draft_made_without_feedback_names_none(app: Flask, editor: FlaskClient) -> None:
    earlier = submit(app)
    make_draft(editor, earlier.pk)
    publish(app, A_CONCEPT)
    author = user_actor(app, "editor@example.org")
    with app.app_context():
        session = db.session()
        record = drafts.stored_record(session, SCHEME_ID, A_CONCEPT)
        version = drafts.concept_version(session, SCHEME_ID, A_CONCEPT)
        drafts.save_draft(session, SCHEME_ID, author, A_CONCEPT, record, version, "later", None)
    page = editor.get(f"/beheer/begrip/{A_CONCEPT}").get_data(as_text=True)
    assert f'href="/beheer/reacties/{earlier.pk}"' not in page


def test_the_submission_shows_the_version_that_published_its_draft(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app)
    make_draft(editor, new.pk)
    with app.app_context():
        before = drafts.concept_version(db.session(), SCHEME_ID, A_CONCEPT)
        session = db.session()
        draft = drafts.find_draft(session, SCHEME_ID, A_CONCEPT)
        assert draft is not None
        changed = draft.record.notes | {("definition", "nl"): "Een betere definitie."}
        record = replace(draft.record, notes=changed)
        author = user_actor(app, "editor@example.org")
        drafts.save_draft(
            session, SCHEME_ID, author, A_CONCEPT, record, draft.base_version, "", None
        )
    publish(app, A_CONCEPT)
    page = editor.get(f"/beheer/reacties/{new.pk}").get_data(as_text=True)
    assert f'href="/begrip/{A_CONCEPT}/geschiedenis"' in page
    assert f"gepubliceerd als versie {before + 1}" in page
    assert 'id="feedback-draft"' not in page


def test_after_publication_the_submission_may_be_set_to_done(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app)
    make_draft(editor, new.pk)
    publish(app, A_CONCEPT)
    path = f"/beheer/reacties/{new.pk}"
    response = editor.post(
        path, data={"csrf_token": csrf_token(editor, path), "status": "done", "reply": "Klaar"}
    )
    assert response.status_code == 303
    assert stored(app, new.pk).status is FeedbackStatus.DONE


def test_the_button_without_the_csrf_token_is_refused(app: Flask, editor: FlaskClient) -> None:
    new = submit(app)
    response = editor.post(f"/beheer/reacties/{new.pk}/ontwerp")
    assert response.status_code == 400
    assert draft_of(app, A_CONCEPT) is None
    assert stored(app, new.pk).draft_slug is None


def test_feedback_naming_no_concept_and_no_term_has_nothing_to_draft(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app, kind="other", concept=None, message="Algemene opmerking")
    page = editor.get(f"/beheer/reacties/{new.pk}").get_data(as_text=True)
    assert 'id="feedback-draft"' not in page
    status, _ = make_draft(editor, new.pk)
    assert status == 409
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ConceptDraft.pk))) == 0
    assert stored(app, new.pk).draft_slug is None
    assert ("feedback.draft", f"feedback:{new.pk}") not in audit_actions(app)


def test_feedback_on_a_concept_removed_since_says_no_draft_could_be_made(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app)
    with app.app_context():
        submission = db.session.get(FeedbackSubmission, new.pk)
        assert submission is not None
        submission.concept_slug = "verdwenen-begrip"
        db.session.commit()
    token = csrf_token(editor, f"/beheer/reacties/{new.pk}")
    response = editor.post(f"/beheer/reacties/{new.pk}/ontwerp", data={"csrf_token": token})
    assert response.status_code == 404
    assert "Er kon geen ontwerp gemaakt worden" in response.get_data(as_text=True)
    assert stored(app, new.pk).draft_slug is None


def test_an_unknown_submission_has_no_draft_button(app: Flask, editor: FlaskClient) -> None:
    token = csrf_token(editor, "/beheer/")
    response = editor.post("/beheer/reacties/999999/ontwerp", data={"csrf_token": token})
    assert response.status_code == 404


def press_at_once(app: Flask, pk: int, emails: list[str]) -> list[object]:
    """Each editor turns submission `pk` into a draft in their own thread and session,
    released together; what each returned or raised."""
    barrier = threading.Barrier(len(emails))
    outcomes: list[object] = [None] * len(emails)
    actors = [user_actor(app, email) for email in emails]

    def run(index: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                outcomes[index] = feedback_drafts.seed_draft(
                    db.session(), SCHEME_ID, "nl", pk, actors[index], "samen"
                )
            except Exception as error:  # noqa: BLE001 - the outcome under test
                outcomes[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(emails))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_two_editors_pressing_at_once_make_one_draft(app: Flask, editor: FlaskClient) -> None:
    add_user(app, "second@example.org", Role.EDITOR)
    new = submit(app, kind="new_term", concept=None, term="Zorgrobot", message="")
    outcomes = press_at_once(app, new.pk, ["editor@example.org", "second@example.org"])
    made = [o for o in outcomes if isinstance(o, feedback_drafts.SeededDraft)]
    refused = [o for o in outcomes if isinstance(o, DraftConflict)]
    assert len(made) + len(refused) == 2 and made, outcomes
    with app.app_context():
        slugs = list(db.session.scalars(db.select(ConceptDraft.slug)))
    assert slugs == ["zorgrobot"]
    assert stored(app, new.pk).draft_slug == "zorgrobot"


def test_two_editors_joining_an_existing_draft_at_once_link_it_once(
    app: Flask, editor: FlaskClient
) -> None:
    add_user(app, "second@example.org", Role.EDITOR)
    author = user_actor(app, "editor@example.org")
    with app.app_context():
        session = db.session()
        record = drafts.stored_record(session, SCHEME_ID, A_CONCEPT)
        version = drafts.concept_version(session, SCHEME_ID, A_CONCEPT)
        drafts.save_draft(session, SCHEME_ID, author, A_CONCEPT, record, version, "eerst", None)
    new = submit(app)
    outcomes = press_at_once(app, new.pk, ["editor@example.org", "second@example.org"])
    made = [o for o in outcomes if isinstance(o, feedback_drafts.SeededDraft)]
    refused = [o for o in outcomes if isinstance(o, DraftConflict)]
    assert len(made) + len(refused) == 2 and made, outcomes
    assert stored(app, new.pk).draft_slug == A_CONCEPT


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of the backend under test."""
    if TEST_BACKEND != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = server.create()
    yield server.database_url(name)
    server.drop(name)


def test_migration_0011_adds_the_link_and_its_downgrade_keeps_the_submissions(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(tmp_path / "instance", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade(revision="0011_feedback_draft_link")
        columns = {c["name"] for c in inspect(db.engine).get_columns("feedback_submission")}
        assert {"draft_slug", "draft_linked_at"} <= columns
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO feedback_submission (kind, message, consent, status,"
                    " token_digest, via, created_at, draft_slug)"
                    " VALUES ('unclear', 'blijft', false, 'new', 'x', 'web',"
                    " CURRENT_TIMESTAMP, 'a')"
                )
            )
        downgrade(revision="0010_feedback")
        columns = {c["name"] for c in inspect(db.engine).get_columns("feedback_submission")}
        assert "draft_slug" not in columns and "draft_linked_at" not in columns
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT message FROM feedback_submission")) == "blijft"
        upgrade()
        columns = {c["name"] for c in inspect(db.engine).get_columns("feedback_submission")}
        assert "draft_slug" in columns
        db.engine.dispose()
