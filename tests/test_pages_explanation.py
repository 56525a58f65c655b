"""The concept page shows the plain-language explanation next to the definition."""

from __future__ import annotations

from flask.testing import FlaskClient

PLAIN_NL = "In een digitale kluis bewaar je je eigen gegevens online."
PLAIN_EN = "In a digital vault you keep your own personal data online."


def page(client: FlaskClient, url: str, ui: str) -> str:
    response = client.get(url, headers={"Accept-Language": ui})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_dutch_page_shows_the_explanation_as_in_gewone_taal(client: FlaskClient) -> None:
    html = page(client, "/begrip/digitale-kluis", "nl")
    assert '<h2 id="note-explanation">In gewone taal</h2>' in html
    assert f'<p class="note-text" lang="nl">{PLAIN_NL}' in html


def test_the_explanation_follows_the_definition(client: FlaskClient) -> None:
    html = page(client, "/begrip/digitale-kluis", "nl")
    assert html.index('id="note-definition"') < html.index('id="note-explanation"')


def test_the_english_interface_calls_it_in_plain_language(client: FlaskClient) -> None:
    html = page(client, "/begrip/digitale-kluis?lang=en", "en")
    assert '<h2 id="note-explanation">In plain language</h2>' in html
    assert f'<p class="note-text" lang="en">{PLAIN_EN}' in html


def test_a_draft_explanation_says_it_is_not_yet_reviewed(client: FlaskClient) -> None:
    html = page(client, "/begrip/digitale-kluis", "nl")
    assert "uitleg in ontwerp, nog niet nagelezen" in html
