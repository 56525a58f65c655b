"""A consultation round in a real browser, from invitation to tally: the editor opens a
round and makes a personal link with the keyboard alone, a participant answers with the
keyboard at phone width, the editor sees the tally; no serious accessibility violation
(axe-core) on any of its pages, in Dutch and in English."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask

from glossary.accounts.models import Role
from tests.accounts import add_user
from tests.browser.conftest import PHONE, ConsoleLog
from tests.browser.test_feedback_browser import fits_the_width
from tests.browser.test_pages_browser import blocking_violations
from tests.browser.test_workspace_browser import sign_in_with_the_keyboard, tab_to
from tests.consultation import draft_definition

pytestmark = pytest.mark.browser

EDITOR = "browser-consultation-editor@example.org"
CONCEPTS = ("mediacoach", "online-privacy")


@pytest.fixture(scope="module")
def editor(live_app: Flask) -> str:
    add_user(live_app, EDITOR, Role.EDITOR)
    for slug in CONCEPTS:
        draft_definition(live_app, EDITOR, slug, f"Een herziene definitie van {slug}.")
    return EDITOR


def open_a_round(page, title: str) -> str:
    """Open a round over both drafts with the keyboard; the round page's path."""
    page.goto("/beheer/consultaties/nieuw")
    tab_to(page, "title")
    page.keyboard.type(title)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "explanation"
    page.keyboard.type("Geef uw **oordeel** over de herziene definities.")
    page.fill("#closes_on", (date.today() + timedelta(days=10)).isoformat())
    for slug in CONCEPTS:
        page.locator(f'input[name=drafts][value="{slug}"]').focus()
        page.keyboard.press("Space")
    tab_to(page, "consultation-open")
    page.keyboard.press("Enter")
    page.wait_for_url("**/beheer/consultaties/*?done=opened")
    return urlsplit(page.url).path


def personal_link(page, name: str) -> str:
    tab_to(page, "name")
    page.keyboard.type(name)
    tab_to(page, "consultation-invite")
    page.keyboard.press("Enter")
    page.wait_for_selector("#invitation-link")
    return urlsplit(page.locator("#invitation-link").inner_text()).path


def test_from_invitation_to_tally_with_the_keyboard(
    page, browser, live_server: str, editor: str, console: ConsoleLog
) -> None:
    sign_in_with_the_keyboard(page, editor)
    round_path = open_a_round(page, "Herziening online werken")
    assert blocking_violations(page) == []
    link = personal_link(page, "Participant Een")
    assert link.startswith("/consultatie/")

    phone = browser.new_context(base_url=live_server, locale="nl-BE", viewport=PHONE)
    participant = phone.new_page()
    participant.goto(link)
    assert fits_the_width(participant)
    assert blocking_violations(participant) == []
    assert participant.locator("ins").count() > 0  # the word diff
    first = participant.locator("section.consultation-item").first.get_attribute("data-item")
    tab_to(participant, f"position-{first}-agree")
    participant.keyboard.press("ArrowDown")  # agree with remarks
    participant.keyboard.press("Tab")
    assert participant.evaluate("document.activeElement.id") == f"comment-{first}"
    participant.keyboard.type("Graag een voorbeeld erbij.")
    tab_to(participant, "consultation-send")
    participant.keyboard.press("Enter")
    participant.wait_for_url("**?opgeslagen=1")
    assert participant.locator("#consultation-saved[role=status]").is_visible()
    assert fits_the_width(participant)
    phone.close()

    page.goto(round_path)
    tally = page.locator("table.consultation-tally").inner_text()
    assert "1" in tally
    assert "Graag een voorbeeld erbij." in page.locator("main").inner_text()
    assert blocking_violations(page) == []
    assert console.errors == []


@pytest.mark.parametrize("ui", ["nl", "en"])
def test_consultation_pages_have_no_serious_accessibility_violations(
    page, editor: str, ui: str
) -> None:
    sign_in_with_the_keyboard(page, editor)
    round_path = open_a_round(page, f"Toegankelijk {ui}")
    link = personal_link(page, "")
    for path in ("/beheer/consultaties", round_path, link):
        page.goto(f"{path}?ui={ui}")
        assert blocking_violations(page) == [], path
    page.set_viewport_size(PHONE)
    page.goto(f"{link}?ui={ui}")
    assert blocking_violations(page) == []
    assert fits_the_width(page)
