"""A concept replaced by another through the workflow (issue 15, "Retired and replaced
concepts"): draft → review → approval, then every surface says where the term went, and its
old address still answers.

Real database and index; the successor is `blended-hulpverlening`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from glossary.importing import Rules, apply_change, export_framework, plan_change
from glossary.models import db
from glossary.records import Framework
from glossary.services.revision import current_revision
from tests.conftest import SCHEME_ID, _app_on_copy
from tests.test_api_drafts import Tokens
from tests.test_formats_exports import BASE, TBX, tbx_export

OLD = "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
OLD_LABEL = "Blended aanbod in ondersteuning van jongeren en gezinnen"
NEW = "blended-hulpverlening"
DRAFT = f"/api/v1/concepts/{OLD}/draft"


@pytest.fixture
def tokens(app: Flask) -> Tokens:
    return Tokens(app)


def replace_old(client: FlaskClient, tokens: Tokens, **extra: Any) -> Any:
    body = {
        "status": "replaced",
        "replaced_by": [NEW],
        "valid_until": "2026-12-01",
        "base_version": 1,
        "change_note": "merged into blended hulpverlening",
        **extra,
    }
    saved = client.put(DRAFT, json=body, headers=tokens("editor"))
    assert saved.status_code == 201, saved.get_json()
    assert client.post(f"{DRAFT}/submit", headers=tokens("editor")).status_code == 200
    approved = client.post(f"{DRAFT}/approve", headers=tokens("reviewer"))
    assert approved.status_code == 200, approved.get_json()
    return approved


@pytest.fixture
def replaced(client: FlaskClient, tokens: Tokens) -> datetime:
    """The moment before the replacement was published."""
    before = datetime.now(UTC)
    replace_old(client, tokens)
    return before


def test_its_page_still_answers_with_a_notice_linking_the_successor(
    client: FlaskClient, replaced: datetime
) -> None:
    page = client.get(f"/begrip/{OLD}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    notice = html[html.index("status-notice--replaced") :]
    notice = notice[: notice.index("</div>")]
    assert f'href="/begrip/{NEW}"' in notice
    assert "2026-12-01" in notice
    assert f"/begrip/{OLD}/geschiedenis" in html


def test_the_notice_is_in_dutch_on_the_dutch_page(client: FlaskClient, replaced: datetime) -> None:
    html = client.get(f"/begrip/{OLD}?ui=nl", headers={"Accept-Language": "nl"}).get_data(
        as_text=True
    )
    assert "Vervangen door" in html


def test_its_successor_page_names_what_it_replaces(client: FlaskClient, replaced: datetime) -> None:
    html = client.get(f"/begrip/{NEW}").get_data(as_text=True)
    assert f'href="/begrip/{OLD}"' in html
    assert "status-notice" not in html


def test_its_old_uri_still_answers(client: FlaskClient, replaced: datetime) -> None:
    response = client.get(f"/id/begrip/{OLD}", follow_redirects=True)
    assert response.status_code == 200


def test_the_api_reports_status_successors_and_dates(
    client: FlaskClient, replaced: datetime
) -> None:
    body = client.get(f"/api/v1/concepts/{OLD}").get_json()
    assert body["status"] == "replaced"
    assert [other["id"] for other in body["replaced_by"]] == [NEW]
    assert body["valid_until"] == "2026-12-01"
    assert body["valid_from"] is None
    successor = client.get(f"/api/v1/concepts/{NEW}").get_json()
    assert successor["status"] == "valid"
    assert [other["id"] for other in successor["replaces"]] == [OLD]


def test_skos_marks_it_deprecated_and_links_both_ways(
    client: FlaskClient, replaced: datetime
) -> None:
    response = client.get("/export/begrippenkader.ttl")
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    old, new = URIRef(BASE + OLD), URIRef(BASE + NEW)
    assert (old, OWL.deprecated, Literal(True)) in graph
    assert (old, DCTERMS.isReplacedBy, new) in graph
    assert (new, DCTERMS.replaces, old) in graph
    assert (new, OWL.deprecated, Literal(True)) not in graph


def test_the_json_ld_context_names_the_replacement_terms(client: FlaskClient) -> None:
    context = client.get("/export/begrippenkader.jsonld").get_json()["@context"]
    assert context["isReplacedBy"]["@id"] == "dct:isReplacedBy"
    assert context["replaces"]["@id"] == "dct:replaces"


def test_tbx_supersedes_its_terms_and_refers_to_the_successor(
    client: FlaskClient, replaced: datetime
) -> None:
    entry = tbx_export(client).find(f".//{TBX}conceptEntry[@id='{OLD}']")
    assert entry is not None
    statuses = {
        note.text
        for note in entry.iter(f"{TBX}termNote")
        if note.get("type") == "administrativeStatus"
    }
    assert statuses == {"supersededTerm-admn-sts"}
    notes = [note.text for note in entry.findall(f"{TBX}note")]
    assert "status: replaced" in notes
    assert any(text and text.startswith("replaced by: ") for text in notes)
    refs = [ref.get("target") for ref in entry.findall(f"{TBX}ref")]
    assert NEW in refs


def test_the_embed_card_shows_the_notice_with_the_successors_public_link(
    client: FlaskClient, replaced: datetime
) -> None:
    card = client.get(f"/embed/{OLD}")
    assert card.status_code == 200
    html = card.get_data(as_text=True)
    assert "status-notice--replaced" in html
    assert f'/begrip/{NEW}"' in html
    assert 'href="http' in html[html.index("status-notice") :]


def test_the_tooltip_gets_the_successor_and_its_words(
    client: FlaskClient, replaced: datetime
) -> None:
    # embed.js fills the tooltip from the concept's JSON and its words from strings.json
    body = client.get(f"/api/v1/concepts/{OLD}").get_json()
    assert body["replaced_by"][0]["page"] == f"/begrip/{NEW}"
    words = client.get("/embed/strings.json?lang=nl").get_json()["strings"]
    assert words["replaced"] == "Vervangen door"
    assert words["retired"] == "Vervallen"


def test_its_label_resolves_and_names_the_successor(
    client: FlaskClient, replaced: datetime
) -> None:
    body = client.get("/api/v1/resolve", query_string={"label": OLD_LABEL}).get_json()
    assert body["id"] == OLD
    assert body["status"] == "replaced"
    assert [other["id"] for other in body["replaced_by"]] == [NEW]


def search_ids(client: FlaskClient, **query: str) -> list[str]:
    response = client.get("/api/v1/search", query_string={"q": "blended aanbod", **query})
    assert response.status_code == 200, response.get_json()
    return [hit["id"] for hit in response.get_json()["results"]]


def test_search_leaves_it_out_by_default(client: FlaskClient) -> None:
    assert OLD in search_ids(client)  # found before the replacement
    tokens = Tokens(client.application)
    replace_old(client, tokens)
    assert OLD not in search_ids(client)
    assert OLD in search_ids(client, include_retired="true")


def test_suggest_leaves_it_out_by_default(client: FlaskClient, replaced: datetime) -> None:
    def suggested(**query: str) -> set[str]:
        response = client.get("/api/v1/suggest", query_string={"q": "blended aan", **query})
        return {item["id"] for item in response.get_json()["suggestions"]}

    assert OLD not in suggested()
    assert OLD in suggested(include_retired="true")


def test_the_search_page_offers_the_replaced_terms_on_request(
    client: FlaskClient, replaced: datetime
) -> None:
    default = client.get("/zoeken?q=blended+aanbod").get_data(as_text=True)
    assert 'name="include_retired"' in default
    assert f'data-concept="{OLD}"' not in default
    shown = client.get("/zoeken?q=blended+aanbod&include_retired=true").get_data(as_text=True)
    assert f'data-concept="{OLD}"' in shown


def test_a_malformed_include_retired_is_a_400(client: FlaskClient) -> None:
    response = client.get("/api/v1/search?q=blended&include_retired=maybe")
    assert response.status_code == 400


def test_the_change_feed_reports_the_replacement_with_its_successor(
    client: FlaskClient, replaced: datetime
) -> None:
    since = replaced.isoformat().replace("+00:00", "Z")
    body = client.get("/api/v1/changes", query_string={"since": since}).get_json()
    change = next(c for c in body["changes"] if c["id"] == OLD)
    assert change["change"] == "changed"
    assert change["status"] == "replaced"
    assert change["replaced_by"] == [NEW]


def test_skosmos_marks_it_deprecated(client: FlaskClient, replaced: datetime) -> None:
    vocabularies = client.get("/rest/v1/vocabularies?lang=nl").get_json()["vocabularies"]
    vocid = vocabularies[0]["id"]
    counts = client.get(f"/rest/v1/{vocid}/vocabularyStatistics").get_json()
    assert counts["concepts"]["deprecatedCount"] == 1
    data = client.get(
        f"/rest/v1/{vocid}/data", query_string={"uri": BASE + OLD, "format": "text/turtle"}
    )
    graph = Graph().parse(data=data.get_data(as_text=True), format="turtle")
    assert (URIRef(BASE + OLD), DCTERMS.isReplacedBy, URIRef(BASE + NEW)) in graph


def test_another_app_at_the_same_revision_does_not_decide_what_is_hidden(
    request: pytest.FixtureRequest, client: FlaskClient, tmp_path: Path
) -> None:
    # Two apps in one process (a second scheme, a test run) number their revisions each on
    # their own: the other app's answer at revision n says nothing about this app's.
    other_app = _app_on_copy(request, "filled", tmp_path / "other")
    other = next(other_app)
    with other.app_context():
        roadmap = next(
            r for r in export_framework(db.session, SCHEME_ID)[0].concepts if r.slug == "roadmap"
        )
        apply_change(
            db.session,
            plan_change(
                db.session,
                SCHEME_ID,
                Framework(
                    clusters=[], sources=[], concepts=[replace(roadmap, valid_from="2022-09-01")]
                ),
                Rules(source_language="nl", base_uri=BASE),
            ),
        )
        other_revision = current_revision(db.session).number
    assert OLD in search_ids(other.test_client())

    replace_old(client, Tokens(client.application))

    with client.application.app_context():
        assert current_revision(db.session).number == other_revision
    assert OLD not in search_ids(client)
    next(other_app, None)
