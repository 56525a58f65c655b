"""Helpers for the consultation tests: drafts to consult on, a round opened through the
workspace, and a participant's page read and answered as a browser would."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from werkzeug.test import TestResponse

from glossary.accounts.audit import Actor
from glossary.accounts.models import User, Via
from glossary.consultation.models import Consultation
from glossary.editing import drafts
from glossary.importing import Rules
from glossary.models import db, utcnow
from glossary.records import ConceptRecord, LanguageLabels
from tests.accounts import csrf_token
from tests.conftest import SCHEME_ID

RULES = Rules(source_language="nl")
FIRST = "mediawijsheid"
SECOND = "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
NEW = "nieuw-begrip"
LINK = re.compile(r'<code id="invitation-link">[^<]*/consultatie/([^<]+)</code>')
HIDDEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def user_actor(app: Flask, email: str) -> Actor:
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        return Actor(via=Via.WEB, user_pk=user.pk, address="192.0.2.1")


def draft_definition(app: Flask, email: str, slug: str, text: str) -> None:
    """`email` saves a draft of `slug` with a new Dutch definition."""
    author = user_actor(app, email)
    with app.app_context():
        session = db.session()
        record = drafts.stored_record(session, SCHEME_ID, slug)
        record = replace(record, notes={**record.notes, ("definition", "nl"): text})
        base = drafts.concept_version(session, SCHEME_ID, slug)
        drafts.save_draft(session, SCHEME_ID, author, slug, record, base, "clearer", RULES)


def draft_new_concept(app: Flask, email: str) -> None:
    record = ConceptRecord(
        slug=NEW,
        clusters=("blended-werken",),
        status="accepted",
        labels={"nl": LanguageLabels(pref="Nieuw begrip")},
        notes={("definition", "nl"): "Iets geheel nieuws."},
    )
    with app.app_context():
        drafts.save_draft(
            db.session(), SCHEME_ID, user_actor(app, email), None, record, 0, "new", RULES
        )


def in_two_weeks() -> str:
    return (date.today() + timedelta(days=14)).isoformat()


def open_round(client: FlaskClient, *slugs: str, **fields: str) -> TestResponse:
    data: dict[str, object] = {
        "csrf_token": csrf_token(client, "/beheer/consultaties/nieuw"),
        "title": "Herziening gegevensdeling",
        "explanation": "Lees de **voorstellen** en geef uw oordeel.",
        "closes_on": in_two_weeks(),
        "drafts": list(slugs),
        **fields,
    }
    return client.post("/beheer/consultaties/nieuw", data=data)


def opened(client: FlaskClient, *slugs: str) -> int:
    response = open_round(client, *slugs)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].split("/")[-1].split("?")[0])


def invite(client: FlaskClient, pk: int, **fields: str) -> TestResponse:
    token = csrf_token(client, f"/beheer/consultaties/{pk}")
    return client.post(
        f"/beheer/consultaties/{pk}/uitnodigen", data={"csrf_token": token, **fields}
    )


def invited(client: FlaskClient, pk: int, **fields: str) -> str:
    """The personal token of a new participant, read from the link shown once."""
    response = invite(client, pk, **fields)
    assert response.status_code == 200, response.get_data(as_text=True)
    match = LINK.search(response.get_data(as_text=True))
    assert match is not None
    return match.group(1)


def item_pks(client: FlaskClient, token: str) -> dict[str, int]:
    """slug → item number, from the participant's page (each item's comment field)."""
    page = client.get(f"/consultatie/{token}").get_data(as_text=True)
    found = re.findall(r'class="consultation-item" data-slug="([^"]+)" data-item="(\d+)"', page)
    return {slug: int(pk) for slug, pk in found}


def answer(client: FlaskClient, token: str, answers: dict[int, tuple[str, str]]) -> TestResponse:
    page = client.get(f"/consultatie/{token}").get_data(as_text=True)
    match = HIDDEN.search(page)
    data = {"csrf_token": match.group(1) if match else ""}
    for pk, (position, comment) in answers.items():
        data[f"position-{pk}"] = position
        data[f"comment-{pk}"] = comment
    return client.post(f"/consultatie/{token}", data=data)


def move_closing_date_to_the_past(app: Flask, pk: int) -> None:
    with app.app_context():
        db.session.execute(
            update(Consultation)
            .where(Consultation.pk == pk)
            .values(closes_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
