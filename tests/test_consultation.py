"""Consultation rounds (issue 16): an editor opens a round over drafts, invites participants
by e-mail (a local SMTP server) or by a personal link, participants answer per concept until
the closing date, editors see the tally; the round stays with the version it led to.

Real database (SQLite, or PostgreSQL with GLOSSARY_TEST_BACKEND=postgresql), real editing
service, real mail through aiosmtpd.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.accounts.models import Role
from glossary.consultation import links, rounds
from glossary.consultation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationItem,
    ConsultationParticipant,
)
from glossary.editing import drafts
from glossary.models import db
from tests.accounts import add_user, audit_actions, csrf_token, signed_in_client
from tests.conftest import SCHEME_ID
from tests.consultation import (
    FIRST,
    RULES,
    SECOND,
    answer,
    draft_definition,
    invite,
    invited,
    item_pks,
    move_closing_date_to_the_past,
    open_round,
    opened,
    user_actor,
)
from tests.releases import make_release
from tests.test_feedback_mail import Inbox, inbox  # noqa: F401  (the local SMTP server)


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    client = signed_in_client(app, "editor@example.org", Role.EDITOR)
    draft_definition(app, "editor@example.org", FIRST, "Het vermogen om media bewust te gebruiken.")
    draft_definition(app, "editor@example.org", SECOND, "Hulp die online en fysiek samengaat.")
    return client


def answers_stored(app: Flask) -> list[tuple[int, str, str]]:
    with app.app_context():
        rows = db.session.scalars(db.select(ConsultationAnswer).order_by(ConsultationAnswer.pk))
        return [(row.item_pk, row.position.value, row.comment) for row in rows]


def test_a_round_over_two_drafts_tallies_a_mailed_and_a_linked_participant(
    app: Flask,
    editor: FlaskClient,
    inbox: tuple[Inbox, int],  # noqa: F811
) -> None:
    received, port = inbox
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    app.config["GLOSSARY_PUBLIC_URL"] = "https://begrippen.example.org/"
    pk = opened(editor, FIRST, SECOND)
    mailed = invited(editor, pk, name="An", email="an@example.org", by_mail="y")
    linked = invited(editor, pk, name="Bo")
    [mail] = received.to("an@example.org")
    body = mail.get_payload(decode=True).decode()
    assert f"https://begrippen.example.org/consultatie/{mailed}" in body
    assert "Beste An," in body and "Je persoonlijke pagina" in body  # Dutch first
    assert mail["Subject"].startswith("[Begrippenkader] consultatie:")
    assert len(received.messages) == 1
    items = item_pks(app.test_client(), mailed)
    assert set(items) == {FIRST, SECOND}
    first, second = items[FIRST], items[SECOND]
    an = answer(app.test_client(), mailed, {first: ("agree", ""), second: ("disagree", "Te vaag.")})
    bo = answer(
        app.test_client(), linked, {first: ("agree", ""), second: ("agree_with_remarks", "Goed.")}
    )
    assert (an.status_code, bo.status_code) == (303, 303)
    page = editor.get(f"/beheer/consultaties/{pk}").get_data(as_text=True)
    assert '<td data-position="agree">2</td>' in page  # FIRST: both agree
    with app.app_context():
        consultation = db.session.get(Consultation, pk)
        assert consultation is not None
        tally = {row.item.slug: row for row in rounds.tally(db.session(), consultation)}
    assert {p.value: n for p, n in tally[FIRST].counts.items()} == {
        "agree": 2,
        "agree_with_remarks": 0,
        "disagree": 0,
    }
    assert {p.value: n for p, n in tally[SECOND].counts.items()} == {
        "agree": 0,
        "agree_with_remarks": 1,
        "disagree": 1,
    }
    assert sorted((c.participant, c.text) for c in tally[SECOND].comments) == [
        ("An", "Te vaag."),
        ("Bo", "Goed."),
    ]
    assert "Te vaag." in page and "Goed." in page


def test_the_page_shows_each_draft_beside_the_published_text_as_a_word_diff(
    app: Flask, editor: FlaskClient
) -> None:
    token = invited(editor, opened(editor, FIRST))
    page = app.test_client().get(f"/consultatie/{token}").get_data(as_text=True)
    assert "<ins>" in page and "<del>" in page
    assert "bewust" in page
    assert "Gepubliceerd (versie 1)" in page or "Published (version 1)" in page
    assert "<strong>voorstellen</strong>" in page  # the explanation, Markdown rendered


def test_a_participant_changes_their_answer_before_the_closing_date(
    app: Flask, editor: FlaskClient
) -> None:
    token = invited(editor, opened(editor, FIRST))
    [item] = item_pks(app.test_client(), token).values()
    answer(app.test_client(), token, {item: ("disagree", "Nee.")})
    answer(app.test_client(), token, {item: ("agree", "Toch wel.")})
    assert answers_stored(app) == [(item, "agree", "Toch wel.")]
    page = app.test_client().get(f"/consultatie/{token}").get_data(as_text=True)
    assert "Toch wel." in page and 'value="agree" checked' in page


def test_after_the_closing_date_answers_are_refused_and_nothing_changes(
    app: Flask, editor: FlaskClient
) -> None:
    pk = opened(editor, FIRST)
    token = invited(editor, pk)
    [item] = item_pks(app.test_client(), token).values()
    answer(app.test_client(), token, {item: ("agree", "Prima.")})
    move_closing_date_to_the_past(app, pk)
    refused = answer(app.test_client(), token, {item: ("disagree", "Toch niet.")})
    assert refused.status_code == 409
    assert "gesloten" in refused.get_data(as_text=True) or "closed" in refused.get_data(
        as_text=True
    )
    assert answers_stored(app) == [(item, "agree", "Prima.")]
    page = app.test_client().get(f"/consultatie/{token}").get_data(as_text=True)
    assert "consultation-closed" in page and "<textarea" not in page


def test_an_editor_closes_a_round_early(app: Flask, editor: FlaskClient) -> None:
    pk = opened(editor, FIRST)
    token = invited(editor, pk)
    [item] = item_pks(app.test_client(), token).values()
    page = editor.get(f"/beheer/consultaties/{pk}").get_data(as_text=True)
    from tests.accounts import CSRF_FIELD

    match = CSRF_FIELD.search(page)
    assert match is not None
    closed = editor.post(f"/beheer/consultaties/{pk}/sluiten", data={"csrf_token": match[1]})
    assert closed.status_code == 303
    assert answer(app.test_client(), token, {item: ("agree", "")}).status_code == 409
    assert answers_stored(app) == []


def test_close_due_records_the_closing_of_rounds_past_their_date(
    app: Flask, editor: FlaskClient
) -> None:
    late, running = opened(editor, FIRST), opened(editor, SECOND)
    move_closing_date_to_the_past(app, late)
    result = app.test_cli_runner().invoke(args=["glossary", "consultation", "close-due"])
    assert result.exit_code == 0 and "closed 1 " in result.output
    with app.app_context():
        closed = {
            c.pk: c.closed_at is not None for c in db.session.scalars(db.select(Consultation))
        }
    assert closed == {late: True, running: False}


def test_a_guessed_token_is_a_404(app: Flask, editor: FlaskClient) -> None:
    invited(editor, opened(editor, FIRST))
    client = app.test_client()
    assert client.get("/consultatie/not-a-token").status_code == 404
    data = {"csrf_token": csrf_token(client), "position-1": "agree"}
    assert client.post("/consultatie/not-a-token", data=data).status_code == 404


def test_only_the_digest_of_a_token_is_stored(app: Flask, editor: FlaskClient) -> None:
    token = invited(editor, opened(editor, FIRST))
    with app.app_context():
        [participant] = db.session.scalars(db.select(ConsultationParticipant)).all()
        assert participant.token_digest != token and token not in participant.token_digest


def test_a_comment_over_the_limit_is_refused_at_its_item(app: Flask, editor: FlaskClient) -> None:
    token = invited(editor, opened(editor, FIRST))
    [item] = item_pks(app.test_client(), token).values()
    refused = answer(app.test_client(), token, {item: ("agree", "x" * 5001)})
    assert refused.status_code == 400
    assert f'id="comment-{item}-error"' in refused.get_data(as_text=True)
    assert answers_stored(app) == []


def test_a_comment_without_a_position_is_refused(app: Flask, editor: FlaskClient) -> None:
    token = invited(editor, opened(editor, FIRST))
    [item] = item_pks(app.test_client(), token).values()
    refused = answer(app.test_client(), token, {item: ("", "Alleen een opmerking.")})
    assert refused.status_code == 400
    assert f'id="position-{item}-error"' in refused.get_data(as_text=True)


def test_a_round_needs_a_title_a_future_date_and_a_draft(editor: FlaskClient) -> None:
    refused = open_round(editor, title="", closes_on="2000-01-01")
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert 'id="consultation-problems"' in text


def test_a_round_over_a_cluster_takes_every_draft_of_its_concepts(
    app: Flask, editor: FlaskClient
) -> None:
    with app.app_context():
        expected = rounds.drafts_of_cluster(db.session(), SCHEME_ID, "blended-werken")
    assert SECOND in expected and FIRST not in expected
    response = open_round(editor, cluster="blended-werken")
    assert response.status_code == 303
    with app.app_context():
        slugs = set(db.session.scalars(db.select(ConsultationItem.slug)))
    assert slugs == set(expected)


def test_inviting_by_mail_without_smtp_is_refused_with_a_reason(
    app: Flask, editor: FlaskClient
) -> None:
    pk = opened(editor, FIRST)
    refused = invite(editor, pk, email="an@example.org", by_mail="y")
    assert refused.status_code == 400 and "SMTP_URL" in refused.get_data(as_text=True)


def test_approving_a_consulted_draft_links_the_round_to_the_published_version(
    app: Flask, editor: FlaskClient
) -> None:
    pk = opened(editor, FIRST, SECOND)
    editor_page = editor.get(f"/beheer/begrip/{FIRST}").get_data(as_text=True)
    assert f'href="/beheer/consultaties/{pk}"' in editor_page
    add_user(app, "reviewer@example.org", Role.REVIEWER)
    with app.app_context():
        drafts.submit(db.session(), SCHEME_ID, user_actor(app, "editor@example.org"), FIRST)
        drafts.approve(
            db.session(), SCHEME_ID, user_actor(app, "reviewer@example.org"), FIRST, RULES
        )
        found = links.consultations_for_versions(
            db.session(), SCHEME_ID, [(FIRST, 2), (SECOND, 1), (FIRST, 1)]
        )
        published = dict(
            db.session.execute(
                db.select(ConsultationItem.slug, ConsultationItem.published_version)
            ).all()
        )
    assert published == {FIRST: 2, SECOND: None}
    assert list(found) == [(FIRST, 2)]
    assert [(ref.pk, ref.title) for ref in found[(FIRST, 2)]] == [(pk, "Herziening gegevensdeling")]
    tally_page = editor.get(f"/beheer/consultaties/{pk}").get_data(as_text=True)
    assert "versie 2" in tally_page or "version 2" in tally_page
    history = editor.get(f"/beheer/begrip/{FIRST}/geschiedenis").get_data(as_text=True)
    assert f'href="/beheer/consultaties/{pk}"' in history
    assert "gepubliceerd als versie 2" in history or "published as version 2" in history


def test_what_participants_and_editors_type_is_never_markup(
    app: Flask, editor: FlaskClient
) -> None:
    response = open_round(
        editor, FIRST, explanation="<script>alert(1)</script> [link](javascript:alert(2))"
    )
    pk = int(response.headers["Location"].split("/")[-1].split("?")[0])
    token = invited(editor, pk)
    [item] = item_pks(app.test_client(), token).values()
    answer(app.test_client(), token, {item: ("disagree", "<script>alert(3)</script>")})
    for page in (
        app.test_client().get(f"/consultatie/{token}").get_data(as_text=True),
        editor.get(f"/beheer/consultaties/{pk}").get_data(as_text=True),
    ):
        assert "<script>alert" not in page and 'href="javascript:' not in page
        assert "&lt;script&gt;alert(3)" in page


def test_every_write_is_audited(app: Flask, editor: FlaskClient) -> None:
    pk = opened(editor, FIRST)
    token = invited(editor, pk, name="An")
    [item] = item_pks(app.test_client(), token).values()
    answer(app.test_client(), token, {item: ("agree", "")})
    with app.app_context():
        rounds.close(db.session(), pk, user_actor(app, "editor@example.org"))
    target = f"consultation:{pk}"
    actions = [entry for entry in audit_actions(app) if entry[1] == target]
    assert actions == [
        ("consultation.open", target),
        ("consultation.invite", target),
        ("consultation.answer", target),
        ("consultation.close", target),
    ]


def test_the_release_that_publishes_a_consulted_draft_lists_its_round(
    app: Flask, editor: FlaskClient
) -> None:
    with app.app_context():
        make_release("2026-01-voor")
    pk = opened(editor, FIRST, SECOND)
    add_user(app, "reviewer@example.org", Role.REVIEWER)
    with app.app_context():
        drafts.submit(db.session(), SCHEME_ID, user_actor(app, "editor@example.org"), FIRST)
        drafts.approve(
            db.session(), SCHEME_ID, user_actor(app, "reviewer@example.org"), FIRST, RULES
        )
        make_release("2026-02-na")

    publishing = app.test_client().get("/versies/2026-02-na").get_data(as_text=True)
    earlier = app.test_client().get("/versies/2026-01-voor").get_data(as_text=True)

    assert "Herziening gegevensdeling" in publishing
    assert f'href="/begrip/{FIRST}"' in publishing.split("release-consultations")[1]
    # The draft of SECOND was not published: the round is listed for FIRST only.
    assert f'href="/begrip/{SECOND}"' not in publishing.split("release-consultations")[1]
    assert "Herziening gegevensdeling" not in earlier
    assert pk > 0
