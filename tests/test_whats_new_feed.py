"""The Atom feed of what's new (/nieuw.atom): valid Atom 1.0 (RFC 4287's RELAX NG schema,
tests/data/atom/atom.rng, and the rules of its Schematron part), absolute addresses from
GLOSSARY_PUBLIC_URL never the Host header, stable entry ids, plain-text content."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from tests.conftest import TEST_DATA
from tests.whats_new_helpers import add_editors, publish, with_definition

ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"a": "http://www.w3.org/2005/Atom"}
SLUG = "mediawijsheid"


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(TEST_DATA / "atom" / "atom.rng")))


@pytest.fixture
def editors(app: Flask) -> Flask:
    add_editors(app)
    return app


def feed(client: FlaskClient, **headers: str) -> etree._Element:
    response = client.get("/nieuw.atom", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return etree.fromstring(response.data)


def schematron_problems(root: etree._Element) -> list[str]:
    """The constraints RFC 4287 states in Schematron and prose (4.1.1, 4.1.2, 4.2.6)."""
    problems = []
    entries = root.findall(f"{ATOM}entry")
    if root.find(f"{ATOM}author") is None and any(
        entry.find(f"{ATOM}author") is None for entry in entries
    ):
        problems.append("a feed without an author needs one in every entry")
    for element in [root, *entries]:
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) != len(set(alternates)):
            problems.append("two alternate links with the same type and hreflang")
    for entry in entries:
        content = entry.find(f"{ATOM}content")
        if content is None and not entry.xpath(
            "a:link[@rel='alternate' or not(@rel)]", namespaces=NS
        ):
            problems.append("an entry without content needs an alternate link")
        if content is None and entry.find(f"{ATOM}summary") is None:
            problems.append("an entry without content needs a summary")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    if len(ids) != len(set(ids)):
        problems.append("entry ids repeat")
    for uri in [root.findtext(f"{ATOM}id"), *ids]:
        if not uri or ":" not in uri:
            problems.append(f"id {uri!r} is not an absolute IRI")
    return problems


def test_the_feed_is_valid_atom(client: FlaskClient, atom_schema: etree.RelaxNG) -> None:
    root = feed(client)
    assert atom_schema.validate(root), atom_schema.error_log
    assert schematron_problems(root) == []


def test_the_schema_rejects_a_feed_without_an_id(
    client: FlaskClient, atom_schema: etree.RelaxNG
) -> None:
    root = feed(client)
    root.remove(root.find(f"{ATOM}id"))
    assert not atom_schema.validate(root)


def test_the_schema_rejects_a_malformed_date(
    client: FlaskClient, atom_schema: etree.RelaxNG
) -> None:
    root = feed(client)
    root.find(f"{ATOM}entry/{ATOM}updated").text = "yesterday"
    assert not atom_schema.validate(root)


def test_a_published_change_is_the_first_entry(editors: Flask, client: FlaskClient) -> None:
    publish(editors, SLUG, "clearer wording", notes=with_definition(editors, SLUG, "= Nieuw."))
    entry = feed(client).find(f"{ATOM}entry")
    assert entry is not None
    assert "Mediawijsheid" in entry.findtext(f"{ATOM}title", "")
    assert "clearer wording" in entry.findtext(f"{ATOM}content", "")
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://localhost/begrip/{SLUG}/geschiedenis?van=1&naar=2#diff-title"


def test_entries_are_newest_first_and_updated_is_the_publication(
    editors: Flask, client: FlaskClient
) -> None:
    publish(editors, SLUG, "one", notes=with_definition(editors, SLUG, "= Een."))
    root = feed(client)
    moments = [
        datetime.fromisoformat(text)
        for text in root.xpath("a:entry/a:updated/text()", namespaces=NS)
    ]
    assert moments == sorted(moments, reverse=True)
    assert datetime.fromisoformat(root.findtext(f"{ATOM}updated", "")) == moments[0]


def test_entry_ids_stay_the_same_after_later_changes(editors: Flask, client: FlaskClient) -> None:
    publish(editors, SLUG, "one", notes=with_definition(editors, SLUG, "= Een."))
    first = feed(client).findtext(f"{ATOM}entry/{ATOM}id")
    publish(editors, SLUG, "two", notes=with_definition(editors, SLUG, "= Twee."))
    ids = feed(client).xpath("a:entry/a:id/text()", namespaces=NS)
    assert first in ids and ids.index(first) == 1
    assert first == f"tag:begrippen.opgroeien.be,2022:begrippenkader/{SLUG}/2"


def test_addresses_come_from_the_configuration_not_the_host(client: FlaskClient) -> None:
    root = feed(client, Host="evil.example")
    hrefs = root.xpath("//a:link/@href", namespaces=NS)
    assert hrefs and all(href.startswith("http://localhost/") for href in hrefs)
    assert "evil.example" not in etree.tostring(root, encoding="unicode")


def test_markup_and_control_characters_in_a_note_become_plain_text(
    editors: Flask, client: FlaskClient, atom_schema: etree.RelaxNG
) -> None:
    publish(
        editors,
        SLUG,
        "<script>alert(1)</script> bell\x07",
        notes=with_definition(editors, SLUG, "= **Vet** en <b>html</b>."),
    )
    root = feed(client)
    assert atom_schema.validate(root), atom_schema.error_log
    content = root.find(f"{ATOM}entry/{ATOM}content")
    assert content.get("type") == "text" and len(content) == 0
    assert "<script>alert(1)</script> bell" in content.text and "\x07" not in content.text
    assert "**" not in content.text


def test_the_feed_carries_revision_validators(client: FlaskClient) -> None:
    response = client.get("/nieuw.atom")
    assert response.headers["Last-Modified"]
    again = client.get("/nieuw.atom", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_feed_is_in_the_interface_language(client: FlaskClient) -> None:
    english = etree.fromstring(client.get("/nieuw.atom?ui=en").data)
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert english.findtext(f"{ATOM}title") == "What's new in the Begrippenkader"


def test_a_framework_with_nothing_published_has_a_valid_empty_feed(
    empty_app: Flask, atom_schema: etree.RelaxNG
) -> None:
    client = empty_app.test_client()
    root = etree.fromstring(client.get("/nieuw.atom").data)
    assert atom_schema.validate(root), atom_schema.error_log
    assert root.findall(f"{ATOM}entry") == []
    page = client.get("/nieuw?ui=en")
    assert page.status_code == 200
    assert "Nothing was published in the last 6 months." in page.get_data(as_text=True)


def test_a_replacement_entry_names_its_successor_by_its_label(
    editors: Flask, client: FlaskClient
) -> None:
    publish(editors, SLUG, "merged", status="replaced", replaced_by=("e-inclusie",))
    entry = feed(client).find(f"{ATOM}entry")
    assert entry is not None
    assert "e-Inclusie" in entry.findtext(f"{ATOM}content", "")
