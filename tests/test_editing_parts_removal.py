"""Removing a cluster or a source through review (issue 14): a draft whose action is
"remove", submitted, approved by another person or rejected like any draft; refused, located,
while concepts still need the part; approval removes it in one transaction and one data
revision and closes its history with a "removed" version."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.accounts.models import Role
from glossary.data_revision import read_revision
from glossary.editing import parts
from glossary.editing.errors import DraftInvalid, OwnDraft
from glossary.editing.models import PartVersion
from glossary.editing.part_json import CLUSTER, SOURCE
from glossary.importing import Rules
from glossary.models import Cluster, ClusterMember, Concept, db
from glossary.records import ClusterRecord, SourceRecord
from tests.accounts import add_user, audit_actions, csrf_token, sign_in
from tests.conftest import SCHEME_ID
from tests.editing_parts import actor, bearer_tokens, session_with_accounts

RULES = Rules(source_language="nl")
SPARE_CLUSTER = "leeg-cluster"
SPARE_SOURCE = "ongeciteerd-2024"


ACCOUNTS = {"ed@example.org": Role.EDITOR, "rev@example.org": Role.REVIEWER}


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    yield from session_with_accounts(app, ACCOUNTS)


def publish_new(session: Session, record: parts.PartRecord) -> None:
    editor, reviewer = actor(session, "ed@example.org"), actor(session, "rev@example.org")
    draft = parts.save_part_draft(session, SCHEME_ID, editor, record, True, 0, "new", RULES)
    parts.submit_part(session, SCHEME_ID, editor, draft.kind, draft.key)
    parts.approve_part(session, SCHEME_ID, reviewer, draft.kind, draft.key, RULES)


def spare_cluster(session: Session) -> None:
    position = parts.next_cluster_position(session, SCHEME_ID)
    publish_new(session, ClusterRecord(SPARE_CLUSTER, position, {"nl": "Leeg"}))


def spare_source(session: Session) -> None:
    publish_new(session, SourceRecord(key=SPARE_SOURCE, citation="Niemand, 2024", entry="Niemand"))


def propose(session: Session, kind: str, key: str, note: str = "not used") -> parts.PartDraft:
    base = parts.part_version(session, SCHEME_ID, kind, key)
    return parts.propose_removal(
        session, SCHEME_ID, actor(session, "ed@example.org"), kind, key, base, note
    )


def approve(session: Session, kind: str, key: str) -> parts.PartPublished:
    parts.submit_part(session, SCHEME_ID, actor(session, "ed@example.org"), kind, key)
    return parts.approve_part(
        session, SCHEME_ID, actor(session, "rev@example.org"), kind, key, RULES
    )


def test_a_proposed_removal_is_a_draft_and_the_cluster_stays_until_approved(
    session: Session,
) -> None:
    spare_cluster(session)
    draft = propose(session, CLUSTER, SPARE_CLUSTER)
    assert draft.remove
    assert parts.published_part(session, SCHEME_ID, CLUSTER, SPARE_CLUSTER) is not None


def test_an_approved_removal_removes_the_cluster_in_one_revision(session: Session) -> None:
    spare_cluster(session)
    propose(session, CLUSTER, SPARE_CLUSTER)
    before = read_revision(session).number

    published = approve(session, CLUSTER, SPARE_CLUSTER)

    assert parts.published_part(session, SCHEME_ID, CLUSTER, SPARE_CLUSTER) is None
    assert published.revision == before + 1 == read_revision(session).number


def test_an_approved_removal_closes_the_history_with_a_removed_version(session: Session) -> None:
    spare_source(session)
    propose(session, SOURCE, SPARE_SOURCE, note="duplicate entry")
    published = approve(session, SOURCE, SPARE_SOURCE)
    rows = session.scalars(
        select(PartVersion).where(PartVersion.key == SPARE_SOURCE).order_by(PartVersion.version)
    ).all()
    assert [(row.version, row.record.get("removed", False)) for row in rows] == [
        (1, False),
        (2, True),
    ]
    assert rows[-1].change_note == "duplicate entry"
    assert published.version == 2


@pytest.mark.parametrize(
    ("kind", "key", "named"),
    [
        (SOURCE, "kennisdomein-2019", "roadmap"),  # cited by roadmap
        (CLUSTER, "digitalisering", "digitale-transformatie"),  # one of its members
    ],
)
def test_removing_a_part_concepts_need_is_refused_naming_them(
    session: Session, kind: str, key: str, named: str
) -> None:
    with pytest.raises(DraftInvalid) as refused:
        propose(session, kind, key)
    (problem,) = refused.value.problems
    assert (problem.path, problem.column) == (f"/{kind}s/{key}", "remove")
    assert named in problem.message


def test_the_author_cannot_approve_their_own_removal(session: Session, app: Flask) -> None:
    spare_cluster(session)
    add_user(app, "rev2@example.org", Role.REVIEWER)
    reviewer = actor(session, "rev2@example.org")
    base = parts.part_version(session, SCHEME_ID, CLUSTER, SPARE_CLUSTER)
    parts.propose_removal(session, SCHEME_ID, reviewer, CLUSTER, SPARE_CLUSTER, base, "")
    parts.submit_part(session, SCHEME_ID, reviewer, CLUSTER, SPARE_CLUSTER)
    with pytest.raises(OwnDraft):
        parts.approve_part(session, SCHEME_ID, reviewer, CLUSTER, SPARE_CLUSTER, RULES)


def test_a_removal_is_refused_at_approval_when_a_concept_joined_the_cluster_meanwhile(
    session: Session,
) -> None:
    spare_cluster(session)
    propose(session, CLUSTER, SPARE_CLUSTER)
    cluster = session.scalars(select(Cluster).where(Cluster.id == SPARE_CLUSTER)).one()
    concept = session.scalars(select(Concept).where(Concept.slug == "roadmap")).one()
    session.add(ClusterMember(cluster_pk=cluster.pk, concept_pk=concept.pk, position=0))
    session.commit()
    with pytest.raises(DraftInvalid) as refused:
        approve(session, CLUSTER, SPARE_CLUSTER)
    assert "roadmap" in refused.value.problems[0].message
    assert parts.published_part(session, SCHEME_ID, CLUSTER, SPARE_CLUSTER) is not None


def test_a_removal_is_audited_as_a_save_and_an_approval(session: Session, app: Flask) -> None:
    spare_cluster(session)
    propose(session, CLUSTER, SPARE_CLUSTER)
    approve(session, CLUSTER, SPARE_CLUSTER)
    actions = audit_actions(app)
    assert ("draft.save", f"cluster:{SPARE_CLUSTER}") in actions
    assert ("draft.approve", f"cluster:{SPARE_CLUSTER}") in actions


# --- the surfaces --------------------------------------------------------------------------


@pytest.fixture
def tokens(app: Flask) -> dict[str, dict[str, str]]:
    return bearer_tokens(app, {"editor": Role.EDITOR, "reviewer": Role.REVIEWER})


def _new_source(client: FlaskClient, tokens: dict[str, dict[str, str]]) -> str:
    path = f"/api/v1/sources/{SPARE_SOURCE}/draft"
    body = {"citation": "Niemand, 2024", "entry": "Niemand"}
    assert client.put(path, json=body, headers=tokens["editor"]).status_code == 201
    assert client.post(f"{path}/submit", headers=tokens["editor"]).status_code == 200
    assert client.post(f"{path}/approve", headers=tokens["reviewer"]).status_code == 200
    return path


def test_the_api_drafts_a_removal_and_approval_removes_the_source(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    path = _new_source(client, tokens)
    body: dict[str, Any] = {"remove": True, "base_version": 1, "change_note": "unused"}
    saved = client.put(path, json=body, headers=tokens["editor"])
    assert saved.status_code == 201, saved.get_json()
    assert saved.get_json()["remove"] is True
    assert client.post(f"{path}/submit", headers=tokens["editor"]).status_code == 200

    approved = client.post(f"{path}/approve", headers=tokens["reviewer"])

    assert approved.status_code == 200
    assert approved.get_json()["version"] == 2
    history = client.get(f"/api/v1/sources/{SPARE_SOURCE}/history").get_json()
    assert history["versions"][-1]["removed"] is True


def test_the_api_refuses_removing_a_cited_source_at_remove(
    client: FlaskClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"remove": True, "base_version": 1}
    refused = client.put(
        "/api/v1/sources/kennisdomein-2019/draft", json=body, headers=tokens["editor"]
    )
    assert refused.status_code == 422
    (problem,) = refused.get_json()["problems"]
    assert problem["pointer"] == "/remove"
    assert "roadmap" in problem["detail"]


@pytest.fixture
def spare(app: Flask) -> None:
    """A published cluster no concept is in, and the editor and reviewer accounts; made in
    an app context of its own (a test client's requests need a fresh one each)."""
    for session in session_with_accounts(app, ACCOUNTS):
        spare_cluster(session)


def test_a_removed_cluster_page_answers_404_like_a_removed_concept(
    app: Flask, spare: None, client: FlaskClient
) -> None:
    assert client.get(f"/cluster/{SPARE_CLUSTER}").status_code == 200
    with app.app_context():
        propose(db.session(), CLUSTER, SPARE_CLUSTER)
        approve(db.session(), CLUSTER, SPARE_CLUSTER)
    assert client.get(f"/cluster/{SPARE_CLUSTER}").status_code == 404
    assert client.get(f"/cluster/{SPARE_CLUSTER}/geschiedenis").status_code == 200


def _propose_in_workspace(client: FlaskClient, cluster_id: str) -> Any:
    return client.post(
        f"/beheer/clusters/{cluster_id}/opheffen",
        data={
            "csrf_token": csrf_token(client),
            "base_version": "1",
            "lock_version": "0",
            "change_note": "",
        },
    )


def test_the_workspace_editor_offers_to_propose_a_removal(spare: None, client: FlaskClient) -> None:
    sign_in(client, "ed@example.org", ui="en")
    page = client.get(f"/beheer/clusters/{SPARE_CLUSTER}?ui=en").get_data(as_text=True)
    assert "Propose removal" in page
    assert f"/beheer/clusters/{SPARE_CLUSTER}/opheffen" in page


def test_the_workspace_proposes_a_removal_as_a_draft(
    app: Flask, spare: None, client: FlaskClient
) -> None:
    sign_in(client, "ed@example.org")
    assert _propose_in_workspace(client, SPARE_CLUSTER).status_code == 303
    with app.app_context():
        draft = parts.find_part_draft(db.session(), SCHEME_ID, CLUSTER, SPARE_CLUSTER)
    assert draft is not None and draft.remove


def test_the_workspace_shows_the_concepts_that_block_a_removal(
    spare: None, client: FlaskClient
) -> None:
    sign_in(client, "ed@example.org")
    answer = _propose_in_workspace(client, "digitalisering")
    assert answer.status_code == 422
    assert "digitale-transformatie" in answer.get_data(as_text=True)
