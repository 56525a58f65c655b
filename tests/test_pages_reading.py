"""Reading a concept page without clutter: no source markers, no repeated synonyms, light
cross-links, a readable URI, consistent cluster names, an honest date, a clean breadcrumb and
readable bibliography addresses. The data itself stays as the source has it."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml.html import HtmlElement
from sqlalchemy import select

from glossary.models import Concept, db
from tests.small_framework import import_concepts
from tests.test_i18n import compiled_catalogs  # noqa: F401  (autouse fixture)


def page(client: FlaskClient, url: str, ui: str = "nl") -> HtmlElement:
    response = client.get(url, headers={"Accept-Language": ui})
    assert response.status_code == 200
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def note_text(tree: HtmlElement, kind: str) -> str:
    (section,) = tree.find_class(f"note--{kind}")
    return " ".join(section.find_class("note-text")[0].text_content().split())


def test_a_definition_is_shown_without_the_sources_leading_marker(client: FlaskClient) -> None:
    definition = note_text(page(client, "/begrip/blended-hulpverlening"), "definition")
    assert definition.startswith("de combinatie van offline/face-to-face")


def test_the_data_keeps_the_marker(client: FlaskClient) -> None:
    body = client.get("/api/v1/concepts/blended-hulpverlening").get_json()
    assert body["definition"]["nl"]["text"].startswith("= de combinatie")


def test_the_page_description_has_no_marker(client: FlaskClient) -> None:
    tree = page(client, "/begrip/blended-hulpverlening")
    (description,) = tree.xpath("//meta[@name='description']/@content")
    assert description.startswith("de combinatie")


def test_synonyms_listed_under_also_called_are_not_repeated_in_the_scope_note(
    client: FlaskClient,
) -> None:
    tree = page(client, "/begrip/onlinehulpverlening")
    also_called = tree.find_class("alt-labels")[0].text_content()
    assert "e-zorg" in also_called and "virtuele hulp" in also_called
    scope = note_text(tree, "scope_note")
    assert "e-zorg" not in scope
    assert scope.startswith("… waar ontwikkelingen en vernieuwingen plaats vinden")


def test_the_english_scope_note_drops_the_same_list(client: FlaskClient) -> None:
    scope = note_text(page(client, "/begrip/onlinehulpverlening?lang=en", "en"), "scope_note")
    assert scope.startswith("… wherever developments")


def test_a_concept_mentioned_several_times_is_linked_once_per_definition(
    client: FlaskClient,
) -> None:
    (section,) = page(client, "/begrip/blended-hulpverlening").find_class("note--definition")
    targets = Counter(link.get("data-concept") for link in section.find_class("crosslink"))
    assert targets
    assert max(targets.values()) == 1


def test_the_uri_may_break_after_its_slashes_only(client: FlaskClient) -> None:
    tree = page(client, "/begrip/mediawijsheid")
    code = tree.get_element_by_id("concept-uri")
    assert code.text_content() == "https://begrippen.opgroeien.be/id/begrip/mediawijsheid"
    # after "://" and after each slash of the path: never inside a word
    assert len(code.xpath(".//wbr")) == 4


def cluster_names(tree: HtmlElement) -> list[str]:
    found = tree.xpath(
        "//a[contains(@href, '/cluster/')] | //select[@name='cluster']/option[@value!='']"
    )
    return [" ".join(element.text_content().split()) for element in found]


@pytest.mark.parametrize(
    "url", ["/", "/begrip/mediawijsheid", "/cluster/digitalisering", "/zoeken?q=media"]
)
def test_cluster_names_are_capitalised_everywhere(client: FlaskClient, url: str) -> None:
    names = [name for name in cluster_names(page(client, url)) if name]
    assert names
    assert all(name[0].isupper() for name in names), names


def test_the_last_breadcrumb_is_the_current_page_not_a_link(client: FlaskClient) -> None:
    for url in ("/begrip/mediawijsheid", "/cluster/digitalisering"):
        (crumbs,) = page(client, url).find_class("breadcrumb")
        last = crumbs.xpath(".//li")[-1]
        assert last.xpath(".//a") == []
        assert last.xpath(".//*[@aria-current='page']")


def test_a_bibliography_address_is_shown_in_unicode_and_linked_as_is(client: FlaskClient) -> None:
    tree = page(client, "/bronnen")
    (link,) = tree.xpath("//a[contains(@href, 'xn--ngezin-nplan-9dbaha')]")
    assert link.get("href") == "https://www.xn--ngezin-nplan-9dbaha.be/#/"
    assert link.text_content() == "https://www.ééngezin-éénplan.be/#/"


def test_last_changed_is_when_the_text_changed_not_a_later_import(app: Flask, tmp_path) -> None:
    """A re-import that leaves a concept's record as it was keeps its date, even when it
    touches what the concept shows of others."""
    with app.app_context():
        concept = db.session.scalars(select(Concept).where(Concept.slug == "mediawijsheid")).one()
        concept.content_changed_at = datetime(2023, 3, 14, tzinfo=UTC)
        concept.modified_at = datetime(2026, 12, 1, tzinfo=UTC)
        db.session.commit()
    from glossary.services.revision import bump_revision

    with app.app_context():
        bump_revision(db.session)
        db.session.commit()
    tree = page(app.test_client(), "/begrip/mediawijsheid", "en")
    (time,) = tree.xpath("//p[@class='modified']/time")
    assert time.get("datetime") == "2023-03-14"


def test_an_import_renaming_a_related_concept_leaves_the_others_text_date(
    empty_app: Flask, tmp_path
) -> None:
    columns = ("id", "clusters", "pref_label@nl", "definition@nl", "related")
    first = [
        {
            "id": "a",
            "clusters": "digitalisering",
            "pref_label@nl": "A",
            "definition@nl": "Een.",
            "related": "b",
        },
        {"id": "b", "clusters": "digitalisering", "pref_label@nl": "B", "definition@nl": "Twee."},
    ]
    import_concepts(empty_app, tmp_path / "first", first, columns)
    with empty_app.app_context():
        before = db.session.scalars(select(Concept).where(Concept.slug == "a")).one()
        text_date, modified = before.content_changed_at, before.modified_at
    renamed = [first[0], {**first[1], "pref_label@nl": "Bee"}]
    import_concepts(empty_app, tmp_path / "second", renamed, columns)
    with empty_app.app_context():
        after = db.session.scalars(select(Concept).where(Concept.slug == "a")).one()
        assert after.modified_at > modified  # partners' copies show the new name
        assert after.content_changed_at == text_date  # its own text did not change
