"""Drafts, review and history over JSON with bearer tokens (issue 14, "The same over JSON").

Every endpoint: its success, 401 without a valid token, 403 for the wrong role or one's own
draft, 409 on a conflict, 422 with a JSON pointer per problem. And the promise that matters
most: a draft is never public — pages, API, exports, search, suggest, embeds and Skosmos
keep the published text until a reviewer approves, then all of them show the new text.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.accounts.models import Role
from tests.accounts import add_token, add_user

SLUG = "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
DRAFT = f"/api/v1/concepts/{SLUG}/draft"
NEW_WORD = "Zeppelinvaartbegeleiding"
NEW_DEFINITION = f"= elke {NEW_WORD} van jongeren en gezinnen."
OLD_WORD = "face-to-face"


class Tokens:
    def __init__(self, app: Flask) -> None:
        self.secrets: dict[str, str] = {}
        for name, role in (
            ("editor", Role.EDITOR),
            ("editor2", Role.EDITOR),
            ("reviewer", Role.REVIEWER),
            ("reviewer2", Role.REVIEWER),
            ("admin", Role.ADMIN),
        ):
            add_user(app, f"{name}@example.org", role)
            self.secrets[name] = add_token(app, f"{name}@example.org")

    def __call__(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secrets[name]}"}


@pytest.fixture
def tokens(app: Flask) -> Tokens:
    return Tokens(app)


def pointers(body: dict[str, Any]) -> list[str]:
    return [problem["pointer"] for problem in body["problems"]]


def put_definition(
    client: FlaskClient,
    headers: dict[str, str],
    text: str = NEW_DEFINITION,
    base: int = 1,
    **extra: Any,
) -> Any:
    body = {"definition": {"nl": text}, "base_version": base, "change_note": "clearer", **extra}
    return client.put(DRAFT, json=body, headers=headers)


def publish(client: FlaskClient, tokens: Tokens, text: str = NEW_DEFINITION) -> Any:
    assert put_definition(client, tokens("editor"), text).status_code in (200, 201)
    assert client.post(f"{DRAFT}/submit", headers=tokens("editor")).status_code == 200
    return client.post(f"{DRAFT}/approve", headers=tokens("reviewer"))


# --- version -----------------------------------------------------------------------------


def test_a_concept_reports_its_published_version(client: FlaskClient) -> None:
    assert client.get(f"/api/v1/concepts/{SLUG}").get_json()["version"] == 1


# --- 401 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", DRAFT),
        ("GET", DRAFT),
        ("DELETE", DRAFT),
        ("POST", "/api/v1/concepts"),
        ("POST", f"{DRAFT}/submit"),
        ("POST", f"{DRAFT}/approve"),
        ("POST", f"{DRAFT}/reject"),
        ("GET", "/api/v1/drafts"),
    ],
)
def test_every_draft_endpoint_wants_a_token(client: FlaskClient, method: str, path: str) -> None:
    response = client.open(path, method=method, json={})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_refused(client: FlaskClient) -> None:
    response = put_definition(client, {"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


# --- save, read, delete --------------------------------------------------------------------


def test_an_editor_creates_then_replaces_a_draft(client: FlaskClient, tokens: Tokens) -> None:
    created = put_definition(client, tokens("editor"))
    assert created.status_code == 201
    body = created.get_json()
    assert (body["status"], body["base_version"], body["lock_version"]) == ("draft", 1, 1)
    assert body["concept"]["definition"]["nl"] == NEW_DEFINITION
    assert body["author"] == "editor@example.org"
    assert created.headers["Cache-Control"] == "no-store"
    replaced = put_definition(client, tokens("editor"), "= iets anders.")
    assert replaced.status_code == 200
    assert replaced.get_json()["lock_version"] == 2


def test_a_partial_body_keeps_the_other_fields(client: FlaskClient, tokens: Tokens) -> None:
    published = client.get(f"/api/v1/concepts/{SLUG}").get_json()
    body = put_definition(client, tokens("editor")).get_json()["concept"]
    assert body["pref_label"] == published["pref_label"]
    assert body["definition"]["en"] == published["definition"]["en"]["markdown"]


def test_a_get_answer_sent_back_is_a_valid_body(client: FlaskClient, tokens: Tokens) -> None:
    concept = client.get(f"/api/v1/concepts/{SLUG}").get_json()
    concept["definition"]["nl"]["markdown"] = NEW_DEFINITION
    concept["base_version"] = concept["version"]
    response = client.put(DRAFT, json=concept, headers=tokens("editor"))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["concept"]["definition"]["nl"] == NEW_DEFINITION


def test_the_author_reads_and_deletes_the_draft(client: FlaskClient, tokens: Tokens) -> None:
    put_definition(client, tokens("editor"))
    assert (
        client.get(DRAFT, headers=tokens("editor")).get_json()["concept"]["definition"]["nl"]
        == NEW_DEFINITION
    )
    assert client.delete(DRAFT, headers=tokens("editor")).status_code == 204
    assert client.get(DRAFT, headers=tokens("editor")).status_code == 404


def test_another_editor_does_not_see_a_draft_before_review(
    client: FlaskClient, tokens: Tokens
) -> None:
    put_definition(client, tokens("editor"))
    assert client.get(DRAFT, headers=tokens("editor2")).status_code == 404
    assert client.get("/api/v1/drafts", headers=tokens("editor2")).get_json()["drafts"] == []
    client.post(f"{DRAFT}/submit", headers=tokens("editor"))
    assert client.get(DRAFT, headers=tokens("editor2")).status_code == 200
    listed = client.get("/api/v1/drafts", headers=tokens("editor2")).get_json()
    assert [draft["id"] for draft in listed["drafts"]] == [SLUG]


def test_reviewers_list_every_draft(client: FlaskClient, tokens: Tokens) -> None:
    put_definition(client, tokens("editor"))
    listed = client.get("/api/v1/drafts", headers=tokens("reviewer")).get_json()
    assert (listed["total"], listed["drafts"][0]["status"]) == (1, "draft")


def test_a_draft_of_an_unknown_concept_is_404(client: FlaskClient, tokens: Tokens) -> None:
    body = {"definition": {"nl": "x"}, "base_version": 1}
    response = client.put(
        "/api/v1/concepts/no-such-concept/draft", json=body, headers=tokens("editor")
    )
    assert response.status_code == 404


# --- 422 -------------------------------------------------------------------------------------


def test_a_save_without_base_version_is_422_at_its_pointer(
    client: FlaskClient, tokens: Tokens
) -> None:
    response = client.put(DRAFT, json={"definition": {"nl": "x"}}, headers=tokens("editor"))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert pointers(response.get_json()) == ["/base_version"]


def test_a_value_of_the_wrong_shape_is_422_at_its_pointer(
    client: FlaskClient, tokens: Tokens
) -> None:
    body = {"pref_label": {"nl": 7}, "alt_labels": "x", "colour": "red", "base_version": 1}
    response = client.put(DRAFT, json=body, headers=tokens("editor"))
    assert response.status_code == 422
    assert sorted(pointers(response.get_json())) == ["/alt_labels", "/colour", "/pref_label/nl"]


def test_a_relation_to_nowhere_is_422_at_the_relation(client: FlaskClient, tokens: Tokens) -> None:
    body = {"related": ["no-such-concept"], "base_version": 1}
    response = client.put(DRAFT, json=body, headers=tokens("editor"))
    assert response.status_code == 422
    problem = response.get_json()["problems"][0]
    assert problem["pointer"] == "/related"
    assert "no-such-concept" in problem["detail"]


def test_a_label_another_concept_has_is_422_at_the_label(
    client: FlaskClient, tokens: Tokens
) -> None:
    other = client.get("/api/v1/concepts?per_page=2").get_json()["concepts"][1]
    taken = other["pref_label"]["nl"]
    body = {"pref_label": {"nl": taken}, "base_version": 1}
    response = client.put(DRAFT, json=body, headers=tokens("editor"))
    assert response.status_code == 422
    assert "/pref_label/nl" in pointers(response.get_json())


def test_a_body_that_is_no_json_is_400(client: FlaskClient, tokens: Tokens) -> None:
    response = client.put(
        DRAFT, data="{", headers=tokens("editor"), content_type="application/json"
    )
    assert response.status_code == 400


def test_a_body_that_does_not_parse_is_told_where_it_broke(
    client: FlaskClient, tokens: Tokens
) -> None:
    response = client.put(
        DRAFT,
        data='{"base_version": 1,\n "definition": }',
        headers=tokens("editor"),
        content_type="application/json",
    )
    problem = response.get_json()
    assert response.status_code == 400
    assert problem["detail"].startswith("the body is not valid JSON: Expecting value")
    assert (problem["line"], problem["column"]) == (2, 16)


def test_a_body_sent_as_another_type_is_told_to_be_json(
    client: FlaskClient, tokens: Tokens
) -> None:
    response = client.put(DRAFT, data="base_version=1", headers=tokens("editor"))
    assert response.status_code == 400
    assert "Content-Type: application/json" in response.get_json()["detail"]


# --- submit, approve, reject, 403 ---------------------------------------------------------


def test_a_reviewer_approves_and_the_concept_moves_to_version_2(
    client: FlaskClient, tokens: Tokens
) -> None:
    approved = publish(client, tokens)
    assert approved.status_code == 200
    assert approved.get_json()["version"] == 2
    concept = client.get(f"/api/v1/concepts/{SLUG}").get_json()
    assert concept["version"] == 2
    assert concept["definition"]["nl"]["markdown"] == NEW_DEFINITION
    listed = client.get("/api/v1/concepts?per_page=200").get_json()["concepts"]
    assert next(body["version"] for body in listed if body["id"] == SLUG) == 2
    assert client.get(DRAFT, headers=tokens("editor")).status_code == 404


def test_an_editor_may_not_approve(client: FlaskClient, tokens: Tokens) -> None:
    put_definition(client, tokens("editor"))
    client.post(f"{DRAFT}/submit", headers=tokens("editor"))
    response = client.post(f"{DRAFT}/approve", headers=tokens("editor2"))
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


def test_a_reviewer_may_not_approve_their_own_draft(client: FlaskClient, tokens: Tokens) -> None:
    put_definition(client, tokens("reviewer"))
    client.post(f"{DRAFT}/submit", headers=tokens("reviewer"))
    response = client.post(f"{DRAFT}/approve", headers=tokens("reviewer"))
    assert response.status_code == 403
    assert "author" in response.get_json()["detail"]
    assert client.post(f"{DRAFT}/approve", headers=tokens("reviewer2")).status_code == 200


def test_only_the_author_submits(client: FlaskClient, tokens: Tokens) -> None:
    put_definition(client, tokens("editor"))
    assert client.post(f"{DRAFT}/submit", headers=tokens("reviewer")).status_code == 403


def test_a_draft_not_in_review_cannot_be_approved(client: FlaskClient, tokens: Tokens) -> None:
    put_definition(client, tokens("editor"))
    assert client.post(f"{DRAFT}/approve", headers=tokens("reviewer")).status_code == 409


def test_a_rejection_needs_a_reason_and_returns_the_draft(
    client: FlaskClient, tokens: Tokens
) -> None:
    put_definition(client, tokens("editor"))
    client.post(f"{DRAFT}/submit", headers=tokens("editor"))
    missing = client.post(f"{DRAFT}/reject", json={}, headers=tokens("reviewer"))
    assert (missing.status_code, pointers(missing.get_json())) == (422, ["/reason"])
    rejected = client.post(
        f"{DRAFT}/reject", json={"reason": "te vaag"}, headers=tokens("reviewer")
    )
    assert rejected.status_code == 200
    assert (rejected.get_json()["status"], rejected.get_json()["reason"]) == ("rejected", "te vaag")
    assert (
        client.post(f"{DRAFT}/reject", json={"reason": "x"}, headers=tokens("editor")).status_code
        == 403
    )


def test_a_new_concept_is_created_as_a_draft(client: FlaskClient, tokens: Tokens) -> None:
    body = {
        "id": "nieuw-begrip",
        "pref_label": {"nl": "Nieuw begrip"},
        "definition": {"nl": "= iets nieuws."},
        "clusters": ["blended-werken"],
        "status": "accepted",
    }
    created = client.post("/api/v1/concepts", json=body, headers=tokens("editor"))
    assert created.status_code == 201, created.get_json()
    assert created.headers["Location"].endswith("/api/v1/concepts/nieuw-begrip/draft")
    assert created.get_json()["new"] is True
    assert client.get("/api/v1/concepts/nieuw-begrip").status_code == 404
    client.post("/api/v1/concepts/nieuw-begrip/draft/submit", headers=tokens("editor"))
    approved = client.post("/api/v1/concepts/nieuw-begrip/draft/approve", headers=tokens("admin"))
    assert approved.get_json()["version"] == 1
    assert client.get("/api/v1/concepts/nieuw-begrip").get_json()["version"] == 1


def test_a_new_concept_needs_an_id(client: FlaskClient, tokens: Tokens) -> None:
    response = client.post(
        "/api/v1/concepts", json={"pref_label": {"nl": "x"}}, headers=tokens("editor")
    )
    assert (response.status_code, pointers(response.get_json())) == (422, ["/id"])


def test_a_new_concept_may_not_take_an_existing_id(client: FlaskClient, tokens: Tokens) -> None:
    body = {"id": SLUG, "pref_label": {"nl": "Iets"}}
    response = client.post("/api/v1/concepts", json=body, headers=tokens("editor"))
    assert (response.status_code, pointers(response.get_json())) == (422, ["/id"])


# --- 409: two editors on one concept ---------------------------------------------------------


def test_two_editors_one_concept_the_second_gets_a_conflict_with_both_texts(
    client: FlaskClient, tokens: Tokens
) -> None:
    version = client.get(f"/api/v1/concepts/{SLUG}").get_json()["version"]
    assert publish(client, tokens, "= de tekst van de eerste.").status_code == 200
    response = put_definition(client, tokens("editor2"), "= de tekst van de tweede.", base=version)
    assert response.status_code == 409
    body = response.get_json()
    assert (body["base_version"], body["current_version"]) == (1, 2)
    assert body["mine"]["definition"]["nl"] == "= de tekst van de tweede."
    assert body["theirs"]["definition"]["nl"] == "= de tekst van de eerste."
    again = put_definition(client, tokens("editor2"), body["mine"]["definition"]["nl"], base=2)
    assert again.status_code == 201


def test_a_stale_lock_version_is_a_conflict(client: FlaskClient, tokens: Tokens) -> None:
    put_definition(client, tokens("editor"))
    put_definition(client, tokens("editor"), "= twee.", lock_version=1)
    response = put_definition(client, tokens("editor"), "= drie.", lock_version=1)
    assert (response.status_code, response.get_json()["lock_version"]) == (409, 2)


def test_another_editors_draft_is_not_overwritten_unnamed(
    client: FlaskClient, tokens: Tokens
) -> None:
    put_definition(client, tokens("editor"))
    assert put_definition(client, tokens("editor2"), "= mijn tekst.").status_code == 409


# --- history ---------------------------------------------------------------------------------


def test_the_history_lists_versions_with_a_word_diff(client: FlaskClient, tokens: Tokens) -> None:
    publish(client, tokens)
    response = client.get(f"/api/v1/concepts/{SLUG}/history")
    assert response.status_code == 200
    versions = response.get_json()["versions"]
    assert [(v["version"], v["change_note"]) for v in versions] == [(1, "import"), (2, "clearer")]
    assert versions[1]["published_at"] is not None
    operations = versions[1]["diff"]["definition@nl"]
    assert ["insert", NEW_DEFINITION.split()[-5] + " "] in operations or any(
        op == "insert" and NEW_WORD in text for op, text in operations
    )
    assert "author" not in versions[1]


def test_the_history_of_an_unknown_concept_is_404(client: FlaskClient) -> None:
    assert client.get("/api/v1/concepts/no-such-concept/history").status_code == 404


# --- drafts are never public -------------------------------------------------------------


def public_views(client: FlaskClient) -> dict[str, Any]:
    """What each public surface answers; search and suggest as JSON (they echo the query)."""
    uri = f"https://begrippen.opgroeien.be/id/begrip/{SLUG}"
    views = {
        "page": client.get(f"/begrip/{SLUG}"),
        "api": client.get(f"/api/v1/concepts/{SLUG}"),
        "listing": client.get("/api/v1/concepts?per_page=200"),
        "export": client.get("/export/begrippenkader.csv"),
        "search": client.get(f"/api/v1/search?q={NEW_WORD}"),
        "suggest": client.get(f"/api/v1/suggest?q={NEW_WORD[:8]}"),
        "embed": client.get(f"/embed/{SLUG}"),
        "skosmos": client.get(
            "/rest/v1/begrippenkader/data",
            query_string={"uri": uri, "format": "application/ld+json"},
        ),
    }
    for name, response in views.items():
        assert response.status_code == 200, name
    return {
        name: response.get_json()
        if name in ("search", "suggest")
        else response.get_data(as_text=True)
        for name, response in views.items()
    }


def test_a_draft_in_review_is_nowhere_public_until_approved(
    client: FlaskClient, tokens: Tokens
) -> None:
    body = {
        "definition": {"nl": NEW_DEFINITION},
        "alt_labels": {"nl": [NEW_WORD]},
        "base_version": 1,
    }
    assert client.put(DRAFT, json=body, headers=tokens("editor")).status_code == 201
    assert client.post(f"{DRAFT}/submit", headers=tokens("editor")).status_code == 200
    before = public_views(client)
    assert before["search"]["total"] == 0
    assert before["suggest"]["suggestions"] == []
    assert [name for name, text in before.items() if NEW_WORD in str(text)] == ["search"]
    assert [
        name for name in ("page", "api", "export", "embed") if OLD_WORD not in before[name]
    ] == []

    assert client.post(f"{DRAFT}/approve", headers=tokens("reviewer")).status_code == 200
    after = public_views(client)
    assert [name for name, text in after.items() if NEW_WORD not in str(text)] == []
    assert [hit["id"] for hit in after["search"]["results"]] == [SLUG]
