"""Consultation rounds and personal data, limits and schema: participants' names and
addresses go with the feedback retention period after closing (the same prune command);
no participant input gives a server error; the migration goes up and down."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect, update

from glossary.accounts.models import Role
from glossary.consultation import privacy
from glossary.consultation.models import Consultation, ConsultationAnswer, ConsultationParticipant
from glossary.feedback.models import MailMessage
from glossary.models import db, utcnow
from tests.accounts import signed_in_client
from tests.conftest import TEST_BACKEND, PostgresServer, make_app
from tests.consultation import (
    FIRST,
    HIDDEN,
    answer,
    draft_definition,
    invited,
    item_pks,
    opened,
)
from tests.feedback import fuzzing

TABLES = {"consultation", "consultation_item", "consultation_participant", "consultation_answer"}


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    client = signed_in_client(app, "editor@example.org", Role.EDITOR)
    draft_definition(app, "editor@example.org", FIRST, "Het vermogen om media bewust te gebruiken.")
    return client


def closed_months_ago(app: Flask, pk: int, months: int) -> None:
    with app.app_context():
        moment = utcnow() - timedelta(days=31 * months)
        db.session.execute(
            update(Consultation)
            .where(Consultation.pk == pk)
            .values(closes_at=moment, closed_at=moment)
        )
        db.session.commit()


def participants(app: Flask) -> list[tuple[str | None, str | None]]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(ConsultationParticipant).order_by(ConsultationParticipant.pk)
        )
        return [(row.name, row.email) for row in rows]


def test_prune_erases_participants_of_rounds_closed_longer_than_the_retention(
    app: Flask, editor: FlaskClient
) -> None:
    old, recent = opened(editor, FIRST), opened(editor, FIRST)
    invited(editor, old, name="An", email="an@example.org")
    invited(editor, recent, name="Bo", email="bo@example.org")
    with app.app_context():
        db.session.add(MailMessage(recipient="an@example.org", subject="s", body="b", attempts=0))
        db.session.commit()
    closed_months_ago(app, old, 13)
    closed_months_ago(app, recent, 2)
    result = app.test_cli_runner().invoke(args=["glossary", "feedback", "prune"])
    assert result.exit_code == 0, result.output
    assert "participants of 1 consultations" in result.output
    assert participants(app) == [(None, None), ("Bo", "bo@example.org")]
    with app.app_context():
        assert db.session.scalars(db.select(MailMessage.recipient)).all() == []


def test_a_persons_invitations_and_answers_are_exported_and_erased_on_request(
    app: Flask, editor: FlaskClient
) -> None:
    pk = opened(editor, FIRST)
    token = invited(editor, pk, name="An", email="An@Example.org")
    invited(editor, pk, name="Bo", email="bo@example.org")
    [item] = item_pks(app.test_client(), token).values()
    answer(app.test_client(), token, {item: ("disagree", "Te vaag.")})
    runner = app.test_cli_runner()

    exported = runner.invoke(args=["glossary", "feedback", "export-person", "an@example.org"])
    erased = runner.invoke(args=["glossary", "feedback", "erase-person", "an@example.org"])

    assert exported.exit_code == 0, exported.output
    [kept] = json.loads(exported.output)["consultations"]
    assert (kept["name"], kept["email"]) == ("An", "an@example.org")
    assert kept["answers"] == [{"concept": FIRST, "position": "disagree", "comment": "Te vaag."}]
    assert erased.exit_code == 0, erased.output
    assert "1 consultation invitations" in erased.output
    assert sorted(participants(app), key=str) == sorted(
        [(None, None), ("Bo", "bo@example.org")], key=str
    )
    with app.app_context():
        # The answer stays with the round, no longer signed by a name.
        assert db.session.scalars(db.select(ConsultationAnswer.comment)).all() == ["Te vaag."]


def test_an_open_round_is_never_pruned(app: Flask, editor: FlaskClient) -> None:
    invited(editor, opened(editor, FIRST), name="An")
    with app.app_context():
        assert privacy.prune(db.session(), 1, now=utcnow() + timedelta(days=3)) == 0
    assert participants(app) == [("An", None)]


@pytest.fixture
def participant(app: Flask, editor: FlaskClient) -> str:
    return invited(editor, opened(editor, FIRST))


FIELDS = st.sampled_from(["position-1", "comment-1", "position-2", "comment-99", "other"])
VALUES = (
    st.sampled_from(["agree", "agree_with_remarks", "disagree", ""])
    | st.text(max_size=200)
    | st.text(max_size=3).map(lambda s: s * 3000)
)


@fuzzing(60)
@given(fields=st.dictionaries(FIELDS, VALUES, max_size=5))
def test_no_participant_input_makes_the_page_fail(
    app: Flask, participant: str, fields: dict[str, str]
) -> None:
    client = app.test_client()
    page = client.get(f"/consultatie/{participant}").get_data(as_text=True)
    match = HIDDEN.search(page)
    assert match is not None
    response = client.post(
        f"/consultatie/{participant}", data={"csrf_token": match.group(1), **fields}
    )
    assert response.status_code in {303, 400, 413}
    with app.app_context():
        for row in db.session.scalars(db.select(ConsultationAnswer)):
            assert len(row.comment) <= 5000


@fuzzing(30)
@given(token=st.text(max_size=200))
def test_no_token_makes_the_participant_page_fail(client: FlaskClient, token: str) -> None:
    from urllib.parse import quote

    response = client.get("/consultatie/" + quote(token, safe=""))
    assert response.status_code in {404, 308}


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


def test_the_migration_goes_up_and_down(database_url: str, tmp_path: Path) -> None:
    app = make_app(tmp_path / "instance", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        downgrade(revision="0012_releases")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        db.engine.dispose()
