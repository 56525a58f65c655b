"""The tooltip script's own words (/embed/strings.json), served from the UI catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.test_i18n import app_with_catalog

FRENCH = {
    "More about this term": "En savoir plus sur ce terme",
    "Not yet translated": "Pas encore traduit",
    "Replaced by": "Remplacé par",
    "Retired": "Retiré",
}


def strings(client: FlaskClient, query: str = "") -> dict[str, object]:
    response = client.get(f"/embed/strings.json{query}")
    assert response.status_code == 200
    return response.get_json()


def test_dutch_words_for_dutch_tooltips(client: FlaskClient):
    assert strings(client, "?lang=nl") == {
        "lang": "nl",
        "strings": {
            "more": "Meer over dit begrip",
            "fallback": "Nog niet vertaald",
            "replaced": "Vervangen door",
            "retired": "Vervallen",
        },
    }


def test_english_words_for_english_tooltips(client: FlaskClient):
    assert strings(client, "?lang=en")["strings"] == {
        "more": "More about this term",
        "fallback": "Not yet translated",
        "replaced": "Replaced by",
        "retired": "Retired",
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
    """An app with a French UI catalog made at test time."""
    return app_with_catalog(template_databases, tmp_path, "fr", FRENCH)


def test_a_ui_language_added_by_configuration_gets_its_words(french_app: Flask):
    assert strings(french_app.test_client(), "?lang=fr") == {
        "lang": "fr",
        "strings": {
            "more": "En savoir plus sur ce terme",
            "fallback": "Pas encore traduit",
            "replaced": "Remplacé par",
            "retired": "Retiré",
        },
    }
