"""Embedding in a real browser: a page on another origin frames the card and loads embed.js.

The service runs on one 127.0.0.1 port, the host pages on another, so every request of the
script and the card is cross-origin as on a trainer's Moodle or WordPress site.
"""

from __future__ import annotations

import html
import json
import os
import re
import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from flask import Flask
from werkzeug.exceptions import NotFound

from glossary.paths import PROJECT_ROOT
from tests.browser.conftest import ConsoleLog

pytestmark = pytest.mark.browser

SHARED = Path(os.environ.get("GLOSSARY_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))
ARTICLE_SEED = SHARED / "seeds" / "004_fe6c4e7ea7f1592c.txt"
# The concepts the seed article mentions, each marked once (checked by hand against the text).
ARTICLE_TERMS = {"onlinehulpverlening", "online-aanbod", "digitale-kloof"}
EMBED_JS = PROJECT_ROOT / "glossary" / "static" / "embed.js"

expect = pytest.importorskip("playwright.sync_api").expect


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output for the test's own messages."""


def host_page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f'<link rel="icon" href="data:,"><title>{title}</title></head><body>{body}</body></html>'
    )


def article_page(service: str, options: str) -> str:
    """The seed article as a page: its first line the heading, every other line a paragraph."""
    first, *rest = ARTICLE_SEED.read_text(encoding="utf-8").splitlines()
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in rest if line.strip())
    return host_page(
        "Artikel",
        f'<article id="artikel"><h1>{html.escape(first)}</h1>{paragraphs}</article>'
        f'<script src="{service}/static/embed.js" {options}></script>',
    )


def oembed_html(service: str, concept_id: str) -> str:
    """The embed code the service itself hands out (the same as the concept page's snippet)."""
    page_url = quote(f"{service}/begrip/{concept_id}?lang=nl", safe="")
    with urlopen(f"{service}/oembed?url={page_url}&format=json") as response:
        return json.load(response)["html"]


# The card reports its height before embed.js exists: the host page adds the script only once
# the iframe has loaded and the card's report has gone by unheard.
LATE_SCRIPT = """
let loaded = false;
let reported = false;
function addScript() {
  if (loaded && reported && !document.getElementById("late")) {
    const script = document.createElement("script");
    script.id = "late";
    script.src = "%s/static/embed.js";
    document.body.append(script);
  }
}
document.getElementById("card").addEventListener("load", () => { loaded = true; addScript(); });
addEventListener("message", (event) => {
  if (event.data && event.data.type === "begrippenkader:height") { reported = true; addScript(); }
});
"""


def offline_pages(service: str) -> dict[str, str]:
    """Pages whose embed.js names a service that cannot be reached (`service` refuses)."""
    terms = (
        '<p><span id="pref" data-begrip="blended hulpverlening">blended hulp</span> en '
        '<span id="synonym" data-begrip="e-zorg">e-zorg</span>.</p>'
    )
    return {
        "offline.html": host_page(
            "Offline", f'{terms}<script src="{service}/static/embed.js" data-lang="nl"></script>'
        ),
        "offline-annotate.html": host_page(
            "Offline",
            f'<div id="tekst">{terms}<p>Onlinehulp en de digitale kloof.</p></div>'
            f'<script src="{service}/static/embed.js" data-annotate="#tekst"></script>',
        ),
    }


