"""The public feedback forms and the private status page, through HTTP as a browser uses
them: the CSRF token and the signed moment the form was shown are read from the page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from glossary.feedback.models import FeedbackSubmission
from glossary.models import db
from tests.conftest import make_app
from tests.feedback import fuzzing

CONCEPT_FORM = "/reageer/mediawijsheid"
PROPOSAL_FORM = "/voorstel"
HIDDEN = re.compile(r'name="(csrf_token|shown)" type="hidden" value="([^"]+)"')


@pytest.fixture
def quick(app: Flask) -> Flask:
    """The app without the minimum fill time (a test client types in no time)."""
    app.config["GLOSSARY_FEEDBACK_MIN_SECONDS"] = 0
    return app


def hidden_fields(client: FlaskClient, path: str) -> dict[str, str]:
    page = client.get(path)
    assert page.status_code == 200
    return dict(HIDDEN.findall(page.get_data(as_text=True)))


def post_form(client: FlaskClient, path: str, **fields: str) -> TestResponse:
    return client.post(path, data={**hidden_fields(client, path), **fields})


def stored(app: Flask) -> list[FeedbackSubmission]:
    with app.app_context():
        rows = list(db.session.scalars(db.select(FeedbackSubmission)))
        for row in rows:
            db.session.expunge(row)
        return rows


def test_every_concept_page_links_to_its_feedback_form(client: FlaskClient) -> None:
    page = client.get("/begrip/mediawijsheid").get_data(as_text=True)
    assert 'href="/reageer/mediawijsheid?lang=nl"' in page


def test_every_embed_card_links_to_the_feedback_form(client: FlaskClient) -> None:
    card = client.get("/embed/mediawijsheid?lang=nl").get_data(as_text=True)
    assert 'href="http://localhost/reageer/mediawijsheid?lang=nl"' in card


def test_every_page_links_to_the_proposal_form(client: FlaskClient) -> None:
    assert 'href="/voorstel"' in client.get("/").get_data(as_text=True)


def test_a_comment_is_stored_and_leads_to_its_status_page(quick: Flask) -> None:
    client = quick.test_client()
    response = post_form(client, CONCEPT_FORM, kind="unclear", message="Wat betekent dit?")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(r"/reactie/[A-Za-z0-9_-]{40,}\?verstuurd=1", location)
    [submission] = stored(quick)
    assert (submission.concept_slug, submission.message) == ("mediawijsheid", "Wat betekent dit?")
    status = client.get(location)
    assert status.status_code == 200
    assert "Wat betekent dit?" in status.get_data(as_text=True)


def test_a_proposal_is_stored_as_a_new_term(quick: Flask) -> None:
    client = quick.test_client()
    response = post_form(
        client,
        PROPOSAL_FORM,
        term="Digitale geletterdheid",
        definition="Kunnen omgaan met digitale media.",
        context="In scholen",
    )
    assert response.status_code == 303
    [submission] = stored(quick)
    assert (submission.kind.value, submission.proposed_term) == (
        "new_term",
        "Digitale geletterdheid",
    )
    assert submission.concept_slug is None


def test_a_form_without_its_csrf_token_is_refused(quick: Flask) -> None:
    client = quick.test_client()
    fields = hidden_fields(client, CONCEPT_FORM)
    del fields["csrf_token"]
    response = client.post(CONCEPT_FORM, data={**fields, "kind": "other", "message": "x"})
    assert response.status_code == 400
    assert stored(quick) == []


def test_a_filled_honeypot_stores_nothing(quick: Flask) -> None:
    client = quick.test_client()
    response = post_form(
        client, CONCEPT_FORM, kind="other", message="Koop nu!", website="http://spam.example"
    )
    assert response.status_code == 400
    assert stored(quick) == []


def test_a_form_sent_back_too_soon_stores_nothing(app: Flask) -> None:
    app.config["GLOSSARY_FEEDBACK_MIN_SECONDS"] = 3600
    client = app.test_client()
    response = post_form(client, CONCEPT_FORM, kind="other", message="Snel!")
    assert response.status_code == 400
    assert "too quickly" in response.get_data(as_text=True) or "te snel" in response.get_data(
        as_text=True
    )
    assert stored(app) == []


def test_a_forged_fill_time_stamp_stores_nothing(quick: Flask) -> None:
    client = quick.test_client()
    fields = hidden_fields(client, CONCEPT_FORM)
    fields["shown"] = "MTcwMDAwMDAwMC4w.forged"
    response = client.post(CONCEPT_FORM, data={**fields, "kind": "other", "message": "x"})
    assert response.status_code == 400
    assert stored(quick) == []


def test_a_message_over_the_size_limit_is_refused_with_the_field_marked(quick: Flask) -> None:
    client = quick.test_client()
    response = post_form(client, CONCEPT_FORM, kind="other", message="a" * 5001)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert stored(quick) == []


def test_a_huge_body_is_refused(quick: Flask) -> None:
    client = quick.test_client()
    response = post_form(client, CONCEPT_FORM, kind="other", message="a" * 100_000)
    assert response.status_code == 413
    assert stored(quick) == []


def test_a_missing_kind_and_message_are_marked(quick: Flask) -> None:
    client = quick.test_client()
    response = post_form(client, CONCEPT_FORM)
    assert response.status_code == 400
    assert response.get_data(as_text=True).count('class="field-error"') == 2


def test_a_comment_on_an_unknown_concept_is_404(client: FlaskClient) -> None:
    assert client.get("/reageer/geen-begrip-zo").status_code == 404


def test_markup_in_a_comment_is_shown_as_text(quick: Flask) -> None:
    client = quick.test_client()
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = post_form(client, CONCEPT_FORM, kind="other", message=attack, name=attack)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_a_guessed_status_token_is_404(quick: Flask) -> None:
    client = quick.test_client()
    location = post_form(client, CONCEPT_FORM, kind="other", message="x").headers["Location"]
    token = location.split("/")[-1].split("?")[0]
    assert client.get(f"/reactie/{token[:-2]}xy").status_code == 404
    assert client.get("/reactie/" + "A" * 43).status_code == 404


def test_the_status_page_is_private(quick: Flask) -> None:
    client = quick.test_client()
    location = post_form(client, CONCEPT_FORM, kind="other", message="x").headers["Location"]
    response = client.get(location)
    assert response.headers["Cache-Control"] == "no-store"
    assert '<meta name="referrer" content="no-referrer">' in response.get_data(as_text=True)
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_submissions_per_address_are_limited(app: Flask, instance_path: Path) -> None:
    limited = make_app(
        instance_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_FEEDBACK="2 per 10 minutes",
        RATELIMIT_STORAGE_URI=f"sqlite:///{instance_path / 'ratelimits.sqlite3'}",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        GLOSSARY_FEEDBACK_MIN_SECONDS=0,
    )
    client = limited.test_client()
    answers = [
        post_form(client, CONCEPT_FORM, kind="other", message=f"nr {n}").status_code
        for n in range(3)
    ]
    assert answers == [303, 303, 429]
    assert len(stored(app)) == 2


FORM_FIELDS = st.sampled_from(
    [
        "kind",
        "message",
        "name",
        "organisation",
        "email",
        "consent",
        "term",
        "definition",
        "source",
        "context",
        "website",
        "shown",
    ]
)
FORM_VALUES = st.text(max_size=300) | st.text(max_size=3).map(lambda s: s * 2000)


@fuzzing(80)
@given(
    path=st.sampled_from([CONCEPT_FORM, PROPOSAL_FORM]),
    fields=st.dictionaries(FORM_FIELDS, FORM_VALUES, max_size=8),
)
def test_no_form_input_makes_the_forms_fail(
    quick: Flask, path: str, fields: dict[str, str]
) -> None:
    client = quick.test_client()
    hidden = hidden_fields(client, path)
    response = client.post(path, data={**hidden, **fields})
    assert response.status_code in {303, 400, 413}


@fuzzing(40)
@given(token=st.text(max_size=200))
def test_no_status_token_makes_the_status_page_fail(client: FlaskClient, token: str) -> None:
    response = client.get("/reactie/" + quote(token, safe=""))
    assert response.status_code in {404, 308}


def test_a_label_in_the_form_address_leads_to_its_concept(client: FlaskClient) -> None:
    response = client.get("/reageer/blended aanbod?lang=nl")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        "/reageer/blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen?lang=nl"
    )


def test_the_thank_you_note_shows_the_public_status_address(quick: Flask) -> None:
    quick.config["GLOSSARY_PUBLIC_URL"] = "https://begrippen.example.org/"
    client = quick.test_client()
    location = post_form(client, CONCEPT_FORM, kind="other", message="x").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    token = location.split("/")[-1].split("?")[0]
    assert f"<code>https://begrippen.example.org/reactie/{token}</code>" in page
