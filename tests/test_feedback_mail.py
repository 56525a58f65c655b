"""Mail about feedback through a local SMTP server (aiosmtpd, started by the test; no
network): editors hear of new submissions, consenting submitters of replies, and a server
that is down delays the mail but loses nothing."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from glossary.accounts.audit import Actor
from glossary.accounts.models import Role
from glossary.feedback import mail, submissions
from glossary.feedback.models import FeedbackStatus, FeedbackSubmission, MailMessage
from glossary.http.feedback import notice, send_queued_mail
from glossary.models import db, utcnow
from tests.accounts import add_user
from tests.feedback import submit
from tests.test_i18n import compiled_catalogs  # noqa: F401  (autouse fixture)


@dataclass
class Inbox:
    """What the local SMTP server received."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield received, controller.port
    controller.stop()


@pytest.fixture
def mailing_app(app: Flask, inbox: tuple[Inbox, int]) -> Flask:
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{inbox[1]}"
    add_user(app, "editor@example.org", Role.EDITOR)
    return app


def outbox(app: Flask) -> list[MailMessage]:
    with app.app_context():
        rows = list(db.session.scalars(db.select(MailMessage).order_by(MailMessage.pk)))
        for row in rows:
            db.session.expunge(row)
        return rows


def post(client: FlaskClient, **fields: object) -> str:
    body = {"kind": "unclear", "concept": "mediawijsheid", "message": "Onduidelijk.", **fields}
    response = client.post("/api/v1/feedback", json=body)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["status_url"]).rsplit("/", 1)[1]


def test_editors_are_told_of_a_new_submission(mailing_app: Flask, inbox: tuple[Inbox, int]) -> None:
    post(mailing_app.test_client(), email="ann@example.org", name="Ann")
    [message] = inbox[0].to("editor@example.org")
    assert "mediawijsheid" in message["Subject"]
    body = message.get_payload()
    assert "Onduidelijk." in str(body)
    assert "ann@example.org" not in str(body)  # personal data stay in the workspace
    assert outbox(mailing_app)[0].sent_at is not None


def test_a_consenting_submitter_receives_the_reply(
    mailing_app: Flask, inbox: tuple[Inbox, int]
) -> None:
    token = post(mailing_app.test_client(), email="ann@example.org", consent=True)
    with mailing_app.app_context():
        found = submissions.find_by_token(db.session(), token)
        assert found is not None
        submissions.answer(
            db.session(), found.pk, FeedbackStatus.DONE, "Dank, aangepast.", Actor.cli(), notice()
        )
        send_queued_mail()
    [reply] = inbox[0].to("ann@example.org")
    assert "Dank, aangepast." in str(reply.get_payload())


def test_mail_to_the_public_is_written_in_the_frameworks_language(
    mailing_app: Flask, inbox: tuple[Inbox, int]
) -> None:
    token = post(mailing_app.test_client(), email="ann@example.org", consent=True)
    with mailing_app.app_context():
        found = submissions.find_by_token(db.session(), token)
        assert found is not None
        submissions.answer(
            db.session(), found.pk, FeedbackStatus.DONE, "Dank.", Actor.cli(), notice()
        )
        send_queued_mail()
    [reply] = inbox[0].to("ann@example.org")
    assert reply["Subject"].startswith("[Begrippenkader] antwoord op je reactie")
    assert "De redactie antwoordde:" in str(reply.get_payload(decode=True).decode())


def test_a_submitter_without_consent_gets_no_mail(
    mailing_app: Flask, inbox: tuple[Inbox, int]
) -> None:
    token = post(mailing_app.test_client(), email="bert@example.org")
    with mailing_app.app_context():
        found = submissions.find_by_token(db.session(), token)
        assert found is not None
        submissions.answer(
            db.session(), found.pk, FeedbackStatus.DONE, "Antwoord", Actor.cli(), notice()
        )
    assert not [m for m in outbox(mailing_app) if m.recipient == "bert@example.org"]
    assert inbox[0].to("bert@example.org") == []


def test_a_server_that_is_down_loses_nothing(app: Flask, runner: Any) -> None:
    port = free_port()  # nothing listens here
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    add_user(app, "editor@example.org", Role.EDITOR)
    post(app.test_client(), message="Niet verloren")
    with app.app_context():
        stored = db.session.scalars(db.select(FeedbackSubmission)).one()
        assert stored.message == "Niet verloren"
    [waiting] = outbox(app)
    assert (waiting.sent_at, waiting.attempts) == (None, 1)
    assert waiting.last_error

    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with app.app_context():
            message = db.session.get(MailMessage, waiting.pk)
            assert message is not None
            message.next_attempt_at = utcnow() - timedelta(seconds=1)  # the pause is over
            db.session.commit()
        result = runner.invoke(args=["glossary", "feedback", "send-mail"])
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert "sent 1, failed 0" in result.output
    assert len(received.to("editor@example.org")) == 1
    assert outbox(app)[0].sent_at is not None


def test_a_failed_message_waits_before_it_is_retried(app: Flask, runner: Any) -> None:
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"
    add_user(app, "editor@example.org", Role.EDITOR)
    post(app.test_client())
    result = runner.invoke(args=["glossary", "feedback", "send-mail"])
    assert "sent 0, failed 0" in result.output  # not due yet: nothing tried
    assert outbox(app)[0].attempts == 1


def test_without_smtp_url_nothing_is_queued(app: Flask) -> None:
    add_user(app, "editor@example.org", Role.EDITOR)
    submit(app, email="ann@example.org", consent=True)
    assert outbox(app) == []


def test_a_message_another_sender_holds_is_not_sent_twice(
    mailing_app: Flask, inbox: tuple[Inbox, int]
) -> None:
    mailing_app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"  # down at first
    post(mailing_app.test_client())
    mailing_app.config["SMTP_URL"] = f"smtp://127.0.0.1:{inbox[1]}"
    with mailing_app.app_context():
        message = db.session.scalars(db.select(MailMessage)).one()
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        held = mail._claim(db.session(), 10)  # another worker leases it, and is sending
        assert [m.pk for m in held] == [message.pk]
        assert mail.deliver_due(db.session(), notice()).sent == 0
    assert inbox[0].to("editor@example.org") == []
