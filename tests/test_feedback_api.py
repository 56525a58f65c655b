"""POST /api/v1/feedback: the forms' service for partners' tools, answered in JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from glossary.feedback.models import FeedbackSubmission
from glossary.models import db
from tests.conftest import make_app
from tests.feedback import fuzzing

ENDPOINT = "/api/v1/feedback"


def count(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(db.select(FeedbackSubmission)).all())


def test_a_remark_by_label_is_stored_and_answers_its_status_address(
    app: Flask, client: FlaskClient
) -> None:
    response = client.post(
        ENDPOINT,
        json={"concept": "blended aanbod", "kind": "missing_synonym", "message": "Ook: mix."},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "new"
    assert body["status_url"].startswith("http://localhost/reactie/")
    assert response.headers["Location"] == body["status_url"]
    page = client.get(body["status_url"].removeprefix("http://localhost"))
    assert page.status_code == 200 and "Ook: mix." in page.get_data(as_text=True)
    with app.app_context():
        stored = db.session.scalars(db.select(FeedbackSubmission)).one()
        assert stored.concept_slug == "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
        assert stored.via == "api"


def test_a_new_term_needs_no_concept(client: FlaskClient) -> None:
    response = client.post(
        ENDPOINT, json={"kind": "new_term", "term": "Chatbot", "message": "Ontbreekt."}
    )
    assert response.status_code == 201


def test_a_body_that_is_not_an_object_is_400(client: FlaskClient) -> None:
    for body in ("[1, 2]", "not json", '"text"'):
        response = client.post(ENDPOINT, data=body, content_type="application/json")
        assert response.status_code == 400
        assert response.mimetype == "application/problem+json"


def test_wrong_types_are_400_with_a_pointer_to_each(client: FlaskClient) -> None:
    response = client.post(ENDPOINT, json={"kind": 3, "message": ["x"], "consent": "yes"})
    assert response.status_code == 400
    pointers = {error["pointer"] for error in response.get_json()["errors"]}
    assert pointers == {"/kind", "/message", "/consent"}


def test_an_unknown_field_is_refused_so_a_typo_is_not_lost(client: FlaskClient) -> None:
    response = client.post(ENDPOINT, json={"kind": "other", "message": "x", "mesage": "y"})
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        {"pointer": "/mesage", "detail": "is not a field of a submission"}
    ]


def test_values_not_allowed_are_422_with_pointers(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        ENDPOINT,
        json={"kind": "praise", "message": "x" * 5001, "email": "nope", "concept": "e-zorg"},
    )
    assert response.status_code == 422
    pointers = {error["pointer"] for error in response.get_json()["errors"]}
    assert pointers == {"/kind", "/message", "/email"}
    assert count(app) == 0


def test_an_unknown_concept_is_404(client: FlaskClient) -> None:
    response = client.post(ENDPOINT, json={"kind": "unclear", "message": "x", "concept": "zzz"})
    assert response.status_code == 404
    assert response.get_json()["errors"][0]["pointer"] == "/concept"


def test_a_body_over_the_size_limit_is_413(client: FlaskClient) -> None:
    response = client.post(
        ENDPOINT,
        data=json.dumps({"kind": "other", "message": "x" * 70_000}),
        content_type="application/json",
    )
    assert response.status_code == 413


def test_submissions_per_address_are_limited(app: Flask, instance_path: Path) -> None:
    limited = make_app(
        instance_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_FEEDBACK="2 per 10 minutes",
        RATELIMIT_STORAGE_URI=f"sqlite:///{instance_path / 'ratelimits.sqlite3'}",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
    )
    client = limited.test_client()
    statuses = [
        client.post(ENDPOINT, json={"kind": "other", "message": f"nr {n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert count(app) == 2


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(
    ["kind", "message", "concept", "term", "email", "consent", "name", "definition", "x"]
)
BODIES = st.dictionaries(FIELD_NAMES, JSON_VALUES | st.text(max_size=300), max_size=7)


@fuzzing(150)
@given(body=BODIES | JSON_VALUES)
def test_no_body_makes_the_endpoint_fail(client: FlaskClient, body: Any) -> None:
    response = client.post(ENDPOINT, json=body)
    assert response.status_code in {201, 400, 404, 413, 422}
    if response.status_code != 201:
        assert response.mimetype == "application/problem+json"


@fuzzing(60)
@given(raw=st.binary(max_size=300))
def test_no_bytes_make_the_endpoint_fail(client: FlaskClient, raw: bytes) -> None:
    response = client.post(ENDPOINT, data=raw, content_type="application/json")
    assert response.status_code in {201, 400, 404, 413, 422}


def test_a_lone_surrogate_is_400_not_a_database_error(client: FlaskClient) -> None:
    raw = '{"kind": "other", "message": "a\\ud800b"}'
    response = client.post(ENDPOINT, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["pointer"] == "/message"
