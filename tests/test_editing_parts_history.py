"""The history of clusters, sources and the scheme's texts (issue 14), as concepts have it:
public pages with dates, change notes and a word diff between any two versions, the
workspace's page with authors and "restore as draft", and the JSON history; and
`GET /api/v1/drafts` listing the drafts of every kind."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.accounts.models import Role
from glossary.editing import parts
from glossary.editing.part_json import CLUSTER
from glossary.models import db
from glossary.records import ClusterRecord
from tests.accounts import add_token, add_user, csrf_token, sign_in
from tests.conftest import SCHEME_ID
from tests.editing_parts import bearer_tokens

CLUSTER_DRAFT = "/api/v1/clusters/digitalisering/draft"
SOURCE_DRAFT = "/api/v1/sources/kennisdomein-2019/draft"
SCHEME_DRAFT = "/api/v1/scheme/draft"
XSS = '<script>alert("note")</script>'


@pytest.fixture
def tokens(app: Flask) -> dict[str, dict[str, str]]:
    return bearer_tokens(app, {"editor": Role.EDITOR, "reviewer": Role.REVIEWER})


def publish(
    client: FlaskClient, tokens: dict[str, dict[str, str]], path: str, body: dict[str, Any]
) -> None:
    saved = client.put(path, json=body, headers=tokens["editor"])
    assert saved.status_code in (200, 201), saved.get_json()
    assert client.post(f"{path}/submit", headers=tokens["editor"]).status_code == 200
    assert client.post(f"{path}/approve", headers=tokens["reviewer"]).status_code == 200


def rename_cluster(
    client: FlaskClient, tokens: dict[str, dict[str, str]], title: str, note: str = "clearer"
) -> None:
    body = {"title": {"nl": title}, "base_version": 1, "change_note": note}
    publish(client, tokens, CLUSTER_DRAFT, body)


def test_the_cluster_history_api_gives_versions_with_a_word_diff(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    rename_cluster(client, tokens, "digitalisering van de hulp")

    answer = client.get("/api/v1/clusters/digitalisering/history")

    assert answer.status_code == 200
    versions = answer.get_json()["versions"]
    assert [(v["version"], v["change_note"], v["removed"]) for v in versions] == [
        (1, "import", False),
        (2, "clearer", False),
    ]
    assert versions[1]["published_at"] is not None
    assert versions[1]["diff"] == {
        "title@nl": [["equal", "digitalisering"], ["insert", " van de hulp"]]
    }


def test_the_source_history_api_diffs_the_changed_field(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    publish(client, tokens, SOURCE_DRAFT, {"place": "Amsterdam", "base_version": 1})
    versions = client.get("/api/v1/sources/kennisdomein-2019/history").get_json()["versions"]
    assert versions[-1]["diff"] == {"place": [["insert", "Amsterdam"]]}


def test_the_scheme_history_api_lists_the_texts_versions(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    publish(client, tokens, SCHEME_DRAFT, {"title": {"nl": "Herzien kader"}, "base_version": 1})
    versions = client.get("/api/v1/scheme/history").get_json()["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert "title@nl" in versions[-1]["diff"]


def test_an_unknown_cluster_has_no_history(client: FlaskClient) -> None:
    answer = client.get("/api/v1/clusters/bestaat-niet/history")
    assert answer.status_code == 404
    assert answer.content_type == "application/problem+json"


def test_an_imported_cluster_has_its_import_as_version_one(client: FlaskClient) -> None:
    versions = client.get("/api/v1/clusters/digitalisering/history").get_json()["versions"]
    assert [(v["version"], v["change_note"]) for v in versions] == [(1, "import")]
    assert versions[0]["diff"]["title@nl"] == [["insert", "digitalisering"]]


def test_the_public_cluster_history_page_shows_the_diff_of_two_versions(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    rename_cluster(client, tokens, "digitale hulp")
    page = client.get("/cluster/digitalisering/geschiedenis?van=1&naar=2").get_data(as_text=True)
    assert "<del>digitalisering</del>" in page
    assert "<ins>digitale hulp</ins>" in page
    assert "clearer" in page


def test_the_public_history_names_no_authors(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    rename_cluster(client, tokens, "digitale hulp")
    page = client.get("/cluster/digitalisering/geschiedenis").get_data(as_text=True)
    assert "editor@example.org" not in page
    assert "reviewer@example.org" not in page


def test_the_cluster_page_links_to_its_history(client: FlaskClient) -> None:
    page = client.get("/cluster/digitalisering").get_data(as_text=True)
    assert 'href="/cluster/digitalisering/geschiedenis"' in page


def test_the_sources_page_links_to_each_source_history(client: FlaskClient) -> None:
    page = client.get("/bronnen").get_data(as_text=True)
    assert 'href="/bronnen/kennisdomein-2019/geschiedenis"' in page


def test_the_about_page_links_to_the_scheme_history(client: FlaskClient) -> None:
    page = client.get("/over").get_data(as_text=True)
    assert 'href="/over/geschiedenis"' in page
    assert client.get("/over/geschiedenis").status_code == 200


def test_a_script_in_a_change_note_is_inert_on_the_history_pages(
    app: Flask, client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    rename_cluster(client, tokens, "digitale hulp", note=XSS)
    public = client.get("/cluster/digitalisering/geschiedenis").get_data(as_text=True)
    sign_in(client, "reviewer@example.org")
    workspace = client.get("/beheer/clusters/digitalisering/geschiedenis").get_data(as_text=True)
    for page in (public, workspace):
        assert XSS not in page
        assert "&lt;script&gt;alert(" in page


def test_the_workspace_history_names_author_and_reviewer(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    rename_cluster(client, tokens, "digitale hulp")
    sign_in(client, "editor@example.org")
    page = client.get("/beheer/clusters/digitalisering/geschiedenis").get_data(as_text=True)
    assert "editor@example.org" in page
    assert "reviewer@example.org" in page


def test_restoring_an_old_version_makes_it_the_next_draft(
    app: Flask, client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    rename_cluster(client, tokens, "digitale hulp")
    sign_in(client, "editor@example.org")
    token = csrf_token(client, "/beheer/clusters/digitalisering/geschiedenis")

    answer = client.post("/beheer/clusters/digitalisering/herstellen/1", data={"csrf_token": token})

    assert answer.status_code == 303
    with app.app_context():
        draft = parts.find_part_draft(db.session(), SCHEME_ID, CLUSTER, "digitalisering")
    assert draft is not None
    assert draft.base_version == 2
    assert draft.change_note == "restore version 1"
    assert isinstance(draft.record, ClusterRecord)
    assert draft.record.titles["nl"] == "digitalisering"


def test_a_restore_without_the_csrf_token_is_refused(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    rename_cluster(client, tokens, "digitale hulp")
    sign_in(client, "editor@example.org")
    answer = client.post("/beheer/clusters/digitalisering/herstellen/1", data={})
    assert answer.status_code == 400


def test_the_scheme_history_has_a_workspace_page_with_restore(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    publish(client, tokens, SCHEME_DRAFT, {"title": {"nl": "Herzien kader"}, "base_version": 1})
    sign_in(client, "editor@example.org")
    page = client.get("/beheer/schema/geschiedenis").get_data(as_text=True)
    assert "/beheer/schema/herstellen/1" in page


# --- GET /api/v1/drafts: every kind -------------------------------------------------------


def test_the_drafts_list_holds_drafts_of_every_kind(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"title": {"nl": "nieuw"}, "base_version": 1}
    assert client.put(CLUSTER_DRAFT, json=body, headers=tokens["editor"]).status_code == 201
    concept = {"definition": {"nl": "= iets anders"}, "base_version": 1}
    put = client.put("/api/v1/concepts/roadmap/draft", json=concept, headers=tokens["editor"])
    assert put.status_code == 201

    listed = client.get("/api/v1/drafts", headers=tokens["editor"]).get_json()

    assert listed["total"] == 2
    assert {(d["kind"], d["id"]) for d in listed["drafts"]} == {
        ("cluster", "digitalisering"),
        ("concept", "roadmap"),
    }
    assert all({"status", "author", "updated_at"} <= d.keys() for d in listed["drafts"])


def test_the_drafts_list_filters_by_kind_and_status(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"title": {"nl": "nieuw"}, "base_version": 1}
    client.put(CLUSTER_DRAFT, json=body, headers=tokens["editor"])
    client.put(SOURCE_DRAFT, json={"place": "Gent", "base_version": 1}, headers=tokens["editor"])
    client.post(f"{SOURCE_DRAFT}/submit", headers=tokens["editor"])

    sources = client.get("/api/v1/drafts?kind=source", headers=tokens["reviewer"]).get_json()
    waiting = client.get("/api/v1/drafts?status=in_review", headers=tokens["reviewer"]).get_json()

    assert [d["id"] for d in sources["drafts"]] == ["kennisdomein-2019"]
    assert [d["kind"] for d in waiting["drafts"]] == ["source"]


def test_an_unknown_draft_kind_is_a_located_422(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    answer = client.get("/api/v1/drafts?kind=poem&status=done", headers=tokens["editor"])
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    assert [p["parameter"] for p in answer.get_json()["problems"]] == ["kind", "status"]


def test_an_editor_does_not_see_another_editors_part_draft(
    app: Flask, client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    add_user(app, "other@example.org", Role.EDITOR)
    other = {"Authorization": f"Bearer {add_token(app, 'other@example.org')}"}
    body = {"title": {"nl": "nieuw"}, "base_version": 1}
    client.put(CLUSTER_DRAFT, json=body, headers=tokens["editor"])
    assert client.get("/api/v1/drafts", headers=other).get_json()["total"] == 0
