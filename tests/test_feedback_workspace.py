"""The editors' feedback queue in /beheer/: filters, answering, the dashboard's counts."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.accounts.models import Role
from glossary.feedback.models import FeedbackStatus, FeedbackSubmission
from glossary.models import db
from tests.accounts import audit_actions, csrf_token, signed_in_client
from tests.feedback import submit


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    return signed_in_client(app, "editor@example.org", Role.EDITOR)


def test_the_queue_lists_the_submissions(app: Flask, editor: FlaskClient) -> None:
    submit(app, message="Definitie te lang")
    submit(app, kind="new_term", concept=None, term="Chatbot")
    page = editor.get("/beheer/reacties").get_data(as_text=True)
    assert "Definitie te lang" in page
    assert "Chatbot" in page


def test_the_queue_filters_by_kind_status_and_concept(app: Flask, editor: FlaskClient) -> None:
    submit(app, message="Over mediawijsheid")
    submit(app, kind="translation", concept="sociale-media", message="Vertaling sociale media")
    by_kind = editor.get("/beheer/reacties?kind=translation").get_data(as_text=True)
    by_concept = editor.get("/beheer/reacties?concept=mediawijsheid").get_data(as_text=True)
    by_status = editor.get("/beheer/reacties?status=done").get_data(as_text=True)
    assert "Vertaling sociale media" in by_kind and "Over mediawijsheid" not in by_kind
    assert "Over mediawijsheid" in by_concept and "Vertaling" not in by_concept
    assert "Over mediawijsheid" not in by_status


def test_an_unknown_filter_value_filters_nothing(app: Flask, editor: FlaskClient) -> None:
    submit(app, message="Blijft zichtbaar")
    response = editor.get("/beheer/reacties?kind=praise&status=zzz&page=-3")
    assert response.status_code == 200
    assert "Blijft zichtbaar" in response.get_data(as_text=True)


def test_markup_in_a_submission_is_inert_in_the_queue(app: Flask, editor: FlaskClient) -> None:
    new = submit(app, message="<script>alert(1)</script>", name="<b>Ann</b>")
    assert "<script>alert(1)" not in editor.get("/beheer/reacties").get_data(as_text=True)
    item = editor.get(f"/beheer/reacties/{new.pk}").get_data(as_text=True)
    assert "<script>alert(1)" not in item and "<b>Ann" not in item


def test_an_answer_is_stored_audited_and_shown_on_the_status_page(
    app: Flask, editor: FlaskClient
) -> None:
    new = submit(app)
    path = f"/beheer/reacties/{new.pk}"
    response = editor.post(
        path,
        data={"csrf_token": csrf_token(editor, path), "status": "done", "reply": "Aangepast!"},
    )
    assert response.status_code == 303
    with app.app_context():
        stored = db.session.get(FeedbackSubmission, new.pk)
        assert stored is not None and stored.status is FeedbackStatus.DONE
    assert ("feedback.answer", f"feedback:{new.pk}") in audit_actions(app)
    status_page = app.test_client().get(f"/reactie/{new.token}").get_data(as_text=True)
    assert "Aangepast!" in status_page


def test_an_answer_without_the_csrf_token_is_refused(app: Flask, editor: FlaskClient) -> None:
    new = submit(app)
    response = editor.post(f"/beheer/reacties/{new.pk}", data={"status": "done", "reply": "x"})
    assert response.status_code == 400
    with app.app_context():
        stored = db.session.get(FeedbackSubmission, new.pk)
        assert stored is not None and stored.status is FeedbackStatus.NEW


def test_an_unknown_status_is_refused(app: Flask, editor: FlaskClient) -> None:
    new = submit(app)
    path = f"/beheer/reacties/{new.pk}"
    response = editor.post(
        path, data={"csrf_token": csrf_token(editor, path), "status": "lost", "reply": ""}
    )
    assert response.status_code == 400


def test_the_dashboard_counts_the_feedback_per_status(app: Flask, editor: FlaskClient) -> None:
    submit(app)
    submit(app)
    page = editor.get("/beheer/").get_data(as_text=True)
    assert 'status=new">' in page
    assert '<span class="count">2</span>' in page
