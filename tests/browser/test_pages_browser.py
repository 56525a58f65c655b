"""The pages in a real browser: keyboard autocomplete, links, language switch, redirects,
404 suggestions, accessibility (axe-core), console errors, phone width and print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, ConsoleLog

pytestmark = pytest.mark.browser

MAIN_PAGES = {
    "home": "/",
    "cluster": "/cluster/synoniemen-van-online",
    "concept": "/begrip/blended-hulpverlening",
    "concept-en": "/begrip/onlinehulpverlening?lang=en",
    "a-z": "/a-z",
    "search": "/zoeken?q=hulpverlening",
    "sources": "/bronnen",
    "about": "/over",
}
BLOCKING = ("serious", "critical")


def blocking_violations(page) -> list[str]:
    """axe-core violations of impact serious or critical, as readable lines."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


# --- search ------------------------------------------------------------------------------------


def test_autocomplete_is_usable_with_the_keyboard_alone(page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")  # skip link
    search = page.locator("#home-search-q")
    search.focus()
    page.keyboard.type("e-zor")
    listbox = page.locator("#home-search-listbox")
    listbox.wait_for(state="visible")
    assert search.get_attribute("role") == "combobox"
    assert search.get_attribute("aria-expanded") == "true"
    assert listbox.locator("[role=option]").count() >= 1
    page.keyboard.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", re.compile(r"."))
    active = search.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert "e-zorg" in page.locator(f"#{active}").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/begrip/onlinehulpverlening$"))
    assert page.locator("h1").inner_text() == "Onlinehulpverlening"


def test_escape_closes_the_suggestions(page) -> None:
    page.goto("/")
    search = page.locator("#home-search-q")
    search.fill("media")
    page.locator("#home-search-listbox").wait_for(state="visible")
    page.keyboard.press("Escape")
    expect(search).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#home-search-listbox")).to_be_hidden()


def test_the_open_combobox_is_accessible(page) -> None:
    page.goto("/")
    page.locator("#home-search-q").fill("digit")
    page.locator("#home-search-listbox").wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    assert blocking_violations(page) == []


def test_autocomplete_offers_dutch_labels_first_and_tags_english_ones(page) -> None:
    page.goto("/")
    page.locator("#home-search-q").fill("blended")
    options = page.locator("#home-search-listbox [role=option]")
    options.first.wait_for(state="visible")
    texts = options.all_inner_texts()
    english = [index for index, text in enumerate(texts) if text.startswith("EN: ")]
    assert english and english[0] > 0
    assert all(text.startswith("EN: ") for text in texts[english[0] :])
    assert options.nth(english[0]).locator(".lang-tag").get_attribute("lang") == "en"


def test_the_search_form_works_without_javascript(browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False, locale="nl")
    tab = context.new_page()
    tab.goto("/")
    tab.locator("#home-search-q").fill("mediawijsheid")
    tab.locator("#home-search-q").press("Enter")
    tab.wait_for_url(re.compile(r"/zoeken\?q=mediawijsheid"))
    assert tab.locator(".result h2 a").first.inner_text() == "Mediawijsheid"
    context.close()


def test_search_results_highlight_the_query_and_say_which_label_matched(page) -> None:
    page.goto("/zoeken?q=e-zorg")
    first = page.locator(".result").first
    assert first.locator("h2").inner_text() == "Onlinehulpverlening"
    assert "e-zorg" in first.locator(".result-match").inner_text()


# --- navigation --------------------------------------------------------------------------------


def test_following_a_cross_link_opens_the_mentioned_concept(page) -> None:
    page.goto("/begrip/digitale-transformatie")
    page.locator(".note-text a.crosslink", has_text="digitalisering").first.click()
    page.wait_for_url(re.compile(r"/begrip/digitalisering$"))
    assert page.locator("h1").inner_text() == "Digitalisering"


def test_a_citation_leads_to_its_bibliography_entry(page) -> None:
    page.goto("/begrip/onlinehulpverlening")
    page.locator(".note-text a.citation").first.click()
    page.wait_for_url(re.compile(r"/bronnen#bron-"))
    target = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{target}']").is_visible()


def test_switching_the_language_keeps_the_page_and_is_remembered(page) -> None:
    page.goto("/begrip/mediawijsheid")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.locator(".ui-languages a", has_text="English").click()
    page.wait_for_url(re.compile(r"/begrip/mediawijsheid\?ui=en$"))
    assert page.locator("html").get_attribute("lang") == "en"
    # The interface follows the choice; the content stays in the reviewed source language
    # until English content is asked for (the English texts are draft translations).
    assert page.locator("h1").inner_text() == "Mediawijsheid"
    expect(page.locator("#note-definition")).to_have_text("Definition")
    page.locator(".site-nav a", has_text="About").click()
    expect(page.locator("h1")).to_have_text("About this glossary")


def test_a_synonym_in_the_address_lands_on_the_concept(page) -> None:
    response = page.goto("/begrip/e-zorg")
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.response().status == 302
    assert page.url.endswith("/begrip/onlinehulpverlening")
    assert page.locator("h1").inner_text() == "Onlinehulpverlening"


def test_an_unknown_term_shows_the_nearest_matches(page) -> None:
    response = page.goto("/begrip/mediawijsheit")
    assert response.status == 404
    suggestions = page.locator(".suggestions a")
    assert suggestions.count() >= 1
    suggestions.first.click()
    page.wait_for_url(re.compile(r"/begrip/mediawijsheid$"))


def test_the_copy_button_copies_the_uri(browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, locale="nl")
    context.set_default_timeout(10_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    tab = context.new_page()
    tab.goto("/begrip/mediawijsheid")
    tab.locator(".identifier .js-copy").click()
    # The clipboard write is asynchronous: wait for the announcement rather than read it at once.
    expect(tab.locator(".identifier .copy-status")).to_have_text("Gekopieerd")
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert copied == "https://begrippen.opgroeien.be/id/begrip/mediawijsheid"
    context.close()


def test_a_refused_clipboard_selects_the_uri_and_says_so(browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, locale="nl")
    context.set_default_timeout(10_000)
    refuse = "() => Promise.reject(new DOMException('denied', 'NotAllowedError'))"
    context.add_init_script(f"navigator.clipboard.writeText = {refuse};")
    tab = context.new_page()
    tab.goto("/begrip/mediawijsheid")
    tab.locator(".identifier .js-copy").click()
    status = tab.locator(".identifier .copy-status")
    expect(status).to_have_text("Geselecteerd: druk op Ctrl+C om te kopiëren")
    assert tab.evaluate("window.getSelection().toString().trim()") == (
        "https://begrippen.opgroeien.be/id/begrip/mediawijsheid"
    )
    context.close()


# --- quality on every main page ----------------------------------------------------------------


@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_pages_have_no_console_errors(page, console: ConsoleLog, name: str) -> None:
    page.goto(MAIN_PAGES[name])
    page.wait_for_load_state("networkidle")
    assert console.errors == []


@pytest.mark.parametrize("ui", ["nl", "en"])
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_pages_have_no_serious_accessibility_violations(page, name: str, ui: str) -> None:
    url = MAIN_PAGES[name]
    page.goto(url + ("&" if "?" in url else "?") + f"ui={ui}")
    assert blocking_violations(page) == []


def test_the_404_page_has_no_serious_accessibility_violations(page) -> None:
    page.goto("/begrip/mediawijsheit")
    assert blocking_violations(page) == []


# Pages with content in another language than the UI (results found only through English,
# tagged "EN:"), the Dutch-only search, the empty result and the API reference.
OTHER_PAGES = [
    "/zoeken?q=media literacy&lang=nl",
    "/zoeken?q=blended&talen=nl",
    "/zoeken?q=mediawijsheit&cluster=gegevensdeling",
    "/a-z?lang=en",
    "/api/v1/docs",
]


@pytest.mark.parametrize("ui", ["nl", "en"])
@pytest.mark.parametrize("url", OTHER_PAGES)
def test_other_pages_have_no_serious_accessibility_violations(page, url: str, ui: str) -> None:
    page.goto(url + ("&" if "?" in url else "?") + f"ui={ui}")
    assert blocking_violations(page) == []


@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_pages_fit_a_phone_without_sideways_scrolling(page, name: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(MAIN_PAGES[name])
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


@pytest.mark.parametrize("name", ["concept", "cluster"])
def test_print_shows_the_content_without_navigation(page, name: str) -> None:
    page.goto(MAIN_PAGES[name])
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".search-form").first.is_hidden()
    assert page.locator("h1").is_visible()


# --- screenshots (look at them) ----------------------------------------------------------------


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots_of_the_main_pages(page, screenshots: Path, width: str) -> None:
    if width == "phone":
        page.set_viewport_size(PHONE)
    for name, url in {**MAIN_PAGES, "not-found": "/begrip/mediawijsheit"}.items():
        page.goto(url)
        path = screenshots / f"page-{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0


def test_print_previews_of_a_concept_and_a_cluster(page, screenshots: Path) -> None:
    for name in ("concept", "cluster"):
        page.goto(MAIN_PAGES[name])
        page.emulate_media(media="print")
        path = screenshots / f"print-{name}.pdf"
        page.pdf(path=str(path), format="A4")
        page.screenshot(path=str(screenshots / f"print-{name}.png"), full_page=True)
        assert path.stat().st_size > 0
