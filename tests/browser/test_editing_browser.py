"""Editing in a real browser, with the keyboard alone: an editor changes a definition (with
its live preview) and submits it; the public page keeps the published text; a reviewer
approves; the public page, the API, search and an embed card show the new text. And no
serious accessibility violation (axe-core) on any page of the editor or the history."""

from __future__ import annotations

import time

import pytest
from flask import Flask

from glossary.accounts.models import Role
from tests.accounts import add_user
from tests.browser.conftest import DESKTOP, ConsoleLog
from tests.browser.test_pages_browser import blocking_violations
from tests.browser.test_workspace_browser import sign_in_with_the_keyboard, tab_to

pytestmark = pytest.mark.browser

EDITOR = "browser-editor@example.org"
REVIEWER = "browser-reviewer@example.org"
CONCEPT = "roadmap"
# A word no concept has yet, so search finds the new text only once it is published; the
# definition keeps citing its source, as the importer requires.
NEW_WORD = "zeppelinplanning"
NEW_DEFINITION = (
    f"Een roadmap is een **{NEW_WORD}** voor projecten in stappen. (kennisdomein, 2019)"
)
SEARCH_WAIT_S = 30


@pytest.fixture(scope="module")
def people(live_app: Flask) -> dict[str, str]:
    add_user(live_app, EDITOR, Role.EDITOR)
    add_user(live_app, REVIEWER, Role.REVIEWER)
    return {"editor": EDITOR, "reviewer": REVIEWER}


def tab_to_button(page, name: str, limit: int = 250) -> None:
    """Press Tab until the button named `name` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement && document.activeElement.tagName === 'BUTTON'"
            " ? document.activeElement.textContent.trim() : ''"
        )
        if focused == name:
            return
    raise AssertionError(f"the button {name!r} cannot be reached with the Tab key")


def tab_to_link(page, text: str, limit: int = 250) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement && document.activeElement.tagName === 'A'"
            " ? document.activeElement.textContent.trim() : ''"
        )
        if text in focused:
            return
    raise AssertionError(f"the link {text!r} cannot be reached with the Tab key")


def public_text(page, path: str) -> str:
    answer = page.request.get(path)
    assert answer.ok, path
    return answer.text()


def test_an_edit_is_reviewed_published_and_shown_everywhere_with_the_keyboard_alone(
    page, browser, live_server: str, people: dict[str, str], console: ConsoleLog
) -> None:
    # The editor opens the concept from the dashboard, rewrites its definition, sees the
    # preview, saves and submits.
    sign_in_with_the_keyboard(page, EDITOR)
    tab_to(page, "begrip")
    page.keyboard.type(CONCEPT)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/beheer/begrip/{CONCEPT}")
    tab_to(page, "definition-nl", limit=250)
    page.keyboard.press("Control+A")
    page.keyboard.type(NEW_DEFINITION)
    preview = page.locator("#definition-nl-preview")
    preview.wait_for(state="visible")
    assert preview.locator("strong").inner_text() == NEW_WORD
    tab_to(page, "change_note", limit=250)
    page.keyboard.type("Korter en duidelijker")
    tab_to_button(page, "Concept bewaren")
    page.keyboard.press("Enter")
    page.wait_for_url("**done=saved")
    tab_to_button(page, "Ter beoordeling indienen")
    page.keyboard.press("Enter")
    page.wait_for_url("**done=submitted")

    # Not public yet.
    assert NEW_WORD not in public_text(page, f"/begrip/{CONCEPT}")

    # The reviewer finds it waiting and approves it.
    context = browser.new_context(base_url=live_server, locale="nl-BE", viewport=DESKTOP)
    reviewer = context.new_page()
    reviewer.on("console", console.record)
    reviewer.on("pageerror", console.record)
    try:
        sign_in_with_the_keyboard(reviewer, REVIEWER)
        waiting = reviewer.locator("#waiting + table")
        assert CONCEPT in waiting.inner_text() or "Roadmap" in waiting.inner_text()
        tab_to_link(reviewer, "Roadmap")
        reviewer.keyboard.press("Enter")
        reviewer.wait_for_url(f"**/beheer/begrip/{CONCEPT}")
        tab_to_button(reviewer, "Goedkeuren en publiceren")
        reviewer.keyboard.press("Enter")
        reviewer.wait_for_url("**done=published")
    finally:
        context.close()

    # Published: the page, the API, the embed card and (once the index caught up) search.
    assert NEW_WORD in public_text(page, f"/begrip/{CONCEPT}")
    api = page.request.get(f"/api/v1/concepts/{CONCEPT}").json()
    assert NEW_WORD in str(api)
    page.goto(f"/embed/{CONCEPT}")
    assert NEW_WORD in page.locator("body").inner_text()
    deadline = time.monotonic() + SEARCH_WAIT_S
    found: list[str] = []
    while time.monotonic() < deadline:
        answer = page.request.get(f"/api/v1/search?q={NEW_WORD}")
        if answer.ok:
            found = [hit.get("id", "") for hit in answer.json().get("results", [])]
            if CONCEPT in found:
                break
        time.sleep(0.5)
    assert CONCEPT in found
    history = public_text(page, f"/begrip/{CONCEPT}/geschiedenis")
    assert "Korter en duidelijker" in history and "<ins>" in history
    assert console.errors == []


@pytest.mark.parametrize("ui", ["nl", "en"])
def test_editor_and_history_pages_have_no_serious_accessibility_violations(
    page, people: dict[str, str], ui: str
) -> None:
    page.goto(f"/beheer/login?ui={ui}")
    sign_in_with_the_keyboard(page, EDITOR)
    for path in (
        "/beheer/",
        "/beheer/begrip/nieuw",
        "/beheer/begrip/mediawijsheid",
        "/beheer/begrip/mediawijsheid/geschiedenis",
        "/begrip/mediawijsheid/geschiedenis",
    ):
        page.goto(path)
        assert blocking_violations(page) == [], path


def test_a_refused_save_is_announced_and_its_problem_is_at_the_field(
    page, people: dict[str, str]
) -> None:
    sign_in_with_the_keyboard(page, EDITOR)
    page.goto("/beheer/begrip/mediawijsheid")
    page.fill("#pref_label-nl", "")
    page.locator("#pref_label-nl").focus()
    tab_to_button(page, "Concept bewaren")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    alert.wait_for()
    field = page.locator("#pref_label-nl")
    assert field.get_attribute("aria-invalid") == "true"
    assert page.locator("#pref_label-nl-error").inner_text() != ""
    assert blocking_violations(page) == []


def test_a_draft_in_review_has_no_serious_accessibility_violations_for_author_or_reviewer(
    page, browser, live_server: str, people: dict[str, str]
) -> None:
    sign_in_with_the_keyboard(page, EDITOR)
    page.goto("/beheer/begrip/digitale-strategie")
    page.fill("#alt_labels-nl", "digitaal plan")
    page.get_by_role("button", name="Concept bewaren").click()
    page.wait_for_url("**done=saved")
    page.get_by_role("button", name="Ter beoordeling indienen").click()
    page.wait_for_url("**done=submitted")
    assert blocking_violations(page) == []
    context = browser.new_context(base_url=live_server, locale="nl-BE", viewport=DESKTOP)
    reviewer = context.new_page()
    try:
        sign_in_with_the_keyboard(reviewer, REVIEWER)
        assert blocking_violations(reviewer) == []  # the dashboard, with a draft waiting
        reviewer.goto("/beheer/begrip/digitale-strategie")
        assert reviewer.locator("#changes-title").is_visible()
        assert blocking_violations(reviewer) == []
    finally:
        context.close()
