"""Reading and reuse tools in a real browser: light cross-links, a URI that breaks at its
slashes, handout targets of 24 px on a phone, and the embed builder's live preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages_browser import blocking_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_cross_links_are_not_bold(page) -> None:
    page.goto("/begrip/blended-hulpverlening")
    weight = page.locator(".note--definition a.crosslink").first.evaluate(
        "(link) => Number(getComputedStyle(link).fontWeight)"
    )
    assert weight <= 400


def test_the_uri_wraps_at_its_slashes_on_a_phone(page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/begrip/mediawijsheid")
    lines = page.locator("#concept-uri").evaluate(
        """(code) => {
          const range = document.createRange();
          range.selectNodeContents(code);
          const tops = new Map();
          const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
          const words = [];
          while (walker.nextNode()) { words.push(walker.currentNode); }
          return words.map((node) => {
            const r = document.createRange(); r.selectNodeContents(node);
            return [node.textContent, r.getClientRects().length];
          });
        }"""
    )
    # Every piece between two break opportunities stays on one line.
    assert all(count == 1 for _, count in lines), lines


def test_handout_checkboxes_are_24_pixels_on_a_phone(page, screenshots: Path) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/handout")
    box = page.locator(".handout-choices input[type=checkbox]").first.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24
    page.screenshot(path=str(screenshots / "handout-form-phone.png"))
    assert blocking_violations(page) == []


def test_an_empty_handout_choice_shows_the_message(page) -> None:
    page.goto("/handout")
    page.locator(".handout-form button[type=submit]").click()
    expect(page.locator("[role=alert]")).to_contain_text("Vink minstens één begrip aan")


def test_the_embed_builder_previews_the_chosen_theme_and_language(page, screenshots: Path) -> None:
    page.goto("/begrip/mediawijsheid")
    page.locator(".embed-snippet summary").click()
    page.select_option(".embed-builder select[name=theme]", "dark")
    page.select_option(".embed-builder select[name=lang]", "en")
    preview = page.locator(".embed-preview")
    expect(preview).to_have_attribute("src", "/embed/mediawijsheid?lang=en&theme=dark")
    expect(page.locator("#embed-code-card")).to_contain_text(
        "/embed/mediawijsheid?lang=en&amp;theme=dark"
    )
    expect(page.locator("#embed-code-oembed")).to_contain_text("/begrip/mediawijsheid?lang=en")
    frame = page.frame_locator(".embed-preview")
    expect(frame.locator("h1")).to_have_text("Media literacy")
    page.locator(".embed-builder").screenshot(path=str(screenshots / "embed-builder.png"))
    assert blocking_violations(page) == []