def host_pages(service: str) -> dict[str, str]:
    script = f'<script src="{service}/static/embed.js" data-lang="nl"></script>'
    pages = {
        # embed.js is loaded twice on purpose (three times with the card's own tag).
        "terms.html": host_page(
            "Cursus",
            "<main><h1>Module 2: blended werken</h1><p>In deze module gaat het over "
            '<span id="pref" data-begrip="blended hulpverlening">blended hulp</span> en over '
            '<span id="synonym" data-begrip="e-zorg">e-zorg</span>.</p>'
            f"{oembed_html(service, 'blended-hulpverlening')}</main>{script}{script}",
        ),
        "rules.html": host_page(
            "Regels",
            '<div id="tekst"><p><a href="#x">onlinehulp</a> <code>digitale kloof</code> '
            '<span data-begrip="e-zorg">e-zorg</span> Blended aanbod in ondersteuning van '
            "jongeren en gezinnen. Onlinehulp en de digitale kloof, en weer onlinehulp.</p></div>"
            f'<script src="{service}/static/embed.js" data-annotate="#tekst"></script>',
        ),
        "framing.html": host_page(
            "Framing", f'<iframe id="page" src="{service}/handout" title="Handout"></iframe>'
        ),
        "late.html": host_page(
            "Laat",
            f'<iframe id="card" src="{service}/embed/blended-hulpverlening?lang=nl" '
            'title="Omschrijving" width="480" height="60" style="border:0"></iframe>'
            f"<script>{LATE_SCRIPT % service}</script>",
        ),
        "bare.html": host_page(
            "Kaal", '<p><span id="term" data-begrip="mediawijsheid">mediawijsheid</span></p>'
        ),
        "plain.html": host_page(
            "Gewoon",
            '<p><span id="term" data-begrip="mediawijsheid">mediawijsheid</span></p>'
            f'<script src="{service}/static/embed.js" data-text="explanation"></script>',
        ),
    }
    # Cards far below the fold with loading="lazy": they hold about:blank when the script
    # starts, and asking them for their height must not warn about origins.
    lazy_card = (
        f'<iframe class="lazy" src="{service}/embed/mediawijsheid?lang=nl" title="Omschrijving" '
        'width="480" height="60" loading="lazy" style="border:0"></iframe>'
    )
    pages["lazy.html"] = host_page(
        "Lui", f'<div style="height:4000px">Lang verhaal</div>{lazy_card}{lazy_card}{script}'
    )
    pages["unknown.html"] = host_page(
        "Onbekend",
        '<p><span id="unknown" data-begrip="bestaat-helemaal-niet">iets</span> en '
        '<span id="known" data-begrip="mediawijsheid">mediawijsheid</span>.</p>'
        f"{script}",
    )
    if ARTICLE_SEED.exists():
        pages["article.html"] = article_page(service, 'data-annotate="#artikel" data-lang="nl"')
        pages["article-max.html"] = article_page(service, 'data-annotate="#artikel" data-max="1"')
    return pages


