"""What's new (issue 15): /nieuw lists the publications of the last months newest first,
each with its kind and a link to its diff; Skosmos `new` and `modified` answer from the same
published versions. Changes go through the real workflow (save, submit, approve by another
person); nothing of a draft shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from glossary.services.whats_new import PublicationKind, change_kind
from tests.small_framework import import_concepts
from tests.whats_new_helpers import (
    add_editors,
    age_publications,
    publish,
    save,
    with_definition,
)

SLUG = "mediawijsheid"
OTHER = "digitaal-dossier"
BASE = "https://begrippen.opgroeien.be/id/begrip/"
ITEM = re.compile(r'<li class="whats-new-item whats-new--(\w+)">(.*?)</li>', re.DOTALL)


@pytest.fixture
def editors(app: Flask) -> Flask:
    add_editors(app)
    return app


def items(client: FlaskClient, path: str = "/nieuw") -> list[tuple[str, str]]:
    response = client.get(path)
    assert response.status_code == 200
    return ITEM.findall(response.get_data(as_text=True))


def test_a_published_change_is_first_on_the_page_with_its_note_and_diff(
    editors: Flask, client: FlaskClient
) -> None:
    publish(editors, SLUG, "clearer wording", notes=with_definition(editors, SLUG, "= Nieuw."))
    kind, body = items(client)[0]
    assert kind == "changed"
    assert "Mediawijsheid" in body and "clearer wording" in body
    assert f'href="/begrip/{SLUG}/geschiedenis?van=1&amp;naar=2#diff-title"' in body


def test_the_diff_link_shows_the_changed_definition(editors: Flask, client: FlaskClient) -> None:
    publish(editors, SLUG, "clearer", notes=with_definition(editors, SLUG, "= Zeer nieuw."))
    history = client.get(f"/begrip/{SLUG}/geschiedenis?van=1&naar=2").get_data(as_text=True)
    assert "<ins>" in history and "Zeer" in history


def test_the_bundled_concepts_are_listed_as_new(client: FlaskClient) -> None:
    first = items(client)
    assert first and {kind for kind, _ in first} == {"new"}


def test_newest_first_across_publications(editors: Flask, client: FlaskClient) -> None:
    publish(editors, SLUG, "first change", notes=with_definition(editors, SLUG, "= Een."))
    publish(editors, OTHER, "second change", notes=with_definition(editors, OTHER, "= Twee."))
    page = client.get("/nieuw").get_data(as_text=True)
    assert page.index("second change") < page.index("first change")
    moments = re.findall(r'<time datetime="([^"]+)"', page)
    assert moments == sorted(moments, reverse=True)


def test_a_draft_not_yet_approved_is_nowhere(editors: Flask, client: FlaskClient) -> None:
    save(editors, SLUG, "secret draft note", notes=with_definition(editors, SLUG, "= Geheim."))
    for path in ("/nieuw", "/nieuw.atom", "/rest/v1/begrippenkader/modified"):
        text = client.get(path).get_data(as_text=True)
        assert "secret draft note" not in text and "Geheim" not in text, path


def test_a_retired_status_is_listed_as_retired(editors: Flask, client: FlaskClient) -> None:
    publish(editors, SLUG, "no longer used", status="retired")
    kind, body = items(client)[0]
    assert kind == "retired"
    assert "no longer used" in body


@pytest.mark.parametrize(
    ("before", "status", "kind"),
    [
        (None, "accepted", PublicationKind.NEW),
        ("accepted", "accepted", PublicationKind.CHANGED),
        ("valid", "replaced", PublicationKind.REPLACED),
        ("valid", "retired", PublicationKind.RETIRED),
        ("accepted", "deprecated", PublicationKind.RETIRED),
        ("retired", "retired", PublicationKind.CHANGED),
        ("replaced", "replaced", PublicationKind.CHANGED),
    ],
)
def test_the_kind_of_a_change_follows_the_status(
    before: str | None, status: str, kind: PublicationKind
) -> None:
    assert change_kind(before, status) is kind


def test_publications_older_than_the_window_are_left_out(
    editors: Flask, client: FlaskClient
) -> None:
    age_publications(editors, days=7 * 30)
    publish(editors, SLUG, "recent change", notes=with_definition(editors, SLUG, "= Recent."))
    listed = items(client)
    assert len(listed) == 1 and "recent change" in listed[0][1]


def test_the_window_is_configurable(editors: Flask, client: FlaskClient) -> None:
    age_publications(editors, days=7 * 30)
    editors.config["GLOSSARY_NEW_MONTHS"] = 12
    assert len(items(client)) > 1


def test_pages_of_25_cover_every_publication_once(client: FlaskClient) -> None:
    first, second = items(client), items(client, "/nieuw?pagina=2")
    assert len(first) == 25 and 0 < len(second) <= 25
    assert not {body for _, body in first} & {body for _, body in second}
    assert 'rel="next"' in client.get("/nieuw").get_data(as_text=True)


def test_a_page_past_the_end_is_not_found(client: FlaskClient) -> None:
    assert client.get("/nieuw?pagina=99").status_code == 404


def test_a_malformed_page_number_is_a_bad_request(client: FlaskClient) -> None:
    assert client.get("/nieuw?pagina=x").status_code == 400


def test_the_page_is_in_english_on_request(client: FlaskClient) -> None:
    english = client.get("/nieuw?ui=en").get_data(as_text=True)
    dutch = client.get("/nieuw?ui=nl").get_data(as_text=True)
    assert "<h1>What's new</h1>" in english and "New term" in english
    assert "<h1>Nieuw</h1>" in dutch and "Nieuw begrip" in dutch


def test_the_navigation_and_the_home_page_link_to_it(client: FlaskClient) -> None:
    home = client.get("/").get_data(as_text=True)
    assert 'href="/nieuw"' in home
    assert '<link rel="alternate" type="application/atom+xml" href="/nieuw.atom"' in home


def test_the_page_carries_revision_validators(client: FlaskClient) -> None:
    response = client.get("/nieuw")
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    again = client.get("/nieuw", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_publication_changes_the_etag(editors: Flask, client: FlaskClient) -> None:
    before = client.get("/nieuw").headers["ETag"]
    publish(editors, SLUG, "clearer", notes=with_definition(editors, SLUG, "= Anders."))
    assert client.get("/nieuw").headers["ETag"] != before


# --- Skosmos new and modified --------------------------------------------------------------


def changes(client: FlaskClient, route: str, **params: str) -> list[dict[str, str]]:
    response = client.get(f"/rest/v1/begrippenkader/{route}", query_string=params)
    assert response.status_code == 200, response.get_json()
    listed: list[dict[str, str]] = response.get_json()["changeList"]
    return listed


def test_modified_lists_a_published_change_first(editors: Flask, client: FlaskClient) -> None:
    publish(editors, SLUG, "clearer", notes=with_definition(editors, SLUG, "= Anders."))
    first = changes(client, "modified", lang="en")[0]
    assert first["uri"] == BASE + SLUG and first["prefLabel"] == "Media literacy"


def test_modified_lists_each_concept_once(editors: Flask, client: FlaskClient) -> None:
    publish(editors, SLUG, "one", notes=with_definition(editors, SLUG, "= Een."))
    publish(editors, SLUG, "two", notes=with_definition(editors, SLUG, "= Twee."))
    listed = [entry["uri"] for entry in changes(client, "modified")]
    assert listed.count(BASE + SLUG) == 1 and len(listed) == len(set(listed))


def test_new_does_not_list_a_change(editors: Flask, client: FlaskClient) -> None:
    before = changes(client, "new")
    publish(editors, SLUG, "clearer", notes=with_definition(editors, SLUG, "= Anders."))
    assert changes(client, "new") == before


def test_new_and_modified_agree_with_the_page_on_the_date(
    editors: Flask, client: FlaskClient
) -> None:
    publish(editors, SLUG, "clearer", notes=with_definition(editors, SLUG, "= Anders."))
    page = client.get("/nieuw").get_data(as_text=True)
    shown = re.search(r'<time datetime="([^"]+)"', page)
    assert shown is not None
    assert changes(client, "modified")[0]["date"][:19] == shown.group(1)[:19]


def test_new_pages_with_offset_and_limit(client: FlaskClient) -> None:
    every = changes(client, "new", limit="1000")
    assert changes(client, "new", limit="5", offset="5") == every[5:10]


def test_a_bad_limit_is_a_bad_request(client: FlaskClient) -> None:
    response = client.get("/rest/v1/begrippenkader/new?limit=0")
    assert response.status_code == 400


def test_a_page_of_a_thousand_changed_concepts_is_answered(
    empty_app: Flask, tmp_path: Path
) -> None:
    # The kind of each entry needs the version before it: for 1000 entries one condition
    # per entry would be deeper than SQLite allows (1000), so this is one flat row-value IN.
    def rows(definition: str) -> list[dict[str, str]]:
        return [
            {
                "id": f"begrip-{number}",
                "clusters": "blended-werken",
                "pref_label@nl": f"Begrip {number}",
                "definition@nl": f"{definition} {number}.",
            }
            for number in range(1000)
        ]

    import_concepts(empty_app, tmp_path / "first", rows("Eerst"))
    import_concepts(empty_app, tmp_path / "second", rows("Daarna"))
    listed = changes(empty_app.test_client(), "modified", limit="1000")
    assert len(listed) == 1000
    page = empty_app.test_client().get("/nieuw")
    assert ITEM.findall(page.get_data(as_text=True))[0][0] == "changed"


def test_another_window_is_another_etag(app: Flask, client: FlaskClient) -> None:
    # The window moves with the day while the data revision stays: a cached page must not
    # be revalidated as current once a publication has left the window.
    six = client.get("/nieuw").headers["ETag"]
    app.config["GLOSSARY_NEW_MONTHS"] = 12
    assert client.get("/nieuw", headers={"If-None-Match": six}).status_code == 200


def test_a_replacement_names_its_successor_by_its_label(
    editors: Flask, client: FlaskClient
) -> None:
    publish(editors, SLUG, "merged", status="replaced", replaced_by=("e-inclusie",))
    kind, body = items(client)[0]
    assert kind == "replaced"
    assert '<a href="/begrip/e-inclusie" lang="nl">e-Inclusie</a>' in body
