"""The embed feature's own pages in a real browser: the card, the handout form and the
printed handout (accessibility with axe-core, keyboard use, A4 print)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import ConsoleLog

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

BLOCKING = ("serious", "critical")
# A4 in PostScript points, as a PDF's MediaBox states it.
A4_POINTS = (595, 842)


def blocking_violations(page) -> list[str]:
    """axe-core violations of impact serious or critical, as readable lines."""
    return [
        f"{violation['id']}: " + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in BLOCKING
    ]


def pdf_page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(round(float(width)), round(float(height))) for width, height in boxes]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_card_is_accessible(page, theme: str, console: ConsoleLog):
    page.goto(f"/embed/onlinehulpverlening?lang=nl&theme={theme}")
    expect(page.locator("h1")).to_have_text("Onlinehulpverlening")
    assert blocking_violations(page) == []
    assert console.errors == []


def test_handout_form_is_accessible(page):
    page.goto("/handout")
    assert blocking_violations(page) == []


def test_handout_is_made_from_the_form_by_keyboard(page, screenshots: Path):
    page.goto("/handout")
    page.get_by_label("Mediawijsheid").focus()
    page.keyboard.press("Space")
    page.get_by_label("Digitale kloof").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="De hand-out maken").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".handout-term h2")).to_have_text(["Digitale kloof", "Mediawijsheid"])
    page.screenshot(path=str(screenshots / "embed-handout-screen.png"), full_page=True)


def test_printed_handout_is_a4_without_site_navigation(page, screenshots: Path):
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto("/handout?cluster=e-inclusie-en-digitale-competenties&title=Module%203")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".js-print")).to_be_hidden()
    expect(page.locator(".handout-term").first).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    (screenshots / "embed-handout.pdf").write_bytes(pdf)
    page.screenshot(path=str(screenshots / "embed-handout-print.png"), full_page=True)
    sizes = pdf_page_sizes(pdf)
    assert sizes and set(sizes) == {A4_POINTS}


def test_handout_is_accessible(page):
    page.goto("/handout?cluster=blended-werken")
    assert blocking_violations(page) == []


def test_snippet_builder_shows_copyable_code_on_the_concept_page(page, console: ConsoleLog):
    page.goto("/begrip/mediawijsheid")
    page.get_by_text("Toon de code").click()
    expect(page.locator("#embed-code-card")).to_contain_text("/embed/mediawijsheid?lang=nl")
    expect(page.locator(".embed-snippet .js-copy").first).to_be_visible()
    assert console.errors == []
