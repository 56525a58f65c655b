"""The embeddable card at /embed/<id>: what it shows, in which language, and who may frame it."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from glossary.models import Concept, Label, LabelKind, Note, NoteKind, db


def card(client: FlaskClient, url: str, ui: str = "nl") -> str:
    response = client.get(url, headers={"Accept-Language": ui})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_card_shows_label_definition_and_link_back_to_the_concept_page(client: FlaskClient):
    html = card(client, "/embed/blended-hulpverlening")
    assert ">Blended hulpverlening</a></h1>" in html
    assert "de combinatie van offline/" in html
    assert 'href="http://localhost/begrip/blended-hulpverlening?lang=nl"' in html


def test_card_may_be_framed_by_any_site(client: FlaskClient):
    response = client.get("/embed/blended-hulpverlening")
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers


def test_card_keeps_the_strict_policy_apart_from_framing(client: FlaskClient):
    policy = client.get("/embed/blended-hulpverlening").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_card_opens_every_link_outside_the_frame(client: FlaskClient):
    html = card(client, "/embed/blended-hulpverlening")
    assert '<base target="_blank">' in html


def test_card_cross_links_point_to_concept_pages_of_this_service(client: FlaskClient):
    html = card(client, "/embed/blended-hulpverlening")
    assert 'href="/begrip/onlinehulpverlening" class="crosslink"' in html


def test_card_lists_its_sources_with_their_links(client: FlaskClient):
    html = card(client, "/embed/blended-hulpverlening")
    sources = html.split('class="card-sources"', 1)[1].split("</p>", 1)[0]
    assert (
        'href="https://sociaal.net/achtergrond/blended-hulp-wordt-het-nieuwe-normaal/"' in sources
    )
    assert "CAW, 2022</a>" in sources


def test_card_loads_only_files_of_this_service(client: FlaskClient):
    html = card(client, "/embed/blended-hulpverlening")
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    loaded = [url for url in assets if not url.startswith(("http://localhost/begrip/", "data:"))]
    assert loaded and all(url.startswith("/static/") for url in loaded)


def test_card_in_english_shows_the_english_text_and_interface(client: FlaskClient):
    html = card(client, "/embed/blended-hulpverlening?lang=en", ui="nl")
    assert '<html lang="en"' in html
    assert ">Blended help</a></h1>" in html
    assert "More about this term in the Begrippenkader" in html


def test_card_marks_a_draft_translation(client: FlaskClient):
    html = card(client, "/embed/blended-hulpverlening?lang=en")
    assert "marker--draft" in html


def drop_english(app: Flask, slug: str, *texts: str) -> None:
    """Delete the English preferred label (`"label"`) or definition (`"definition"`)."""
    with app.app_context():
        concept_pk = db.session.scalar(select(Concept.pk).where(Concept.slug == slug))
        if "label" in texts:
            db.session.execute(
                delete(Label).where(
                    Label.concept_pk == concept_pk, Label.lang == "en", Label.kind == LabelKind.PREF
                )
            )
        if "definition" in texts:
            db.session.execute(
                delete(Note).where(
                    Note.concept_pk == concept_pk,
                    Note.lang == "en",
                    Note.kind == NoteKind.DEFINITION,
                )
            )
        db.session.commit()


def test_card_falls_back_to_dutch_with_a_visible_marker(app: Flask, client: FlaskClient):
    drop_english(app, "mediawijsheid", "definition")
    html = card(client, "/embed/mediawijsheid?lang=en")
    assert "marker--fallback" in html
    assert '<div class="card-definition" lang="nl">' in html


def test_card_title_falls_back_to_dutch_with_a_visible_marker(app: Flask, client: FlaskClient):
    drop_english(app, "mediawijsheid", "label")
    html = card(client, "/embed/mediawijsheid?lang=en")
    assert '<h1 id="card-title" lang="nl"><a' in html
    title_marker = html.split("</h1>", 1)[1].split('<div class="card-definition"', 1)[0]
    assert "marker--fallback" in title_marker
    assert "not yet translated into English" in title_marker


def test_card_shows_one_marker_when_title_and_definition_fall_back_alike(
    app: Flask, client: FlaskClient
):
    drop_english(app, "mediawijsheid", "label", "definition")
    html = card(client, "/embed/mediawijsheid?lang=en")
    assert html.count("marker--fallback") == 1


def test_card_title_in_its_own_language_has_no_marker(client: FlaskClient):
    html = card(client, "/embed/mediawijsheid?lang=en")
    assert "card-markers--label" not in html


def test_card_with_an_unknown_language_uses_the_source_language(client: FlaskClient):
    html = card(client, "/embed/blended-hulpverlening?lang=xx")
    assert ">Blended hulpverlening</a></h1>" in html


def test_card_dark_theme(client: FlaskClient):
    assert "theme-dark" in card(client, "/embed/blended-hulpverlening?theme=dark")


def test_card_unknown_theme_is_light(client: FlaskClient):
    assert "theme-light" in card(client, "/embed/blended-hulpverlening?theme=neon")


def test_synonym_redirects_permanently_to_the_concepts_card(client: FlaskClient):
    response = client.get("/embed/e-zorg?lang=en&theme=dark")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        "http://localhost/embed/onlinehulpverlening?lang=en&theme=dark"
    )


def test_unknown_id_answers_a_framable_not_found_card(client: FlaskClient):
    response = client.get("/embed/geen-begrip")
    assert response.status_code == 404
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "geen-begrip" in response.get_data(as_text=True)


def test_card_escapes_the_requested_term_of_a_missing_card(client: FlaskClient):
    html = client.get("/embed/<img src=x onerror=alert(1)>").get_data(as_text=True)
    assert "<img src=x" not in html
