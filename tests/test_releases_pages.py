"""Release pages: the list, a release with its frozen downloads, the diff, a concept as a
release holds it, and the citation on every concept page."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from flask import Flask
from flask.testing import FlaskClient

from tests.releases import make_release, publish, stored, with_definition

NEW_DEFINITION = "Een plan dat in stappen naar een doel leidt."
# Words of roadmap's bundled definition that the new one lacks.
OLD_WORDS = "schema bij de planning"


def released_then_changed(app: Flask) -> str:
    """Release 2026-01, then roadmap's definition changed; the old definition."""
    with app.app_context():
        old = stored("roadmap").notes[("definition", "nl")]
        make_release("2026-01", "Januari 2026", "De **eerste** versie.")
        publish(with_definition(stored("roadmap"), NEW_DEFINITION))
    return old


def test_the_release_list_names_each_release(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        make_release("2026-01", "Januari 2026")
    page = client.get("/versies")
    assert page.status_code == 200
    assert "Januari 2026" in page.text and "/versies/2026-01" in page.text


def test_a_release_page_shows_its_notes_and_downloads(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        make_release("2026-01", "Januari 2026", "De **eerste** versie.")
    page = client.get("/versies/2026-01")
    assert page.status_code == 200
    assert "<strong>eerste</strong>" in page.text
    for fmt in ("ttl", "jsonld", "rdf", "csv", "tbx"):
        assert f"/versies/2026-01/export/begrippenkader.{fmt}" in page.text


def test_an_unknown_release_page_is_a_404(client: FlaskClient) -> None:
    assert client.get("/versies/2099-01").status_code == 404


def test_a_frozen_download_is_served_with_its_sha256_as_strong_etag(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        make_release("2026-01")
    answer = client.get("/versies/2026-01/export/begrippenkader.ttl")
    assert answer.status_code == 200
    assert answer.mimetype == "text/turtle"
    assert answer.headers["ETag"] == f'"{hashlib.sha256(answer.data).hexdigest()}"'
    assert "immutable" in answer.headers["Cache-Control"]
    again = client.get(
        "/versies/2026-01/export/begrippenkader.ttl",
        headers={"If-None-Match": answer.headers["ETag"]},
    )
    assert again.status_code == 304


def test_a_frozen_download_is_byte_identical_after_a_change(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        make_release("2026-01")
    before = {
        fmt: client.get(f"/versies/2026-01/export/begrippenkader.{fmt}").data
        for fmt in ("ttl", "jsonld", "rdf", "csv", "tbx")
    }
    with app.app_context():
        publish(with_definition(stored("roadmap"), NEW_DEFINITION))
        make_release("2026-02")
    after = {
        fmt: client.get(f"/versies/2026-01/export/begrippenkader.{fmt}").data for fmt in before
    }
    assert after == before


def test_an_unknown_export_format_is_a_404(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        make_release("2026-01")
    assert client.get("/versies/2026-01/export/begrippenkader.xls").status_code == 404


def test_the_diff_page_shows_the_changed_concept_and_its_new_words(
    app: Flask, client: FlaskClient
) -> None:
    released_then_changed(app)
    page = client.get("/versies/2026-01/verschil/huidig")
    assert page.status_code == 200
    assert 'data-concept="roadmap"' in page.text
    assert page.text.count("data-concept=") == 1
    assert "<ins>" in page.text


def test_a_diff_with_an_unknown_release_is_a_404(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        make_release("2026-01")
    assert client.get("/versies/2026-01/verschil/2099-01").status_code == 404


def test_a_concept_in_a_release_shows_the_old_text_and_links_to_today(
    app: Flask, client: FlaskClient
) -> None:
    assert OLD_WORDS in released_then_changed(app)
    page = client.get("/begrip/roadmap?versie=2026-01")
    assert page.status_code == 200
    assert OLD_WORDS in page.text and NEW_DEFINITION not in page.text
    assert 'href="/begrip/roadmap"' in page.text
    assert "2026-01" in page.text


def test_a_concept_in_a_release_is_shown_in_the_language_asked(
    app: Flask, client: FlaskClient
) -> None:
    released_then_changed(app)
    with app.app_context():
        english = stored("roadmap").notes[("definition", "en")]
    page = client.get("/begrip/roadmap?versie=2026-01&lang=en")
    assert page.status_code == 200
    assert english.split()[0] in page.text and 'lang="en"' in page.text
    assert OLD_WORDS not in page.text


def test_a_concept_in_a_release_falls_back_to_dutch_where_it_has_no_translation(
    app: Flask, client: FlaskClient
) -> None:
    released_then_changed(app)
    page = client.get("/begrip/roadmap?versie=2026-01&lang=fr")
    assert page.status_code == 200
    assert OLD_WORDS in page.text


def test_a_concept_in_a_release_is_a_page_only_and_says_so_to_machines(
    app: Flask, client: FlaskClient
) -> None:
    released_then_changed(app)
    asked_json = client.get("/begrip/roadmap?versie=2026-01&format=json")
    assert asked_json.status_code == 400
    assert "available: html" in asked_json.get_json()["detail"]
    turtle = client.get("/begrip/roadmap?versie=2026-01", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 406


def test_today_s_page_shows_the_new_text(app: Flask, client: FlaskClient) -> None:
    released_then_changed(app)
    assert NEW_DEFINITION in client.get("/begrip/roadmap").text


def test_a_concept_in_an_unknown_release_is_a_404(client: FlaskClient) -> None:
    assert client.get("/begrip/roadmap?versie=2099-01").status_code == 404


def test_the_concept_page_cites_the_release_that_holds_its_text(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        make_release("2026-01")
    page = client.get("/begrip/roadmap").text
    assert "(versie 2026-01). http://localhost/begrip/roadmap?versie=2026-01" in page


def test_the_citation_uses_the_configured_address_not_the_host_header(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        make_release("2026-01")
    page = client.get("/begrip/roadmap", headers={"Host": "evil.example"}).text
    assert "evil.example" not in page
    assert "http://localhost/begrip/roadmap?versie=2026-01" in page


def test_a_concept_changed_since_the_last_release_cites_today_s_page(
    app: Flask, client: FlaskClient
) -> None:
    released_then_changed(app)
    page = client.get("/begrip/roadmap").text
    assert "?versie=2026-01" not in page.split('class="citation-text"')[1].split("</p>")[0]


def test_an_embed_card_pinned_to_a_release_keeps_the_old_definition(
    app: Flask, client: FlaskClient
) -> None:
    assert OLD_WORDS in released_then_changed(app)
    card = client.get("/embed/roadmap?versie=2026-01")
    assert card.status_code == 200
    assert OLD_WORDS in card.text and NEW_DEFINITION not in card.text
    assert "http://localhost/begrip/roadmap?versie=2026-01" in card.text
    assert NEW_DEFINITION in client.get("/embed/roadmap").text


def test_an_embed_card_pinned_to_an_unknown_release_is_the_not_found_card(
    client: FlaskClient,
) -> None:
    assert client.get("/embed/roadmap?versie=2099-01").status_code == 404


def test_every_page_links_to_the_releases(client: FlaskClient) -> None:
    assert 'href="/versies"' in client.get("/").text


def test_the_diff_page_names_a_successor_by_its_label(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        make_release("2026-01")
        publish(replace(stored("roadmap"), status="replaced", replaced_by=("e-inclusie",)))
    page = client.get("/versies/2026-01/verschil/huidig")
    assert page.status_code == 200
    assert '<a href="/begrip/e-inclusie">e-Inclusie</a>' in page.text