@pytest.fixture(scope="module")
def unreachable() -> Iterator[str]:
    """The base URL of a service that cannot be reached: a port bound but never listening."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    yield f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()


@pytest.fixture(scope="module")
def host(
    live_server: str, unreachable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Static host pages on a second origin (another loopback port)."""
    root = tmp_path_factory.mktemp("embed-host")
    pages = host_pages(live_server) | offline_pages(unreachable)
    for name, text in pages.items():
        (root / name).write_text(text, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def resolving(live_app: Flask) -> None:
    """Tooltips of `data-begrip` labels need the label resolution of the search API."""
    try:
        live_app.url_map.bind("localhost").match("/api/v1/resolve", method="GET")
    except NotFound:
        pytest.skip("GET /api/v1/resolve (search issue) is not served yet")


def tooltip_of(page, term_selector: str):
    """The visible box of the tooltip that belongs to a term (inside its shadow root)."""
    tip_id = page.locator(term_selector).get_attribute("aria-controls")
    return page.locator(f"#{tip_id} div")


def console_errors(console: ConsoleLog) -> list[str]:
    """Errors on the page apart from failed requests the test provoked on purpose."""
    return [text for text in console.errors if "Failed to load resource" not in text]


@pytest.mark.usefixtures("resolving")
def test_tooltip_appears_on_hover_with_the_definition(
    page, host: str, console: ConsoleLog, screenshots: Path
):
    page.goto(f"{host}/terms.html")
    page.hover("#pref")
    tip = tooltip_of(page, "#pref")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Blended hulpverlening")
    expect(tip).to_contain_text("de combinatie van offline/face-to-face hulpverlening")
    page.screenshot(path=str(screenshots / "embed-tooltip-hover.png"))
    assert console.errors == []


@pytest.mark.usefixtures("resolving")
def test_tooltip_shows_the_plain_language_explanation_when_asked(page, host: str):
    page.goto(f"{host}/plain.html")
    page.hover("#term")
    tip = tooltip_of(page, "#term")
    expect(tip).to_contain_text("Mediawijsheid is alles wat je weet, kunt en vindt")
    expect(tip).not_to_contain_text("het geheel van kennis, vaardigheden en attitudes")


@pytest.mark.usefixtures("resolving")
def test_tooltip_appears_on_keyboard_focus(page, host: str, console: ConsoleLog):
    page.goto(f"{host}/terms.html")
    page.keyboard.press("Tab")
    expect(page.locator("#pref")).to_be_focused()
    expect(tooltip_of(page, "#pref")).to_be_visible()
    expect(page.locator("#pref")).to_have_attribute("aria-expanded", "true")
    assert console.errors == []


@pytest.mark.usefixtures("resolving")
def test_tooltip_link_is_next_in_the_keyboard_order(page, host: str):
    page.goto(f"{host}/terms.html")
    page.keyboard.press("Tab")
    expect(tooltip_of(page, "#pref")).to_be_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.shadowRoot.activeElement.href")
    assert focused.endswith("/begrip/blended-hulpverlening?lang=nl")


@pytest.mark.usefixtures("resolving")
def test_escape_closes_the_tooltip(page, host: str):
    page.goto(f"{host}/terms.html")
    page.focus("#pref")
    tip = tooltip_of(page, "#pref")
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()


@pytest.mark.usefixtures("resolving")
def test_synonym_resolves_to_its_concept(page, host: str, console: ConsoleLog, screenshots: Path):
    page.goto(f"{host}/terms.html")
    page.focus("#synonym")
    tip = tooltip_of(page, "#synonym")
    expect(tip).to_contain_text("Onlinehulpverlening")
    page.screenshot(path=str(screenshots / "embed-tooltip-synonym.png"))
    assert console.errors == []


@pytest.mark.usefixtures("resolving")
def test_tap_opens_the_tooltip(browser, host: str, screenshots: Path):
    context = browser.new_context(
        has_touch=True, is_mobile=True, viewport={"width": 390, "height": 740}
    )
    page = context.new_page()
    page.goto(f"{host}/terms.html")
    page.tap("#synonym")
    expect(tooltip_of(page, "#synonym")).to_be_visible()
    page.screenshot(path=str(screenshots / "embed-tooltip-phone.png"))
    context.close()


@pytest.mark.usefixtures("resolving")
def test_script_loaded_twice_decorates_each_term_once(page, host: str):
    page.goto(f"{host}/terms.html")
    page.hover("#pref")
    expect(tooltip_of(page, "#pref")).to_be_visible()
    assert page.locator(".bgk-term").count() == 2
    assert page.locator(".bgk-tip").count() == 1


@pytest.mark.usefixtures("resolving")
def test_script_loaded_twice_adds_one_global_only(page, host: str, live_server: str):
    page.goto(f"{host}/bare.html")
    before = page.evaluate("Object.keys(window)")
    page.add_script_tag(url=f"{live_server}/static/embed.js")
    page.add_script_tag(url=f"{live_server}/static/embed.js")
    page.hover("#term")
    expect(tooltip_of(page, "#term")).to_contain_text("Mediawijsheid")
    after = page.evaluate("Object.keys(window)")
    assert [name for name in after if name not in before] == ["Begrippenkader"]


@pytest.mark.usefixtures("resolving")
def test_tooltip_words_come_from_the_services_catalog(page, host: str):
    # The script's own fallback is English only: Dutch words can only come from the service.
    page.goto(f"{host}/terms.html")
    page.hover("#pref")
    expect(tooltip_of(page, "#pref").locator("a")).to_have_text("Meer over dit begrip")


@pytest.mark.usefixtures("resolving")
def test_tooltip_keeps_its_own_words_when_the_service_has_none(page, host: str):
    page.route(
        "**/embed/strings.json*",
        lambda route: route.fulfill(status=500, headers={"Access-Control-Allow-Origin": "*"}),
    )
    page.goto(f"{host}/terms.html")
    page.hover("#pref")
    tip = tooltip_of(page, "#pref")
    expect(tip).to_contain_text("de combinatie van offline/face-to-face hulpverlening")
    expect(tip.locator("a")).to_have_text("More about this term")


def test_card_iframe_height_fits_its_content(
    page, host: str, console: ConsoleLog, screenshots: Path
):
    page.goto(f"{host}/terms.html")
    page.wait_for_function("document.querySelector('iframe').style.height !== ''")
    card = next(frame for frame in page.frames if "/embed/" in frame.url)
    content = card.evaluate("document.documentElement.getBoundingClientRect().height")
    framed = page.evaluate("document.querySelector('iframe').clientHeight")
    assert content > 150
    assert abs(framed - content) <= 1
    assert card.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight")
    page.locator("iframe").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "embed-card-iframe.png"))
    assert console.errors == []


