"""Drafts of clusters, sources and the scheme's texts over JSON (issue 14): the concept
draft routes' answers (401/403/409/422 as problem+json) for every kind, and a draft never
public: the cluster page shows the published title until a reviewer approves."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.accounts.models import Role
from tests.editing_parts import bearer_tokens

CLUSTER = "/api/v1/clusters/digitalisering/draft"
SOURCE = "/api/v1/sources/beelen-2022/draft"
SCHEME = "/api/v1/scheme/draft"
NEW_TITLE = "Zeppelinvaartclusters"


@pytest.fixture
def tokens(app: Flask) -> dict[str, dict[str, str]]:
    accounts = {"editor": Role.EDITOR, "reviewer": Role.REVIEWER, "reviewer2": Role.REVIEWER}
    return bearer_tokens(app, accounts)


def review(client: FlaskClient, tokens: dict[str, dict[str, str]], path: str) -> Any:
    assert client.post(f"{path}/submit", headers=tokens["editor"]).status_code == 200
    return client.post(f"{path}/approve", headers=tokens["reviewer"])


def pointers(response: Any) -> list[str]:
    assert response.status_code == 422, response.get_json()
    assert response.content_type == "application/problem+json"
    return [problem["pointer"] for problem in response.get_json()["problems"]]


def test_a_renamed_cluster_shows_on_its_page_only_after_approval(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"title": {"nl": NEW_TITLE}, "base_version": 1, "change_note": "clearer"}
    saved = client.put(CLUSTER, json=body, headers=tokens["editor"])
    assert saved.status_code == 201
    assert saved.get_json()["cluster"]["title"]["nl"] == NEW_TITLE
    assert NEW_TITLE not in client.get("/cluster/digitalisering").get_data(as_text=True)
    assert client.post(f"{CLUSTER}/submit", headers=tokens["editor"]).status_code == 200
    assert NEW_TITLE not in client.get("/cluster/digitalisering").get_data(as_text=True)

    approved = client.post(f"{CLUSTER}/approve", headers=tokens["reviewer"])

    assert approved.status_code == 200
    assert approved.get_json()["version"] == 2
    assert NEW_TITLE in client.get("/cluster/digitalisering").get_data(as_text=True)
    api_title = client.get("/api/v1/clusters/digitalisering?lang=nl").get_json()["title"]
    assert NEW_TITLE in str(api_title)


def test_a_draft_is_not_readable_without_a_token(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    client.put(
        CLUSTER, json={"title": {"nl": NEW_TITLE}, "base_version": 1}, headers=tokens["editor"]
    )
    refused = client.get(CLUSTER)
    assert refused.status_code == 401
    assert refused.content_type == "application/problem+json"


def test_a_new_cluster_is_drafted_under_a_free_id(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    path = "/api/v1/clusters/nieuw-cluster/draft"
    saved = client.put(path, json={"title": {"nl": "nieuw"}}, headers=tokens["editor"])
    assert saved.status_code == 201 and saved.get_json()["new"] is True
    assert review(client, tokens, path).status_code == 200
    assert client.get("/api/v1/clusters/nieuw-cluster").status_code == 200


def test_a_new_cluster_without_a_title_is_refused_at_the_field(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    refused = client.put("/api/v1/clusters/leeg/draft", json={}, headers=tokens["editor"])
    assert pointers(refused) == ["/id"]
    assert "title" in refused.get_json()["problems"][0]["detail"]


def test_a_save_without_base_version_says_the_version_now(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    refused = client.put(CLUSTER, json={"title": {"nl": "x"}}, headers=tokens["editor"])
    assert pointers(refused) == ["/base_version"]
    assert "(1)" in refused.get_json()["problems"][0]["detail"]


def test_a_stale_save_is_a_conflict_with_both_texts(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    client.put(
        CLUSTER, json={"title": {"nl": "eerste"}, "base_version": 1}, headers=tokens["editor"]
    )
    review(client, tokens, CLUSTER)
    stale = {"title": {"nl": "tweede"}, "base_version": 1}
    conflict = client.put(CLUSTER, json=stale, headers=tokens["reviewer2"])
    assert conflict.status_code == 409
    body = conflict.get_json()
    assert body["mine"]["title"]["nl"] == "tweede"
    assert body["theirs"]["title"]["nl"] == "eerste"
    assert (body["base_version"], body["current_version"]) == (1, 2)


def test_the_author_cannot_approve_their_own_draft(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    client.put(SOURCE, json={"place": "Antwerpen", "base_version": 1}, headers=tokens["reviewer"])
    client.post(f"{SOURCE}/submit", headers=tokens["reviewer"])
    refused = client.post(f"{SOURCE}/approve", headers=tokens["reviewer"])
    assert refused.status_code == 403
    assert refused.content_type == "application/problem+json"


def test_an_editor_cannot_approve(client: FlaskClient, tokens: dict[str, dict[str, str]]) -> None:
    client.put(SOURCE, json={"place": "Antwerpen", "base_version": 1}, headers=tokens["editor"])
    client.post(f"{SOURCE}/submit", headers=tokens["editor"])
    assert client.post(f"{SOURCE}/approve", headers=tokens["editor"]).status_code == 403


def test_a_source_is_edited_through_review(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    saved = client.put(
        SOURCE, json={"place": "Antwerpen", "base_version": 1}, headers=tokens["editor"]
    )
    assert saved.get_json()["source"]["place"] == "Antwerpen"
    assert review(client, tokens, SOURCE).get_json()["version"] == 2


def test_a_source_with_a_script_url_is_refused_at_the_field(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"url": "javascript:alert(1)", "base_version": 1}
    assert pointers(client.put(SOURCE, json=body, headers=tokens["editor"])) == ["/url"]


def test_a_source_field_of_the_wrong_shape_is_located(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"title": ["a"], "colour": "red", "base_version": 1}
    found = pointers(client.put(SOURCE, json=body, headers=tokens["editor"]))
    assert sorted(found) == ["/colour", "/title"]


def test_the_scheme_title_is_edited_through_review(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"title": {"nl": "Begrippenkader (herzien)"}, "base_version": 1}
    saved = client.put(SCHEME, json=body, headers=tokens["editor"])
    assert saved.status_code == 201, saved.get_json()
    assert review(client, tokens, SCHEME).status_code == 200
    schemes = client.get("/api/v1/schemes?lang=nl").get_json()["schemes"]
    assert "Begrippenkader (herzien)" in str(schemes[0])


def test_an_empty_scheme_title_is_refused_at_the_field(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"title": {"nl": ""}, "base_version": 1}
    assert pointers(client.put(SCHEME, json=body, headers=tokens["editor"])) == ["/title/nl"]


def test_a_rejection_needs_a_reason(client: FlaskClient, tokens: dict[str, dict[str, str]]) -> None:
    client.put(SCHEME, json={"title": {"nl": "x"}, "base_version": 1}, headers=tokens["editor"])
    client.post(f"{SCHEME}/submit", headers=tokens["editor"])
    assert pointers(client.post(f"{SCHEME}/reject", json={}, headers=tokens["reviewer"])) == [
        "/reason"
    ]
    rejected = client.post(
        f"{SCHEME}/reject", json={"reason": "te vaag"}, headers=tokens["reviewer"]
    )
    assert rejected.get_json()["status"] == "rejected"


def test_a_script_in_a_cluster_title_is_inert_on_the_public_pages(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.put(
        CLUSTER, json={"title": {"nl": payload}, "base_version": 1}, headers=tokens["editor"]
    )
    assert review(client, tokens, CLUSTER).status_code == 200
    for page in ("/cluster/digitalisering", "/"):
        html = client.get(page).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_deleting_a_draft_leaves_the_published_cluster(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    client.put(CLUSTER, json={"title": {"nl": "weg"}, "base_version": 1}, headers=tokens["editor"])
    assert client.delete(CLUSTER, headers=tokens["editor"]).status_code == 204
    assert client.get(CLUSTER, headers=tokens["editor"]).status_code == 404
