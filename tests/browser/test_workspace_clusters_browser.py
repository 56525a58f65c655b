"""The cluster editor in a real browser: an editor renames a cluster and submits it with the
keyboard alone, and the lists and editors of clusters, sources and the scheme have no serious
accessibility violation (axe-core), in Dutch and English."""

from __future__ import annotations

import pytest
from flask import Flask

from glossary.accounts.models import Role
from tests.accounts import add_user
from tests.browser.conftest import ConsoleLog
from tests.browser.test_pages_browser import blocking_violations
from tests.browser.test_workspace_browser import sign_in_with_the_keyboard, tab_to

pytestmark = pytest.mark.browser

EDITOR = "browser-cluster-editor@example.org"
PAGES = (
    "/beheer/clusters",
    "/beheer/clusters/digitalisering",
    "/beheer/clusters/nieuw",
    "/beheer/bronnen",
    "/beheer/bronnen/beelen-2022",
    "/beheer/bronnen/nieuw",
    "/beheer/schema",
)


@pytest.fixture(scope="module")
def editor(live_app: Flask) -> str:
    add_user(live_app, EDITOR, Role.EDITOR)
    return EDITOR


def test_a_cluster_is_renamed_and_submitted_with_the_keyboard_alone(
    page, editor: str, console: ConsoleLog
) -> None:
    sign_in_with_the_keyboard(page, editor)
    page.goto("/beheer/clusters/digitalisering?ui=en")
    tab_to(page, "title-nl")
    page.keyboard.press("Control+A")
    page.keyboard.type("digitale samenleving")
    page.keyboard.press("Enter")  # Enter in a text field submits its form
    page.wait_for_url("**/beheer/clusters/digitalisering?done=saved", timeout=60_000)
    assert "not public until a reviewer approves" in page.locator("p.notice").inner_text()
    submit = page.get_by_role("button", name="Submit for review")
    submit.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**done=submitted", timeout=60_000)
    page.goto("/cluster/digitalisering")
    assert "digitale samenleving" not in page.locator("main").inner_text()
    page.goto("/beheer/clusters/digitalisering")
    page.locator("form[action$='/verwijderen'] button").click()  # leave no draft behind
    page.wait_for_url("**done=deleted", timeout=60_000)
    assert console.errors == []


@pytest.mark.parametrize("ui", ["nl", "en"])
def test_the_editors_have_no_serious_accessibility_violations(page, editor: str, ui: str) -> None:
    sign_in_with_the_keyboard(page, editor)
    for path in PAGES:
        page.goto(f"{path}?ui={ui}")
        assert blocking_violations(page) == [], path