def test_card_that_reported_before_the_script_loaded_is_sized_all_the_same(
    page, host: str, console: ConsoleLog
):
    page.goto(f"{host}/late.html")
    page.wait_for_function("document.getElementById('late') !== null")
    page.wait_for_function("document.getElementById('card').style.height !== ''")
    card = next(frame for frame in page.frames if "/embed/" in frame.url)
    content = card.evaluate("document.documentElement.getBoundingClientRect().height")
    framed = page.evaluate("document.getElementById('card').clientHeight")
    assert content > 150
    assert abs(framed - content) <= 1
    assert console.errors == []


def test_framing_a_page_that_is_not_an_embed_is_refused(page, host: str):
    refusals: list[str] = []
    page.on("console", lambda message: refusals.append(message.text))
    page.goto(f"{host}/framing.html")
    frame = page.locator("#page").element_handle().content_frame()
    assert frame.evaluate("document.querySelector('form.handout-form')") is None
    assert any("frame-ancestors" in text for text in refusals)


def test_annotation_marks_the_first_mention_of_each_term(page, host: str):
    page.goto(f"{host}/rules.html")
    marked = page.locator("#tekst .bgk-term[data-begrip-id]")
    expect(marked).to_have_count(3)
    ids = marked.evaluate_all("(nodes) => nodes.map((node) => node.dataset.begripId)")
    assert sorted(ids) == [
        "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen",
        "digitale-kloof",
        "onlinehulpverlening",
    ]


def test_annotation_prefers_the_longest_label(page, host: str):
    page.goto(f"{host}/rules.html")
    longest = page.locator(
        '[data-begrip-id="blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"]'
    )
    expect(longest).to_have_text("Blended aanbod in ondersteuning van jongeren en gezinnen")


def test_annotation_never_enters_links_code_or_existing_annotations(page, host: str):
    page.goto(f"{host}/rules.html")
    expect(page.locator("#tekst .bgk-term[data-begrip-id]")).to_have_count(3)
    assert page.locator("#tekst a .bgk-term, #tekst code .bgk-term").count() == 0
    assert page.locator("#tekst [data-begrip] [data-begrip]").count() == 0


@pytest.mark.skipif(not ARTICLE_SEED.exists(), reason=f"seed article missing: {ARTICLE_SEED}")
def test_annotation_of_the_seed_article(page, host: str, console: ConsoleLog, screenshots: Path):
    page.goto(f"{host}/article.html")
    marked = page.locator("#artikel .bgk-term")
    expect(marked).to_have_count(len(ARTICLE_TERMS))
    ids = marked.evaluate_all("(nodes) => nodes.map((node) => node.dataset.begripId)")
    assert set(ids) == ARTICLE_TERMS
    expect(page.locator("#artikel h1 .bgk-term")).to_have_text("Onlinehulpverlening")
    page.locator('[data-begrip-id="digitale-kloof"]').hover()
    expect(tooltip_of(page, '[data-begrip-id="digitale-kloof"]')).to_contain_text("Digitale kloof")
    page.screenshot(path=str(screenshots / "embed-article-annotated.png"))
    assert console.errors == []


