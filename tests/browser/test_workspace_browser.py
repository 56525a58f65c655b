"""The workspace in a real browser: signing in with the keyboard alone, the dashboard, signing
out, and no serious accessibility violation (axe-core) on any workspace page."""

from __future__ import annotations

import pytest
from flask import Flask

from glossary.accounts.models import Role
from tests.accounts import PASSWORD, add_user
from tests.browser.conftest import ConsoleLog
from tests.browser.test_pages_browser import blocking_violations

pytestmark = pytest.mark.browser

ADMIN = "browser-admin@example.org"
WORKSPACE_PAGES = ("/beheer/", "/beheer/wachtwoord", "/beheer/gebruikers", "/beheer/audit")


@pytest.fixture(scope="module")
def admin(live_app: Flask) -> str:
    add_user(live_app, ADMIN, Role.ADMIN)
    return ADMIN


def tab_to(page, element_id: str, limit: int = 40) -> None:
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def sign_in_with_the_keyboard(page, email: str) -> None:
    page.goto("/beheer/login")
    tab_to(page, "email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/beheer/")


def test_signing_in_and_out_with_the_keyboard_alone(page, admin: str, console: ConsoleLog) -> None:
    page.goto("/beheer/")
    assert "/beheer/login" in page.url  # anonymous: sent to the login page
    sign_in_with_the_keyboard(page, admin)
    assert admin in page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "Werkruimte"
    sign_out = page.get_by_role("button", name="Afmelden")
    sign_out.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/beheer/login?done=logout")
    page.goto("/beheer/")
    assert "/beheer/login" in page.url
    assert console.errors == []


def test_a_wrong_password_is_announced(page, admin: str) -> None:
    page.goto("/beheer/login?ui=en")
    page.fill("#email", admin)
    page.fill("#password", "not the right password")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    assert "not right" in alert.inner_text()


@pytest.mark.parametrize("ui", ["nl", "en"])
def test_workspace_pages_have_no_serious_accessibility_violations(
    page, admin: str, ui: str
) -> None:
    page.goto(f"/beheer/login?ui={ui}")
    assert blocking_violations(page) == []
    sign_in_with_the_keyboard(page, admin)
    for path in WORKSPACE_PAGES:
        page.goto(path)
        assert blocking_violations(page) == [], path
