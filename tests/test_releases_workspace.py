"""Making a release in the workspace (/beheer/versies): admins only, with CSRF and an
audit entry; a taken name is a clear 400."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from glossary.accounts.models import Role
from glossary.models import db
from glossary.releases.store import get_release, list_releases
from tests.accounts import audit_actions, csrf_token, signed_in_client
from tests.conftest import SCHEME_ID


def post_release(client: FlaskClient, name: str, **fields: str) -> object:
    data = {"csrf_token": csrf_token(client, "/beheer/versies"), "name": name}
    data.setdefault("title", fields.get("title", "Een versie"))
    data["notes"] = fields.get("notes", "")
    return client.post("/beheer/versies", data=data)


def test_an_admin_makes_a_release_and_lands_on_its_page(app: Flask) -> None:
    admin = signed_in_client(app, "admin@example.org", Role.ADMIN)
    answer = post_release(admin, "2026-03", title="Maart", notes="Drie nieuwe begrippen.")
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/versies/2026-03")
    with app.app_context():
        view = get_release(db.session, SCHEME_ID, "2026-03")
    assert (view.title, view.notes, view.created_by) == (
        "Maart",
        "Drie nieuwe begrippen.",
        "admin@example.org",
    )
    assert ("release.create", "2026-03") in audit_actions(app)


def test_a_taken_name_is_a_400_that_says_so(app: Flask) -> None:
    admin = signed_in_client(app, "admin@example.org", Role.ADMIN)
    post_release(admin, "2026-03")
    answer = admin.post(
        "/beheer/versies",
        data={
            "csrf_token": csrf_token(admin, "/beheer/versies"),
            "name": "2026-03",
            "title": "Nog eens",
        },
    )
    assert answer.status_code == 400
    assert "exists already" in answer.get_data(as_text=True)


def test_a_bad_name_is_a_400_that_says_what_a_name_may_hold(app: Flask) -> None:
    admin = signed_in_client(app, "admin@example.org", Role.ADMIN)
    answer = post_release(admin, "Maart 2026")
    assert answer.status_code == 400
    assert "lower-case letters" in answer.get_data(as_text=True)
    with app.app_context():
        assert list_releases(db.session, SCHEME_ID) == []


def test_an_editor_may_not_make_a_release(app: Flask) -> None:
    editor = signed_in_client(app, "editor@example.org", Role.EDITOR)
    token = csrf_token(editor)
    answer = editor.post(
        "/beheer/versies", data={"csrf_token": token, "name": "2026-03", "title": "x"}
    )
    assert answer.status_code == 403
    with app.app_context():
        assert list_releases(db.session, SCHEME_ID) == []


def test_a_post_without_the_csrf_token_makes_nothing(app: Flask) -> None:
    admin = signed_in_client(app, "admin@example.org", Role.ADMIN)
    answer = admin.post("/beheer/versies", data={"name": "2026-03", "title": "x"})
    assert answer.status_code == 400
    with app.app_context():
        assert list_releases(db.session, SCHEME_ID) == []