@pytest.mark.skipif(not ARTICLE_SEED.exists(), reason=f"seed article missing: {ARTICLE_SEED}")
def test_annotation_stops_at_the_maximum(page, host: str):
    page.goto(f"{host}/article-max.html")
    page.wait_for_function("document.querySelector('#artikel .bgk-term') !== null")
    assert page.locator("#artikel .bgk-term").count() == 1


def test_unreachable_service_leaves_the_text_as_it_was(page, host: str, console: ConsoleLog):
    page.route("**/api/v1/**", lambda route: route.abort())
    page.goto(f"{host}/terms.html")
    page.hover("#synonym")
    expect(page.locator("#synonym")).not_to_have_class(re.compile("bgk-term"))
    expect(page.locator("#synonym")).to_have_text("e-zorg")
    assert page.locator("#synonym").get_attribute("tabindex") is None
    assert console_errors(console) == []


def serve_script_from(page, service: str) -> None:
    """embed.js itself from `service`'s address, so its requests go there and are refused."""
    page.route(
        f"{service}/static/embed.js",
        lambda route: route.fulfill(path=EMBED_JS, content_type="text/javascript"),
    )


def is_plain_text(page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        """(term) => !term.classList.contains("bgk-term") && !term.hasAttribute("role")
        && !term.hasAttribute("tabindex") && !term.hasAttribute("aria-expanded")
        && getComputedStyle(term).textDecorationLine === "none"
        && getComputedStyle(term).cursor === "auto"
        """
    )


def test_unreachable_service_returns_every_term_to_plain_text(
    page, host: str, unreachable: str, console: ConsoleLog
):
    serve_script_from(page, unreachable)
    page.goto(f"{host}/offline.html")
    page.wait_for_load_state("networkidle")
    assert is_plain_text(page, "#pref")
    assert is_plain_text(page, "#synonym")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement === document.body")
    page.hover("#pref")
    assert page.locator(".bgk-tip").count() == 0
    assert console_errors(console) == []


def test_unreachable_service_annotates_nothing(
    page, host: str, unreachable: str, console: ConsoleLog
):
    serve_script_from(page, unreachable)
    page.goto(f"{host}/offline-annotate.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("#tekst [data-begrip-id]").count() == 0
    assert is_plain_text(page, "#synonym")
    page.evaluate("Begrippenkader.refresh()")
    assert is_plain_text(page, "#synonym")
    assert page.locator("#tekst").inner_text() == (
        "blended hulp en e-zorg.\n\nOnlinehulp en de digitale kloof."
    )
    assert console_errors(console) == []


class AllMessages(ConsoleLog):
    """Every console message with its type (warnings included)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def record(self, message: object) -> None:
        self.messages.append((getattr(message, "type", "error"), getattr(message, "text", "")))


def test_lazy_cards_below_the_fold_cause_no_origin_warnings(browser, host: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    page = context.new_page()
    log = AllMessages()
    page.on("console", log.record)
    page.goto(f"{host}/lazy.html")
    page.wait_for_load_state("networkidle")
    page.locator("iframe.lazy").last.scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('iframe.lazy')].every((f) => f.style.height !== '')"
    )
    context.close()
    assert [text for kind, text in log.messages if "postMessage" in text] == []


@pytest.mark.usefixtures("resolving")
def test_an_unknown_term_becomes_plain_text_with_one_warning(browser, host: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    log = AllMessages()
    page.on("console", log.record)
    page.goto(f"{host}/unknown.html")
    page.wait_for_function("!document.getElementById('unknown').classList.contains('bgk-term')")
    assert is_plain_text(page, "#unknown")
    assert page.locator("#known").evaluate("(term) => term.classList.contains('bgk-term')")
    page.hover("#unknown")
    warnings = [text for kind, text in log.messages if kind == "warning"]
    context.close()
    assert len(warnings) == 1
    assert "bestaat-helemaal-niet" in warnings[0]
