"""Release pages in a real browser: no serious accessibility violation (axe-core) on the
list, a release, a diff, a concept as a release holds it, the citation on a concept page,
and the admins' form in the workspace."""

from __future__ import annotations

import pytest
from flask import Flask

from glossary.accounts.models import Role
from glossary.models import db
from tests.accounts import add_user
from tests.browser.test_pages_browser import blocking_violations
from tests.browser.test_workspace_browser import sign_in_with_the_keyboard
from tests.releases import make_release

pytestmark = pytest.mark.browser

RELEASE = "browser-release"
ADMIN = "browser-release-admin@example.org"


@pytest.fixture(scope="module")
def released(live_app: Flask) -> str:
    with live_app.app_context():
        make_release(RELEASE, "Browserversie", "Een versie om te **testen**.")
        db.session.remove()
    add_user(live_app, ADMIN, Role.ADMIN)
    return RELEASE


@pytest.mark.parametrize(
    "path",
    [
        "/versies",
        f"/versies/{RELEASE}",
        f"/versies/{RELEASE}/verschil/huidig",
        f"/begrip/mediawijsheid?versie={RELEASE}",
        "/begrip/mediawijsheid",
    ],
)
def test_release_pages_have_no_serious_accessibility_violations(
    page, released: str, path: str
) -> None:
    page.goto(path)
    assert blocking_violations(page) == [], path


def test_the_admins_release_form_has_no_serious_accessibility_violations(
    page, released: str
) -> None:
    sign_in_with_the_keyboard(page, ADMIN)
    page.goto("/beheer/versies")
    assert blocking_violations(page) == []
