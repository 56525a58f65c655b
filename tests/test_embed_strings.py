"""The tooltip script's own words (/embed/strings.json), served from the UI catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask
from flask.testing import FlaskClient

from glossary.config import PROJECT_ROOT
from tests.conftest import make_app

TRANSLATIONS = PROJECT_ROOT / "glossary" / "translations"
FRENCH = {
    "More about this term": "En savoir plus sur ce terme",
    "Not yet translated": "Pas encore traduit",
}


def strings(client: FlaskClient, query: str = "") -> dict[str, object]:
    response = client.get(f"/embed/strings.json{query}")
    assert response.status_code == 200
    return response.get_json()


def test_dutch_words_for_dutch_tooltips(client: FlaskClient):
    assert strings(client, "?lang=nl") == {
        "lang": "nl",
        "strings": {"more": "Meer over dit begrip", "fallback": "Nog niet vertaald"},
    }


def test_english_words_for_english_tooltips(client: FlaskClient):
    assert strings(client, "?lang=en")["strings"] == {
        "more": "More about this term",
        "fallback": "Not yet translated",
    }


def test_the_words_do_not_follow_the_browsers_language(client: FlaskClient):
    response = client.get("/embed/strings.json?lang=nl", headers={"Accept-Language": "en"})
    assert response.get_json()["strings"]["more"] == "Meer over dit begrip"


@pytest.mark.parametrize("query", ["", "?lang=xx", "?lang=%3Cscript%3E"])
def test_a_language_without_a_catalog_gets_the_default_words(client: FlaskClient, query: str):
    found = strings(client, query)
    assert found["lang"] == "nl"
    assert found["strings"]["more"] == "Meer over dit begrip"


def test_words_may_be_read_from_other_origins(client: FlaskClient):
    response = client.get("/embed/strings.json", headers={"Origin": "https://moodle.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.fixture
def french_app(template_databases: dict[str, Path], tmp_path: Path) -> Flask:
    """An app with a French UI catalog made at test time (as tests/test_i18n.py does)."""
    extra = tmp_path / "translations"
    catalog = Catalog(locale="fr", domain="messages")
    for english, french in FRENCH.items():
        catalog.add(english, french)
    (extra / "fr" / "LC_MESSAGES").mkdir(parents=True)
    with open(extra / "fr" / "LC_MESSAGES" / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy(template_databases["filled"], instance / "glossary.sqlite3")
    return make_app(
        instance,
        UI_LANGUAGES=["nl", "en", "fr"],
        BABEL_TRANSLATION_DIRECTORIES=f"{TRANSLATIONS};{extra}",
    )


def test_a_ui_language_added_by_configuration_gets_its_words(french_app: Flask):
    assert strings(french_app.test_client(), "?lang=fr") == {
        "lang": "fr",
        "strings": {"more": "En savoir plus sur ce terme", "fallback": "Pas encore traduit"},
    }
