"""Cards for sites that families read: `?text=explanation` shows the plain-language
explanation instead of the definition (the tooltip's `data-text="explanation"` is checked in
tests/browser/test_embed_browser.py)."""

from __future__ import annotations

from flask.testing import FlaskClient

PLAIN_NL = "Mediawijsheid is alles wat je weet, kunt en vindt"
PLAIN_EN = "Media literacy is everything you know, can do and think"
DEFINITION_NL = "het geheel van kennis, vaardigheden en attitudes"


def card(client: FlaskClient, url: str) -> str:
    response = client.get(url, headers={"Accept-Language": "nl"})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_card_shows_the_explanation_instead_of_the_definition_when_asked(
    client: FlaskClient,
) -> None:
    html = card(client, "/embed/mediawijsheid?text=explanation")
    assert PLAIN_NL in html
    assert DEFINITION_NL not in html


def test_the_card_marks_the_explanation_as_not_yet_reviewed(client: FlaskClient) -> None:
    html = card(client, "/embed/mediawijsheid?text=explanation")
    assert "nog niet nagelezen" in html


def test_the_card_shows_the_definition_by_default_and_for_any_other_choice(
    client: FlaskClient,
) -> None:
    for url in ("/embed/mediawijsheid", "/embed/mediawijsheid?text=definitie"):
        html = card(client, url)
        assert DEFINITION_NL in html
        assert PLAIN_NL not in html


def test_the_english_card_shows_the_english_explanation(client: FlaskClient) -> None:
    assert PLAIN_EN in card(client, "/embed/mediawijsheid?lang=en&text=explanation")


def test_a_synonym_redirects_to_the_card_with_the_same_choice(client: FlaskClient) -> None:
    response = client.get("/embed/e-zorg?lang=nl&text=explanation")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        "http://localhost/embed/onlinehulpverlening?lang=nl&text=explanation"
    )


def test_a_handout_prints_the_explanations_when_asked(client: FlaskClient) -> None:
    html = card(client, "/handout?id=mediawijsheid&text=explanation")
    assert PLAIN_NL in html
    assert DEFINITION_NL not in html


def test_a_handout_prints_the_definitions_by_default(client: FlaskClient) -> None:
    html = card(client, "/handout?id=mediawijsheid")
    assert DEFINITION_NL in html
    assert PLAIN_NL not in html


def test_in_the_plain_view_a_handout_prints_the_explanations(client: FlaskClient) -> None:
    client.get("/?view=plain")
    assert PLAIN_NL in card(client, "/handout?id=mediawijsheid")
    assert DEFINITION_NL in card(client, "/handout?id=mediawijsheid&text=definition")


def test_the_handout_form_offers_both(client: FlaskClient) -> None:
    html = card(client, "/handout")
    assert 'name="text" value="definition" checked' in html
    assert 'name="text" value="explanation"' in html
