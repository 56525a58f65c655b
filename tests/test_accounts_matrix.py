"""The authorisation matrix: every guarded route × method × kind of caller, generated from
the app's URL map, so that a new route without a row here fails.

Guarded routes: everything under /beheer/, every view marked by `require_role`, and every
machine route that accepts a write method. Web callers sign in through the login form (a
session cookie) and send the CSRF token of their session with each write, so what is tested
is who may do what, not the CSRF check (tests/test_accounts_login.py has that); API callers
send a bearer token. The revoked token is an admin's, revoked: worth nothing anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from glossary.accounts.models import Role
from glossary.api.auth import ROLES_ATTRIBUTE
from glossary.http.problems import MACHINE_PREFIXES
from tests.accounts import add_token, add_user, csrf_token, sign_in

# Each URL variable of a guarded route is called with "1" (no such row exists).
SAMPLE_ARGUMENT = re.compile(r"<(?:\w+:)?\w+>")
CALLERS = ("anonymous", "editor", "reviewer", "admin", "revoked token")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# OPTIONS is answered by Flask itself (and CORS) for every route, before any view runs.
SKIPPED_METHODS = {"OPTIONS"}


def each(status: int) -> dict[str, int]:
    return dict.fromkeys(CALLERS, status)


def signed_in_only(status: int) -> dict[str, int]:
    return {**each(status), "anonymous": 302, "revoked token": 302}


def token_only(status: int) -> dict[str, int]:
    """An API route: a live token of any role gets `status`, no or a revoked token 401."""
    return {**each(status), "anonymous": 401, "revoked token": 401}


def admins_only() -> dict[str, int]:
    return {**signed_in_only(403), "admin": 200}


# (endpoint, method) → expected status per caller. Writes carry no form fields: a signed-in
# caller reaches the form's validation (400), an anonymous one is sent to the login page.
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("workspace.login", "GET"): {**signed_in_only(302), "anonymous": 200, "revoked token": 200},
    ("workspace.login", "POST"): each(400),
    ("workspace.logout", "POST"): each(302),
    ("workspace.dashboard", "GET"): signed_in_only(200),
    ("workspace.password", "GET"): signed_in_only(200),
    ("workspace.password", "POST"): signed_in_only(400),
    ("workspace.accounts", "GET"): admins_only(),
    ("workspace.audit_log", "GET"): admins_only(),
    ("workspace.releases", "GET"): admins_only(),
    ("workspace.releases", "POST"): {**signed_in_only(403), "admin": 400},
    # Every role handles feedback; submission 1 does not exist in the matrix's database.
    ("workspace.feedback_queue", "GET"): signed_in_only(200),
    ("workspace.feedback_item", "GET"): signed_in_only(404),
    ("workspace.feedback_item", "POST"): signed_in_only(404),
    ("workspace.feedback_draft", "POST"): signed_in_only(404),
    # Consultation rounds: every role may open one; round 1 does not exist.
    ("workspace.consultations", "GET"): signed_in_only(200),
    ("workspace.consultation_new", "GET"): signed_in_only(200),
    ("workspace.consultation_new", "POST"): signed_in_only(400),
    ("workspace.consultation", "GET"): signed_in_only(404),
    ("workspace.consultation_invite", "POST"): signed_in_only(404),
    ("workspace.consultation_close", "POST"): signed_in_only(404),
    # Token-guarded public routes: no account, the unguessable token in the address is the
    # key, so every caller with a wrong token ("1") gets 404, signed in or not.
    ("feedback.status", "GET"): each(404),
    ("consultation.participant_page", "GET"): each(404),
    ("consultation.participant_answer", "POST"): each(404),
    # The concept editor, called with "1" for each URL variable: no concept, no draft and no
    # version has that id, so a permitted caller gets 404 (or 400 for a form without its
    # fields).
    ("workspace.editor.find", "GET"): each(302),
    ("workspace.editor.new", "GET"): signed_in_only(200),
    ("workspace.editor.create", "POST"): signed_in_only(400),
    ("workspace.editor.edit", "GET"): signed_in_only(404),
    ("workspace.editor.save", "POST"): signed_in_only(400),
    ("workspace.editor.submit", "POST"): signed_in_only(404),
    ("workspace.editor.approve", "POST"): {**signed_in_only(404), "editor": 403},
    ("workspace.editor.reject", "POST"): {**signed_in_only(400), "editor": 403},
    ("workspace.editor.delete", "POST"): signed_in_only(404),
    ("workspace.editor.versions", "GET"): signed_in_only(404),
    ("workspace.editor.restore", "POST"): signed_in_only(404),
    ("workspace.editor.preview", "POST"): signed_in_only(200),
    # Single sign-on is not configured in the tests' app: its routes are not there.
    ("sso.start", "GET"): each(404),
    ("sso.callback", "GET"): each(404),
    ("api_me.me", "GET"): {**each(200), "anonymous": 401, "revoked token": 401},
    # Anyone may send feedback, no account needed: an empty body reaches the body check.
    ("api_feedback.create_feedback", "POST"): each(400),
    # The editors of clusters, sources and the scheme: no section, cluster or source "1"
    # (404); the scheme's editor opens, and its save without fields is refused (400).
    ("workspace.parts.listing", "GET"): signed_in_only(404),
    ("workspace.parts.new", "GET"): signed_in_only(404),
    ("workspace.parts.create", "POST"): signed_in_only(404),
    ("workspace.parts.edit", "GET"): signed_in_only(404),
    ("workspace.parts.save", "POST"): signed_in_only(404),
    ("workspace.parts.scheme", "GET"): signed_in_only(200),
    ("workspace.parts.save_scheme", "POST"): signed_in_only(400),
    ("workspace.parts.act", "POST"): signed_in_only(404),
    ("workspace.parts.propose_removal", "POST"): signed_in_only(404),
    # Their histories: no cluster or source "1" (404); the scheme's page exists, and its
    # version 1 (the import) is restored as the editor's draft, which the next callers
    # cannot replace without naming its lock version (409).
    ("workspace.part_history.versions", "GET"): signed_in_only(404),
    ("workspace.part_history.restore", "POST"): signed_in_only(404),
    ("workspace.part_history.scheme_versions", "GET"): signed_in_only(200),
    ("workspace.part_history.restore_scheme", "POST"): {
        **signed_in_only(409),
        "editor": 303,
    },
    # Drafts over JSON: no concept "1", no draft of it (404), and no JSON body (400) once the
    # token and its role are accepted.
    ("api_drafts.list_drafts", "GET"): token_only(200),
    ("api_drafts.create_concept", "POST"): token_only(400),
    ("api_drafts.put_draft", "PUT"): token_only(400),
    ("api_drafts.get_draft", "GET"): token_only(404),
    ("api_drafts.delete_draft", "DELETE"): token_only(404),
    ("api_drafts.submit", "POST"): token_only(404),
    ("api_drafts.approve", "POST"): {**token_only(404), "editor": 403},
    ("api_drafts.reject", "POST"): {**token_only(400), "editor": 403},
    # Drafts of clusters, sources and the scheme's texts over JSON, the same answers: no
    # draft of cluster or source "1" or of the scheme (404), no JSON body (400).
    **{
        (f"api_part_drafts.{kind}_{step}", method): expected
        for kind in ("cluster", "source", "scheme")
        for step, method, expected in (
            ("draft_put", "PUT", token_only(400)),
            ("draft_get", "GET", token_only(404)),
            ("draft_delete", "DELETE", token_only(404)),
            ("submit_post", "POST", token_only(404)),
            ("approve_post", "POST", {**token_only(404), "editor": 403}),
            ("reject_post", "POST", {**token_only(400), "editor": 403}),
        )
    },
}


# Public pages whose address holds a personal token (feedback status, consultation).
TOKEN_GUARDED = {
    "feedback.status",
    "consultation.participant_page",
    "consultation.participant_answer",
}


def guarded(app: Flask, rule: Rule) -> bool:
    view = app.view_functions[rule.endpoint]
    writes = bool((rule.methods or set()) & WRITE_METHODS)
    return (
        rule.endpoint in TOKEN_GUARDED
        or rule.rule.startswith("/beheer/")
        or hasattr(view, ROLES_ATTRIBUTE)
        or (writes and rule.rule.startswith(MACHINE_PREFIXES))
    )


def cases(app: Flask) -> Iterator[tuple[Rule, str]]:
    for rule in app.url_map.iter_rules():
        if guarded(app, rule):
            for method in sorted((rule.methods or set()) - SKIPPED_METHODS):
                yield rule, method


def test_every_guarded_route_and_method_has_a_row(app: Flask) -> None:
    served = {(rule.endpoint, method) for rule, method in cases(app) if method != "HEAD"}
    assert served == set(EXPECTED)


class Callers:
    """A fresh client per caller and request: a session or a token, made once per test."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        for role in (Role.EDITOR, Role.REVIEWER, Role.ADMIN):
            add_user(app, f"{role.value}@example.org", role)
        self.tokens = {role.value: add_token(app, f"{role.value}@example.org") for role in Role}
        revoked = add_token(app, "admin@example.org", "revoked")
        result = app.test_cli_runner().invoke(args=["glossary", "token", "revoke", "4"])
        assert result.exit_code == 0, result.output
        self.tokens["revoked token"] = revoked

    def client(self, caller: str, api: bool) -> tuple[FlaskClient, dict[str, str]]:
        client = self.app.test_client()
        headers: dict[str, str] = {}
        if caller in self.tokens and (api or caller == "revoked token"):
            headers["Authorization"] = f"Bearer {self.tokens[caller]}"
        elif caller not in ("anonymous", "revoked token"):
            assert sign_in(client, f"{caller}@example.org").status_code == 302
        return client, headers


@pytest.fixture
def callers(app: Flask) -> Callers:
    return Callers(app)


def test_each_caller_gets_the_expected_status(app: Flask, callers: Callers) -> None:
    answers: dict[tuple[str, str, str], int] = {}
    wrong = []
    for rule, method in cases(app):
        expected = EXPECTED[(rule.endpoint, "GET" if method == "HEAD" else method)]
        api = rule.rule.startswith(MACHINE_PREFIXES)
        for caller in CALLERS:
            client, headers = callers.client(caller, api)
            data = {}
            if method in WRITE_METHODS and not api:
                data["csrf_token"] = csrf_token(client)
            path = SAMPLE_ARGUMENT.sub("1", rule.rule)
            response = client.open(path, method=method, headers=headers, data=data)
            answers[(rule.rule, method, caller)] = response.status_code
            if response.status_code != expected[caller]:
                wrong.append((rule.rule, method, caller, response.status_code, expected[caller]))
    assert wrong == []
    assert len(answers) >= len(EXPECTED) * len(CALLERS)
