"""Feedback in a real browser: both public forms with the keyboard alone at phone width,
the status page, the editors' queue, and no serious accessibility violation (axe-core)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from glossary.accounts.models import Role
from tests.accounts import add_user
from tests.browser.conftest import PHONE, ConsoleLog
from tests.browser.test_pages_browser import blocking_violations
from tests.browser.test_workspace_browser import sign_in_with_the_keyboard, tab_to
from tests.feedback import submit

pytestmark = pytest.mark.browser

EDITOR = "browser-feedback-editor@example.org"


@pytest.fixture(scope="module")
def quick_forms(live_app: Flask) -> Iterator[None]:
    """No minimum fill time: a test types faster than a person (the HTTP tests check it)."""
    before = live_app.config["GLOSSARY_FEEDBACK_MIN_SECONDS"]
    live_app.config["GLOSSARY_FEEDBACK_MIN_SECONDS"] = 0
    yield
    live_app.config["GLOSSARY_FEEDBACK_MIN_SECONDS"] = before


@pytest.fixture(scope="module")
def editor(live_app: Flask) -> str:
    add_user(live_app, EDITOR, Role.EDITOR)
    return EDITOR


def fits_the_width(page) -> bool:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return bool(width <= inner)


def test_a_comment_by_keyboard_at_phone_width(page, quick_forms: None, console: ConsoleLog) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/begrip/mediawijsheid")
    link = page.get_by_role("link", name="Reageer op dit begrip")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/reageer/mediawijsheid**")
    assert fits_the_width(page)
    tab_to(page, "kind-0")
    page.keyboard.press("ArrowDown")  # the second kind: the definition is wrong
    assert page.evaluate("document.activeElement.value") == "wrong"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("De definitie noemt geen jongeren.")
    tab_to(page, "email")
    page.keyboard.type("an@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "feedback-send"
    page.keyboard.press("Enter")
    page.wait_for_url("**/reactie/**")
    assert "Bedankt" in page.locator("main [role=status]").inner_text()
    assert "De definitie noemt geen jongeren." in page.locator("main").inner_text()
    assert fits_the_width(page)
    assert console.errors == []


def test_the_honeypot_is_never_reached_with_the_keyboard(page) -> None:
    page.goto("/voorstel")
    focused = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement && document.activeElement.name"))
    assert "website" not in focused


def test_a_proposal_by_keyboard_at_phone_width(page, quick_forms: None) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/voorstel")
    assert fits_the_width(page)
    tab_to(page, "term")
    page.keyboard.type("Digitale geletterdheid")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "definition"
    page.keyboard.type("Kunnen omgaan met digitale media en informatie.")
    tab_to(page, "feedback-send")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reactie/**")
    assert "Digitale geletterdheid" in page.locator("main").inner_text()


def test_a_form_with_a_missing_field_says_which(page, quick_forms: None) -> None:
    page.goto("/voorstel")
    page.fill("#term", "Iets")
    page.click("#feedback-send")
    assert page.locator("#feedback-problem[role=alert]").is_visible()
    assert page.locator("#definition").get_attribute("aria-invalid") == "true"


@pytest.mark.parametrize("ui", ["nl", "en"])
def test_feedback_pages_have_no_serious_accessibility_violations(
    page, live_app: Flask, ui: str
) -> None:
    new = submit(live_app, message="Toegankelijk?", name="Ann")
    for path in ("/reageer/mediawijsheid", "/voorstel", f"/reactie/{new.token}?verstuurd=1"):
        page.goto(f"{path}{'&' if '?' in path else '?'}ui={ui}")
        assert blocking_violations(page) == [], path
    page.set_viewport_size(PHONE)
    page.goto(f"/reageer/mediawijsheid?ui={ui}")
    assert blocking_violations(page) == []


def test_the_editor_answers_from_the_queue(page, live_app: Flask, editor: str) -> None:
    new = submit(live_app, message="Graag een voorbeeld erbij.")
    sign_in_with_the_keyboard(page, editor)
    assert "Reacties" in page.locator(".feedback-counts").inner_text()
    page.goto("/beheer/reacties?status=new")
    assert blocking_violations(page) == []
    page.get_by_role("row").filter(has_text="Graag een voorbeeld erbij.").get_by_role(
        "link"
    ).first.click()
    page.wait_for_url(f"**/beheer/reacties/{new.pk}")
    assert blocking_violations(page) == []
    page.select_option("#status", "done")
    tab_to(page, "reply")
    page.keyboard.type("Voorbeeld toegevoegd.")
    tab_to(page, "answer-save")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/beheer/reacties/{new.pk}?done=answer")
    assert page.locator("main .notice[role=status]").is_visible()
    page.goto(f"/reactie/{new.token}")
    assert "Voorbeeld toegevoegd." in page.locator(".feedback-reply").inner_text()
    assert "afgehandeld" in page.locator(".feedback-status-value").inner_text()
