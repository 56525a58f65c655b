"""The label list of the tooltip script's auto-annotation (/embed/labels.json)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from glossary.models import Concept, Label, LabelKind, db
from glossary.services.embed import annotation_key
from glossary.text import normalize_label


def labels(client: FlaskClient, lang: str = "nl") -> dict[str, str]:
    response = client.get(f"/embed/labels.json?lang={lang}")
    assert response.status_code == 200
    return response.get_json()["labels"]


def test_annotation_key_ignores_case_accents_and_separators():
    assert annotation_key("Inclusieve essentiële dienstverlening") == (
        "inclusieveessentieledienstverlening"
    )
    assert annotation_key("e-Health") == annotation_key("eHealth") == "ehealth"
    assert annotation_key("Deontologische dilemma's") == "deontologischedilemmas"


def test_preferred_labels_map_to_their_concept(client: FlaskClient):
    assert labels(client)["digitalekloof"] == "digitale-kloof"


def test_alternative_labels_map_to_the_concept_they_name(client: FlaskClient):
    found = labels(client)
    assert found["ehealth"] == "onlinehulpverlening"
    assert found["onlinehulp"] == "onlinehulpverlening"


def test_labels_of_the_requested_language_only(client: FlaskClient):
    english = labels(client, "en")
    assert english["blendedhelp"] == "blended-hulpverlening"
    assert "blendedhulpverlening" not in english


def test_a_label_naming_two_concepts_is_left_out(app: Flask, client: FlaskClient):
    with app.app_context():
        other = db.session.scalar(select(Concept).where(Concept.slug == "mediawijsheid"))
        db.session.add(
            Label(
                concept_pk=other.pk,
                scheme_id=other.scheme_id,
                lang="nl",
                kind=LabelKind.ALT,
                text="Digitale kloof",
                normalized=normalize_label("Digitale kloof"),
            )
        )
        db.session.commit()
    assert "digitalekloof" not in labels(client)


def test_unknown_language_is_a_bad_request(client: FlaskClient):
    response = client.get("/embed/labels.json?lang=xx")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_labels_may_be_read_from_other_origins(client: FlaskClient):
    response = client.get("/embed/labels.json", headers={"Origin": "https://moodle.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_labels_are_cacheable(client: FlaskClient):
    first = client.get("/embed/labels.json?lang=nl")
    again = client.get(
        "/embed/labels.json?lang=nl", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
