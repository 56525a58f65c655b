"""Drafts of clusters, sources and the scheme's texts (issue 14): the concept workflow over
another record. Real database, real importer: a draft is checked by the importer's change
plan and approving it publishes through the importer's apply step, keeping the version."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary.accounts.models import Role
from glossary.data_revision import read_revision
from glossary.editing import parts
from glossary.editing.errors import DraftConflict, DraftInvalid, NotAllowed, OwnDraft
from glossary.editing.models import DraftStatus, PartVersion
from glossary.editing.part_json import CLUSTER, SCHEME, SOURCE
from glossary.importing import Rules, apply_change, plan_change
from glossary.records import ClusterRecord, Framework, SchemeInfo, SourceRecord
from tests.accounts import add_user, audit_actions
from tests.conftest import SCHEME_ID
from tests.editing_parts import actor, session_with_accounts

CLUSTER_ID = "digitalisering"
SOURCE_KEY = "beelen-2022"
RULES = Rules(source_language="nl")


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    accounts = {
        "ed@example.org": Role.EDITOR,
        "other@example.org": Role.EDITOR,
        "rev@example.org": Role.REVIEWER,
    }
    yield from session_with_accounts(app, accounts)


def cluster(session: Session) -> ClusterRecord:
    found = parts.published_part(session, SCHEME_ID, CLUSTER, CLUSTER_ID)
    assert isinstance(found, ClusterRecord)
    return found


def source(session: Session) -> SourceRecord:
    found = parts.published_part(session, SCHEME_ID, SOURCE, SOURCE_KEY)
    assert isinstance(found, SourceRecord)
    return found


def scheme(session: Session) -> SchemeInfo:
    found = parts.published_part(session, SCHEME_ID, SCHEME, SCHEME_ID)
    assert isinstance(found, SchemeInfo)
    return found


def renamed(session: Session, title: str) -> ClusterRecord:
    return replace(cluster(session), titles={**cluster(session).titles, "nl": title})


def save(
    session: Session, email: str, record: parts.PartRecord, base: int = 1, new: bool = False
) -> parts.PartDraft:
    return parts.save_part_draft(
        session, SCHEME_ID, actor(session, email), record, new, base, "clearer", RULES
    )


def publish(session: Session, record: parts.PartRecord, new: bool = False) -> parts.PartPublished:
    draft = save(session, "ed@example.org", record, new=new)
    parts.submit_part(session, SCHEME_ID, actor(session, "ed@example.org"), draft.kind, draft.key)
    return parts.approve_part(
        session, SCHEME_ID, actor(session, "rev@example.org"), draft.kind, draft.key, RULES
    )


def test_a_cluster_rename_is_a_draft_until_a_reviewer_approves_it(session: Session) -> None:
    draft = save(session, "ed@example.org", renamed(session, "digitale wereld"))
    assert draft.status is DraftStatus.DRAFT
    assert cluster(session).titles["nl"] == "digitalisering"

    published = publish(session, renamed(session, "digitale wereld"))

    assert cluster(session).titles["nl"] == "digitale wereld"
    assert (published.version, published.revision) == (2, read_revision(session).number)


def test_a_published_cluster_keeps_every_version_whole(session: Session) -> None:
    publish(session, renamed(session, "digitale wereld"))
    versions = session.scalars(
        select(PartVersion)
        .where(PartVersion.kind == CLUSTER, PartVersion.key == CLUSTER_ID)
        .order_by(PartVersion.version)
    ).all()
    assert [(v.version, v.record["titles"]["nl"]) for v in versions] == [
        (1, "digitalisering"),
        (2, "digitale wereld"),
    ]
    assert versions[1].change_note == "clearer"


def test_a_new_cluster_is_published_after_the_last(session: Session) -> None:
    position = parts.next_cluster_position(session, SCHEME_ID)
    record = ClusterRecord(id="nieuw-cluster", position=position, titles={"nl": "nieuw"})
    publish(session, record, new=True)
    assert parts.published_part(session, SCHEME_ID, CLUSTER, "nieuw-cluster") == record


def test_a_new_cluster_cannot_take_a_published_id(session: Session) -> None:
    with pytest.raises(DraftInvalid) as refused:
        save(session, "ed@example.org", cluster(session), new=True)
    problem = refused.value.problems[0]
    assert (problem.path, problem.column) == (f"/clusters/{CLUSTER_ID}", "id")
    assert "exists already" in problem.message


def test_a_cluster_without_titles_is_refused_at_the_field(session: Session) -> None:
    with pytest.raises(DraftInvalid) as refused:
        save(session, "ed@example.org", replace(cluster(session), titles={}))
    assert [(p.path, p.message) for p in refused.value.problems] == [
        (f"/clusters/{CLUSTER_ID}", "a cluster needs a title@<language>")
    ]


def test_a_source_is_edited_through_review(session: Session) -> None:
    publish(session, replace(source(session), place="Antwerpen"))
    assert source(session).place == "Antwerpen"


def test_a_source_with_a_bad_url_is_refused_at_the_field(session: Session) -> None:
    with pytest.raises(DraftInvalid) as refused:
        save(session, "ed@example.org", replace(source(session), url="javascript:alert(1)"))
    assert [(p.path, p.column) for p in refused.value.problems] == [
        (f"/sources/{SOURCE_KEY}", "url")
    ]


def test_the_scheme_title_is_edited_through_review(session: Session) -> None:
    texts = {**scheme(session).texts, ("title", "nl"): "Begrippenkader (herzien)"}
    publish(session, replace(scheme(session), texts=texts))
    assert scheme(session).texts[("title", "nl")] == "Begrippenkader (herzien)"


def test_a_scheme_without_its_title_is_refused_at_the_field(session: Session) -> None:
    texts = {key: value for key, value in scheme(session).texts.items() if key[0] != "title"}
    with pytest.raises(DraftInvalid) as refused:
        save(session, "ed@example.org", replace(scheme(session), texts=texts))
    assert [(p.path, p.column) for p in refused.value.problems] == [("/scheme", "title@nl")]


def test_a_save_from_an_older_version_is_a_conflict_with_both_texts(session: Session) -> None:
    publish(session, renamed(session, "eerste"))
    mine = replace(cluster(session), titles={**cluster(session).titles, "nl": "tweede"})
    with pytest.raises(parts.PartVersionConflict) as conflict:
        save(session, "other@example.org", mine, base=1)
    assert conflict.value.mine == mine
    assert isinstance(conflict.value.theirs, ClusterRecord)
    assert conflict.value.theirs.titles["nl"] == "eerste"
    assert conflict.value.theirs_version == 2


def test_another_persons_draft_is_not_overwritten_unseen(session: Session) -> None:
    save(session, "ed@example.org", renamed(session, "mijn titel"))
    with pytest.raises(DraftConflict):
        save(session, "other@example.org", renamed(session, "jouw titel"))


def test_the_author_cannot_approve_their_own_draft(session: Session, app: Flask) -> None:
    add_user(app, "rev2@example.org", Role.REVIEWER)
    reviewer = actor(session, "rev2@example.org")
    draft = save(session, "rev2@example.org", renamed(session, "eigen"))
    parts.submit_part(session, SCHEME_ID, reviewer, CLUSTER, draft.key)
    with pytest.raises(OwnDraft):
        parts.approve_part(session, SCHEME_ID, reviewer, CLUSTER, draft.key, RULES)
    assert cluster(session).titles["nl"] == "digitalisering"


def test_an_editor_cannot_approve(session: Session) -> None:
    draft = save(session, "ed@example.org", renamed(session, "x"))
    parts.submit_part(session, SCHEME_ID, actor(session, "ed@example.org"), CLUSTER, draft.key)
    with pytest.raises(NotAllowed):
        parts.approve_part(
            session, SCHEME_ID, actor(session, "other@example.org"), CLUSTER, draft.key, RULES
        )


def test_a_rejected_draft_goes_back_to_its_author_with_the_reason(session: Session) -> None:
    draft = save(session, "ed@example.org", replace(source(session), place="Gent"))
    parts.submit_part(session, SCHEME_ID, actor(session, "ed@example.org"), SOURCE, draft.key)
    rejected = parts.reject_part(
        session, SCHEME_ID, actor(session, "rev@example.org"), SOURCE, draft.key, "wrong city"
    )
    assert (rejected.status, rejected.reason) == (DraftStatus.REJECTED, "wrong city")
    assert source(session).place != "Gent"


def test_a_cluster_draft_and_a_concept_draft_may_share_an_id(session: Session) -> None:
    save(session, "ed@example.org", renamed(session, "x"))
    mine = parts.list_part_drafts(session, SCHEME_ID, actor(session, "ed@example.org"))
    assert [(draft.kind, draft.key) for draft in mine] == [(CLUSTER, CLUSTER_ID)]
    others = parts.list_part_drafts(session, SCHEME_ID, actor(session, "other@example.org"))
    assert others == []


def test_every_step_is_audited(session: Session, app: Flask) -> None:
    publish(session, renamed(session, "x"))
    target = f"cluster:{CLUSTER_ID}"
    assert [a for a in audit_actions(app) if a[1] == target] == [
        ("draft.save", target),
        ("draft.submit", target),
        ("draft.approve", target),
    ]


def test_an_import_that_changed_the_cluster_since_makes_the_approval_a_conflict(
    session: Session,
) -> None:
    draft = save(session, "ed@example.org", renamed(session, "uit het ontwerp"))
    parts.submit_part(session, SCHEME_ID, actor(session, "ed@example.org"), CLUSTER, draft.key)
    imported = replace(cluster(session), titles={**cluster(session).titles, "nl": "uit de import"})
    change = plan_change(session, SCHEME_ID, Framework([imported], [], []), RULES)
    apply_change(session, change)  # as a CSV import writes it: a version by nobody

    with pytest.raises(parts.PartVersionConflict) as conflict:
        parts.approve_part(
            session, SCHEME_ID, actor(session, "rev@example.org"), CLUSTER, draft.key, RULES
        )
    assert conflict.value.theirs == imported
    assert cluster(session).titles["nl"] == "uit de import"
