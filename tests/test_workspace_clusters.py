"""The workspace's editors of clusters, sources and the scheme's texts (/beheer/clusters,
/beheer/bronnen, /beheer/schema): the concept editor's workflow through forms with CSRF,
the importer's problems at the fields, a conflict that keeps what was typed."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from glossary.accounts.models import Role
from tests.accounts import add_user, csrf_token, sign_in

EDITOR, OTHER, REVIEWER = "ed@example.org", "other@example.org", "rev@example.org"
CLUSTER_PAGE = "/beheer/clusters/digitalisering"
NEW_TITLE = "Zeppelinvaartclusters"


@pytest.fixture
def people(app: Flask) -> dict[str, FlaskClient]:
    clients = {}
    for email, role in ((EDITOR, Role.EDITOR), (OTHER, Role.EDITOR), (REVIEWER, Role.REVIEWER)):
        add_user(app, email, role)
        client = app.test_client()
        assert sign_in(client, email).status_code == 302
        clients[email] = client
    return clients


def form_values(client: FlaskClient, path: str) -> dict[str, str]:
    """Every field of the form as the page fills it in (what a browser would post)."""
    page = client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    form = text[text.index('class="concept-form"') :]
    form = form[: form.index("</form>")]
    values: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form):
        values[name] = html.unescape(value)
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        values[name] = html.unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        values[name] = chosen.group(1) if chosen else ""
    return values


def save(client: FlaskClient, path: str, **changes: str) -> TestResponse:
    values = form_values(client, path)
    values.update(changes)
    return client.post(path, data=values)


def act(client: FlaskClient, kind: str, key: str, action: str, **data: str) -> TestResponse:
    path = f"/beheer/ontwerp/{kind}/{key}/{action}"
    return client.post(path, data={"csrf_token": csrf_token(client), **data})


def test_the_lists_link_every_cluster_and_source_to_its_editor(
    people: dict[str, FlaskClient],
) -> None:
    clusters = people[EDITOR].get("/beheer/clusters").get_data(as_text=True)
    assert f'href="{CLUSTER_PAGE}"' in clusters and 'href="/beheer/clusters/nieuw"' in clusters
    sources = people[EDITOR].get("/beheer/bronnen").get_data(as_text=True)
    assert 'href="/beheer/bronnen/beelen-2022"' in sources


def test_the_dashboard_links_the_editors(people: dict[str, FlaskClient]) -> None:
    page = people[EDITOR].get("/beheer/").get_data(as_text=True)
    for path in ("/beheer/clusters", "/beheer/bronnen", "/beheer/schema"):
        assert f'href="{path}"' in page


def test_a_renamed_cluster_is_public_only_after_a_reviewer_approves(
    people: dict[str, FlaskClient], client: FlaskClient
) -> None:
    saved = save(people[EDITOR], CLUSTER_PAGE, **{"title@nl": NEW_TITLE})
    assert saved.status_code == 303
    assert NEW_TITLE not in client.get("/cluster/digitalisering").get_data(as_text=True)
    assert act(people[EDITOR], "cluster", "digitalisering", "indienen").status_code == 303
    waiting = people[REVIEWER].get("/beheer/").get_data(as_text=True)
    assert f'href="{CLUSTER_PAGE}"' in waiting

    assert act(people[REVIEWER], "cluster", "digitalisering", "goedkeuren").status_code == 303

    assert NEW_TITLE in client.get("/cluster/digitalisering").get_data(as_text=True)


def test_the_author_cannot_approve_and_an_editor_cannot_approve(
    people: dict[str, FlaskClient],
) -> None:
    save(people[EDITOR], CLUSTER_PAGE, **{"title@nl": NEW_TITLE})
    act(people[EDITOR], "cluster", "digitalisering", "indienen")
    assert act(people[OTHER], "cluster", "digitalisering", "goedkeuren").status_code == 403
    page = people[EDITOR].get(CLUSTER_PAGE).get_data(as_text=True)
    assert "goedkeuren" not in page


def test_saving_without_the_csrf_token_is_refused(people: dict[str, FlaskClient]) -> None:
    values = form_values(people[EDITOR], CLUSTER_PAGE)
    values.pop("csrf_token")
    assert people[EDITOR].post(CLUSTER_PAGE, data=values).status_code == 400
    assert "draft" not in people[EDITOR].get("/beheer/clusters").get_data(as_text=True)


def test_an_empty_scheme_title_is_refused_at_its_field(people: dict[str, FlaskClient]) -> None:
    refused = save(people[EDITOR], "/beheer/schema", **{"title@nl": ""})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="title-nl-error"' in page and "the scheme needs a title" in page


def test_the_scheme_title_is_edited_through_review(
    people: dict[str, FlaskClient], client: FlaskClient
) -> None:
    assert (
        save(people[EDITOR], "/beheer/schema", **{"title@nl": "Herzien kader"}).status_code == 303
    )
    assert "Herzien kader" not in client.get("/").get_data(as_text=True)
    act(people[EDITOR], "scheme", "x", "indienen")
    assert act(people[REVIEWER], "scheme", "x", "goedkeuren").status_code == 303
    assert "Herzien kader" in client.get("/").get_data(as_text=True)


def test_a_source_with_a_bad_url_is_refused_at_its_field(people: dict[str, FlaskClient]) -> None:
    refused = save(people[EDITOR], "/beheer/bronnen/beelen-2022", url="javascript:alert(1)")
    assert refused.status_code == 422
    assert 'id="url-error"' in refused.get_data(as_text=True)


def test_a_new_cluster_cannot_take_an_existing_id(people: dict[str, FlaskClient]) -> None:
    refused = save(
        people[EDITOR], "/beheer/clusters/nieuw", id="digitalisering", **{"title@nl": "x"}
    )
    assert refused.status_code == 422
    assert 'id="id-error"' in refused.get_data(as_text=True)


def test_a_new_source_is_drafted_and_listed(people: dict[str, FlaskClient]) -> None:
    fields = {"id": "nieuwe-bron", "citation": "Nieuw, 2026", "entry": "Nieuw (2026). Titel."}
    saved = save(people[EDITOR], "/beheer/bronnen/nieuw", **fields)
    assert saved.status_code == 303
    assert saved.headers["Location"].startswith("/beheer/bronnen/nieuwe-bron")
    assert "nieuwe-bron" in people[EDITOR].get("/beheer/bronnen").get_data(as_text=True)


def test_a_conflict_shows_both_texts_and_keeps_what_was_typed(
    people: dict[str, FlaskClient],
) -> None:
    stale = form_values(people[OTHER], CLUSTER_PAGE)
    save(people[EDITOR], CLUSTER_PAGE, **{"title@nl": "eerste"})
    act(people[EDITOR], "cluster", "digitalisering", "indienen")
    act(people[REVIEWER], "cluster", "digitalisering", "goedkeuren")

    refused = people[OTHER].post(CLUSTER_PAGE, data={**stale, "title@nl": "tweede"})

    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert 'class="conflict-theirs">eerste<' in page
    assert 'class="conflict-mine">tweede<' in page
    assert 'value="tweede"' in page


def test_a_script_in_a_title_is_inert_in_the_workspace(people: dict[str, FlaskClient]) -> None:
    payload = "<script>alert(1)</script>"
    save(people[EDITOR], CLUSTER_PAGE, **{"title@nl": payload})
    for path in (CLUSTER_PAGE, "/beheer/"):
        page = people[EDITOR].get(path).get_data(as_text=True)
        assert payload not in page
