"""/nieuw in a real browser at phone width: no serious accessibility violations (axe-core),
no sideways scrolling, no console errors, and the pager reachable."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, ConsoleLog
from tests.browser.test_pages_browser import blocking_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("ui", ["nl", "en"])
@pytest.mark.parametrize("url", ["/nieuw", "/nieuw?pagina=2"])
def test_whats_new_at_phone_width_has_no_serious_violations(page, url: str, ui: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url + ("&" if "?" in url else "?") + f"ui={ui}")
    assert blocking_violations(page) == []


def test_whats_new_fits_a_phone_without_sideways_scrolling(page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/nieuw")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_whats_new_has_no_console_errors(page, console: ConsoleLog) -> None:
    page.goto("/nieuw")
    page.wait_for_load_state("networkidle")
    assert console.errors == []


def test_the_pager_leads_to_older_publications(page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/nieuw")
    page.locator("a[rel=next]").click()
    page.wait_for_url("**/nieuw?pagina=2")
    assert page.locator(".whats-new-item").count() > 0
