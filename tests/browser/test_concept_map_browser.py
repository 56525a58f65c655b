"""The concept maps in a real browser, at a phone's width (390 px) and a laptop's (1366 px):
accessibility (axe-core), no sideways scrolling of the page, links, print; screenshots to look
at in tests/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import ConsoleLog

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 800}}
MAP_PAGES = {
    "framework": "/kaart",
    "cluster": "/cluster/blended-werken",
    "embed": "/embed/kaart/blended-werken",
    "framework-en": "/kaart?lang=en",
}
BLOCKING = ("serious", "critical")


def violations(page) -> list[str]:
    """Every axe-core violation (of any impact) as a readable line."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]


def sideways_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", sorted(MAP_PAGES))
def test_map_pages_are_accessible_and_never_scroll_sideways(
    page, console: ConsoleLog, name: str, width: str
) -> None:
    page.set_viewport_size(WIDTHS[width])
    page.goto(MAP_PAGES[name])
    assert sideways_overflow(page) <= 0
    assert violations(page) == []
    assert console.errors == []


def test_a_node_of_the_drawing_leads_to_its_concept_page(page) -> None:
    page.goto("/cluster/blended-werken")
    page.locator(".concept-map-canvas--wide svg a[data-concept='blended-hulpverlening']").click()
    page.wait_for_url("**/begrip/blended-hulpverlening")
    assert page.locator("h1").inner_text() == "Blended hulpverlening"


def test_on_a_phone_the_upright_drawing_keeps_its_size_and_moves_inside_its_frame(page) -> None:
    page.set_viewport_size(WIDTHS["phone"])
    page.goto("/kaart")
    assert page.locator(".concept-map-canvas--wide").is_hidden()
    canvas = page.locator(".concept-map-canvas--tall")
    assert canvas.evaluate("element => element.scrollHeight > element.clientHeight")
    scale = canvas.locator("svg").evaluate(
        "svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width"
    )
    assert scale == 1  # drawn at its own size: 13 px labels
    # The middle of the drawing is in view first.
    assert canvas.evaluate("element => element.scrollLeft > 0")


def test_on_a_laptop_a_cluster_map_fits_the_column(page) -> None:
    page.set_viewport_size(WIDTHS["laptop"])
    page.goto("/cluster/blended-werken")
    assert page.locator(".concept-map-canvas--tall").is_hidden()
    canvas = page.locator(".concept-map-canvas--wide")
    assert canvas.evaluate("element => element.scrollWidth <= element.clientWidth")


def test_the_list_is_reachable_with_the_keyboard_and_holds_the_links(page) -> None:
    page.goto("/kaart")
    links = page.locator("#kaart-lijst .concept-map-terms > li > a")
    assert links.count() == page.locator(".concept-map-canvas--wide svg a.node--member").count()
    links.first.focus()
    assert page.evaluate("document.activeElement.closest('#kaart-lijst') !== null")


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_screenshots_of_the_map_pages(page, screenshots: Path, width: str) -> None:
    page.set_viewport_size(WIDTHS[width])
    for name, url in MAP_PAGES.items():
        page.goto(url)
        path = screenshots / f"map-{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
        # The map as first seen, at its real size.
        page.locator(".concept-map-intro").first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / f"map-{name}-{width}-view.png"))


def test_print_preview_of_the_framework_map(page, screenshots: Path) -> None:
    page.goto("/kaart")
    page.emulate_media(media="print")
    assert page.locator(".concept-map-canvas--tall").is_hidden()
    svg = page.locator(".concept-map-canvas--wide svg").bounding_box()
    assert svg is not None and svg["width"] <= page.viewport_size["width"]
    page.screenshot(path=str(screenshots / "print-map.png"), full_page=True)
