"""UI language selection, catalogs, locale formatting, and adding a UI language by configuration."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from glossary.models import db
from glossary.paths import PROJECT_ROOT
from glossary.services.revision import current_revision
from tests.conftest import make_app

TRANSLATIONS = PROJECT_ROOT / "glossary" / "translations"
DUTCH = "Naar de inhoud"
ENGLISH = "Skip to content"


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    """`make test` compiles the catalogs; running pytest alone must see them too."""
    pybabel = Path(sys.executable).parent / "pybabel"
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(
                [str(pybabel), "compile", "-i", str(po), "-o", str(mo)],
                check=True,
                capture_output=True,
            )


def html_of(client: FlaskClient, url: str = "/", **headers: str) -> str:
    return client.get(url, headers=headers).get_data(as_text=True)


# --- choosing the UI language ------------------------------------------------------------------


def test_dutch_is_the_default_ui_language(client: FlaskClient) -> None:
    assert DUTCH in html_of(client)


def test_accept_language_chooses_the_ui_language(client: FlaskClient) -> None:
    assert ENGLISH in html_of(client, **{"Accept-Language": "en-GB,en;q=0.9"})
    assert DUTCH in html_of(client, **{"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.5"})


def test_an_unoffered_accept_language_falls_back_to_dutch(client: FlaskClient) -> None:
    assert DUTCH in html_of(client, **{"Accept-Language": "de-DE"})


def test_the_switch_parameter_wins_over_accept_language(client: FlaskClient) -> None:
    assert ENGLISH in html_of(client, "/?ui=en", **{"Accept-Language": "nl"})


def test_the_choice_is_remembered_in_a_cookie(client: FlaskClient) -> None:
    response = client.get("/?ui=en", headers={"Accept-Language": "nl"})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("ui_lang=en;") and "SameSite=Lax" in cookie
    assert ENGLISH in html_of(client, "/over", **{"Accept-Language": "nl"})


def test_a_choice_in_another_case_is_remembered_as_the_language_shown(
    client: FlaskClient,
) -> None:
    response = client.get("/?ui=EN-gb", headers={"Accept-Language": "nl"})
    assert response.headers["Set-Cookie"].startswith("ui_lang=en;")
    assert ENGLISH in html_of(client, "/over", **{"Accept-Language": "nl"})


@pytest.mark.parametrize(
    "path",
    [
        "/begrip/mediawijsheid?ui=en",
        "/api/v1/concepts/mediawijsheid?ui=en",
        "/export/begrippenkader.csv?ui=en",
        "/?ui=en",
        "/bronnen?ui=en",
    ],
)
def test_an_answer_that_sets_the_language_cookie_is_not_for_shared_caches(
    client: FlaskClient, path: str
) -> None:
    """A shared cache would hand one visitor's cookie to everyone asking the same URL."""
    response = client.get(path, headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    assert response.headers["Set-Cookie"].startswith("ui_lang=en;")
    assert not response.cache_control.public
    assert response.cache_control.private


@pytest.mark.parametrize(
    "path", ["/embed/mediawijsheid?ui=en", "/embed/kaart?ui=en", "/embed/labels.json?ui=en"]
)
def test_an_embed_never_sets_the_language_cookie(client: FlaskClient, path: str) -> None:
    """An embed runs inside a trainer's page: it must not change the visitor's site-wide
    interface language as a side effect (docs/embed.md)."""
    response = client.get(path, headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_an_embed_speaks_the_asked_interface_language_without_remembering_it(
    client: FlaskClient,
) -> None:
    client.get("/embed/mediawijsheid?ui=en&view=plain", headers={"Accept-Language": "nl"})
    assert DUTCH in html_of(client, "/over", **{"Accept-Language": "nl"})
    assert client.get_cookie("ui_lang") is None and client.get_cookie("view") is None


def test_a_page_without_a_choice_stays_publicly_cacheable(client: FlaskClient) -> None:
    response = client.get("/begrip/mediawijsheid", headers={"Accept-Language": "nl"})
    assert "Set-Cookie" not in response.headers
    assert response.cache_control.public


def test_a_chosen_language_already_in_the_cookie_keeps_the_page_public(
    client: FlaskClient,
) -> None:
    client.set_cookie("ui_lang", "en")
    response = client.get("/begrip/mediawijsheid?ui=en")
    assert "Set-Cookie" not in response.headers
    assert response.cache_control.public


def test_an_unknown_choice_is_ignored(client: FlaskClient) -> None:
    response = client.get("/?ui=xx", headers={"Accept-Language": "nl"})
    assert "Set-Cookie" not in response.headers
    assert DUTCH in response.get_data(as_text=True)


def test_the_switch_links_to_the_same_page_in_each_language(client: FlaskClient) -> None:
    html = html_of(client, "/begrip/mediawijsheid?lang=en")
    assert 'href="/begrip/mediawijsheid?lang=en&amp;ui=en" lang="en" hreflang="en"' in html
    assert 'href="/begrip/mediawijsheid?lang=en&amp;ui=nl" lang="nl" hreflang="nl"' in html


def test_pages_vary_by_the_language_choice(client: FlaskClient) -> None:
    response = client.get("/")
    assert {"Cookie", "Accept-Language"} <= set(response.vary)
    assert response.headers["Content-Language"] == "nl"


def test_a_page_cached_in_one_language_is_not_revalidated_for_another(
    client: FlaskClient,
) -> None:
    dutch = client.get("/begrip/mediawijsheid", headers={"Accept-Language": "nl"})
    again = client.get(
        "/begrip/mediawijsheid",
        headers={"Accept-Language": "nl", "If-None-Match": dutch.headers["ETag"]},
    )
    client.set_cookie("ui_lang", "en")
    english = client.get(
        "/begrip/mediawijsheid",
        headers={"Accept-Language": "nl", "If-None-Match": dutch.headers["ETag"]},
    )
    assert again.status_code == 304
    assert english.status_code == 200
    assert ENGLISH in english.get_data(as_text=True)


# --- catalogs ----------------------------------------------------------------------------------


def _catalog(lang: str) -> Catalog:
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def _messages_in_the_code() -> set[str | tuple[str, ...]]:
    """Every message id the code and templates use now, extracted as `babel.cfg` says."""
    with open(PROJECT_ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: set[str | tuple[str, ...]] = set()
    for _, _, message, _, _ in extract_from_dir(str(PROJECT_ROOT), method_map, options_map):
        found.add(message if isinstance(message, str) else tuple(message[:2]))
    return found


def test_every_ui_string_has_a_dutch_translation() -> None:
    dutch = _catalog("nl")
    missing = []
    for message_id in _messages_in_the_code():
        translated = dutch.get(message_id)
        strings = translated.string if translated else ""
        strings = [strings] if isinstance(strings, str) else list(strings)
        if translated is None or translated.fuzzy or not all(strings):
            missing.append(message_id)
    assert missing == []


def test_the_catalogs_hold_the_same_messages() -> None:
    dutch = {message.id for message in _catalog("nl") if message.id}
    english = {message.id for message in _catalog("en") if message.id}
    assert dutch == english


# --- locale formatting -------------------------------------------------------------------------


def test_dates_are_formatted_for_the_ui_locale(app: Flask) -> None:
    with app.app_context():
        changed = current_revision(db.session).changed_at.date()
    client = app.test_client()
    assert format_date(changed, "long", locale="nl") in html_of(client, "/over")
    assert format_date(changed, "long", locale="en") in html_of(client, "/over?ui=en")


def test_the_advisory_date_is_formatted_for_the_ui_locale(client: FlaskClient) -> None:
    advisory = date(2022, 9, 1)
    assert format_date(advisory, "long", locale="nl") in html_of(client, "/")
    assert format_date(advisory, "long", locale="en") in html_of(client, "/?ui=en")


@pytest.mark.parametrize(("ui", "shown"), [("nl", "1.234.567"), ("en", "1,234,567")])
def test_numbers_are_formatted_for_the_ui_locale(app: Flask, ui: str, shown: str) -> None:
    with app.test_request_context("/", headers={"Accept-Language": ui}):
        assert render_template_string("{{ 1234567|numberformat }}") == shown


# --- the API reference page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ui", "words"),
    [
        ("nl", ["Bewerkingen", "Parameter", "Plaats", "Beschrijving", "Eigenschap", "(verplicht)"]),
        ("en", ["Operations", "Parameter", "In", "Description", "Property", "(required)"]),
    ],
)
def test_the_api_reference_speaks_the_ui_language(
    client: FlaskClient, ui: str, words: list[str]
) -> None:
    page = lxml.html.document_fromstring(html_of(client, "/api/v1/docs", **{"Accept-Language": ui}))
    assert page.get("lang") == ui
    (article,) = page.find_class("api-docs")
    assert article.get("lang") is None
    interface = {
        " ".join(element.text_content().split())
        for element in article.xpath(".//h2 | .//th | .//strong")
    }
    assert set(words) <= interface


def test_the_api_reference_marks_the_openapi_texts_as_english(client: FlaskClient) -> None:
    page = lxml.html.document_fromstring(html_of(client, "/api/v1/docs"))
    (article,) = page.find_class("api-docs")
    summary = "Terms of the begrippenkader"
    (paragraph,) = [p for p in article.iter("p") if p.text_content().startswith(summary)]
    assert paragraph.get("lang") == "en"
    cells = article.xpath(".//td[@lang='en']")
    assert cells and all(cell.getparent().tag == "tr" for cell in cells)


# --- a third UI language needs only a catalog and a configuration entry --------------------------


FRENCH = {
    "Skip to content": "Aller au contenu",
    "Search a term": "Chercher un terme",
    "Six clusters of terms": "Six groupes de termes",
}


def app_with_catalog(
    template_databases: dict[str, Path], tmp_path: Path, lang: str, messages: dict[str, str]
) -> Flask:
    """An app with a catalog for `lang` in an extra translation directory, made at test time:
    a configuration entry and a catalog, no code."""
    extra = tmp_path / "translations"
    catalog = Catalog(locale=lang, domain="messages")
    for english, translated in messages.items():
        catalog.add(english, translated)
    (extra / lang / "LC_MESSAGES").mkdir(parents=True)
    with open(extra / lang / "LC_MESSAGES" / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy(template_databases["filled"], instance / "glossary.sqlite3")
    return make_app(
        instance,
        UI_LANGUAGES=["nl", "en", lang],
        BABEL_TRANSLATION_DIRECTORIES=f"{TRANSLATIONS};{extra}",
    )


@pytest.fixture
def french_app(template_databases: dict[str, Path], tmp_path: Path) -> Flask:
    return app_with_catalog(template_databases, tmp_path, "fr", FRENCH)


def test_a_language_added_by_configuration_shows_its_catalog(french_app: Flask) -> None:
    html = html_of(french_app.test_client(), "/", **{"Accept-Language": "fr-BE,fr;q=0.9"})
    assert '<html lang="fr">' in html
    assert "Aller au contenu" in html
    assert "Six groupes de termes" in html


def test_the_switch_offers_the_added_language_by_its_own_name(french_app: Flask) -> None:
    html = html_of(french_app.test_client(), "/")
    assert 'lang="fr" hreflang="fr"' in html
    assert ">Français</a>" in html


def test_the_added_language_can_be_chosen_explicitly(french_app: Flask) -> None:
    html = html_of(french_app.test_client(), "/?ui=fr", **{"Accept-Language": "nl"})
    assert "Chercher un terme" in html


def test_content_without_a_french_edition_is_shown_in_dutch(french_app: Flask) -> None:
    html = html_of(french_app.test_client(), "/begrip/mediawijsheid?ui=fr")
    assert '<h1 id="concept-title" lang="nl">Mediawijsheid</h1>' in html
