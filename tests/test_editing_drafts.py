"""The editing service: drafts, four-eyes review, publication and versions (issue 14).

Real database, real importer: a draft is checked by the importer's checks through its change
plan, and approving it publishes through the importer's apply step.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from glossary.accounts.audit import Actor
from glossary.accounts.models import Role, User, Via
from glossary.data_revision import read_revision
from glossary.editing import drafts, history
from glossary.editing.errors import (
    DraftConflict,
    DraftInvalid,
    DraftNotFound,
    NotAllowed,
    OwnDraft,
    VersionConflict,
    WrongStatus,
)
from glossary.editing.models import ConceptVersion, DraftStatus
from glossary.importing import Rules
from glossary.models import db
from glossary.records import ConceptRecord, LanguageLabels
from tests.accounts import add_user, audit_actions
from tests.conftest import SCHEME_ID

SLUG = "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
RULES = Rules(source_language="nl")


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    for email, role in (
        ("ed@example.org", Role.EDITOR),
        ("other@example.org", Role.EDITOR),
        ("rev@example.org", Role.REVIEWER),
    ):
        add_user(app, email, role)
    with app.app_context():
        yield db.session()


def actor(session: Session, email: str) -> Actor:
    user = session.scalars(db.select(User).where(User.email == email)).one()
    return Actor(via=Via.API, user_pk=user.pk, address="192.0.2.1")


def with_definition(record: ConceptRecord, text: str) -> ConceptRecord:
    return replace(record, notes={**record.notes, ("definition", "nl"): text})


def published_definition(session: Session) -> str:
    return drafts.stored_record(session, SCHEME_ID, SLUG).notes[("definition", "nl")]


def save(
    session: Session, email: str, text: str, base: int = 1, lock_version: int | None = None
) -> drafts.Draft:
    record = with_definition(drafts.stored_record(session, SCHEME_ID, SLUG), text)
    editor = actor(session, email)
    return drafts.save_draft(
        session, SCHEME_ID, editor, SLUG, record, base, "clearer", RULES, lock_version
    )


def test_a_concept_is_at_version_1_after_its_first_import(session: Session) -> None:
    assert drafts.concept_version(session, SCHEME_ID, SLUG) == 1
    assert drafts.concept_version(session, SCHEME_ID, "no-such-concept") == 0


def test_the_first_import_records_every_concept_as_version_1(session: Session) -> None:
    versions = session.scalars(db.select(ConceptVersion).where(ConceptVersion.slug == SLUG)).all()
    assert [(v.version, v.change_note, v.author_pk) for v in versions] == [(1, "import", None)]


def test_a_saved_draft_keeps_the_record_and_leaves_the_published_text(session: Session) -> None:
    before = published_definition(session)
    draft = save(session, "ed@example.org", "A new definition.")
    assert draft.status is DraftStatus.DRAFT
    assert draft.author == "ed@example.org"
    assert draft.record.notes[("definition", "nl")] == "A new definition."
    assert draft.lock_version == 1
    assert published_definition(session) == before


def test_saving_a_draft_changes_no_data_revision(session: Session) -> None:
    revision = read_revision(session).number
    save(session, "ed@example.org", "A new definition.")
    assert read_revision(session).number == revision


def test_approving_publishes_one_revision_and_records_version_2(session: Session) -> None:
    save(session, "ed@example.org", "A new definition.")
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    revision = read_revision(session).number
    published = drafts.approve(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, RULES)
    assert (published.version, published.revision) == (2, revision + 1)
    assert published_definition(session) == "A new definition."
    assert drafts.concept_version(session, SCHEME_ID, SLUG) == 2
    assert drafts.find_draft(session, SCHEME_ID, SLUG) is None
    version = session.scalars(
        db.select(ConceptVersion).where(ConceptVersion.slug == SLUG, ConceptVersion.version == 2)
    ).one()
    assert version.change_note == "clearer"
    assert version.revision == revision + 1
    assert version.author_pk == actor(session, "ed@example.org").user_pk
    assert version.reviewer_pk == actor(session, "rev@example.org").user_pk


def test_every_step_is_audited(app: Flask, session: Session) -> None:
    save(session, "ed@example.org", "A new definition.")
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    drafts.approve(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, RULES)
    actions = [a for a in audit_actions(app) if a[0].startswith("draft.")]
    assert actions == [
        ("draft.save", f"concept:{SLUG}"),
        ("draft.submit", f"concept:{SLUG}"),
        ("draft.approve", f"concept:{SLUG}"),
    ]


def test_the_author_cannot_approve_their_own_draft(session: Session) -> None:
    save(session, "rev@example.org", "Mine.")
    drafts.submit(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG)
    with pytest.raises(OwnDraft):
        drafts.approve(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, RULES)
    draft = drafts.find_draft(session, SCHEME_ID, SLUG)
    assert draft is not None and draft.status is DraftStatus.IN_REVIEW
    assert drafts.concept_version(session, SCHEME_ID, SLUG) == 1


def test_an_editor_cannot_approve(session: Session) -> None:
    save(session, "ed@example.org", "A new definition.")
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    with pytest.raises(NotAllowed):
        drafts.approve(session, SCHEME_ID, actor(session, "other@example.org"), SLUG, RULES)


def test_a_draft_not_in_review_cannot_be_approved(session: Session) -> None:
    save(session, "ed@example.org", "A new definition.")
    with pytest.raises(WrongStatus):
        drafts.approve(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, RULES)


def test_a_rejected_draft_goes_back_to_its_author_with_the_reason(session: Session) -> None:
    save(session, "ed@example.org", "A new definition.")
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    rejected = drafts.reject(
        session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, "too vague"
    )
    assert (rejected.status, rejected.reason) == (DraftStatus.REJECTED, "too vague")
    assert drafts.concept_version(session, SCHEME_ID, SLUG) == 1


def test_a_rejection_needs_a_reason(session: Session) -> None:
    save(session, "ed@example.org", "A new definition.")
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    with pytest.raises(DraftInvalid) as refused:
        drafts.reject(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, "  ")
    assert [p.column for p in refused.value.problems] == ["reason"]


def test_invalid_content_is_refused_at_its_field_with_the_typed_record(session: Session) -> None:
    record = drafts.stored_record(session, SCHEME_ID, SLUG)
    bad = replace(record, related=("no-such-concept",))
    with pytest.raises(DraftInvalid) as refused:
        drafts.save_draft(
            session, SCHEME_ID, actor(session, "ed@example.org"), SLUG, bad, 1, "", RULES
        )
    assert {(p.path, p.column) for p in refused.value.problems} == {
        (f"/concepts/{SLUG}", "related")
    }
    assert refused.value.mine == bad
    assert drafts.find_draft(session, SCHEME_ID, SLUG) is None


def test_a_save_from_an_older_version_is_a_conflict_with_both_texts(session: Session) -> None:
    save(session, "ed@example.org", "First editor's text.")
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    drafts.approve(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, RULES)
    with pytest.raises(VersionConflict) as conflict:
        save(session, "other@example.org", "Second editor's text.", base=1)
    assert conflict.value.mine.notes[("definition", "nl")] == "Second editor's text."
    assert conflict.value.theirs is not None
    assert conflict.value.theirs.notes[("definition", "nl")] == "First editor's text."
    assert conflict.value.theirs_version == 2
    assert drafts.find_draft(session, SCHEME_ID, SLUG) is None


def test_a_draft_saved_by_someone_else_since_is_not_overwritten(session: Session) -> None:
    first = save(session, "ed@example.org", "One.")
    save(session, "ed@example.org", "Two.", lock_version=first.lock_version)
    with pytest.raises(DraftConflict) as conflict:
        save(session, "ed@example.org", "Three.", lock_version=first.lock_version)
    assert conflict.value.mine is not None
    assert conflict.value.mine.notes[("definition", "nl")] == "Three."
    assert conflict.value.current_lock_version == 2


def test_another_editors_draft_is_not_replaced_without_naming_it(session: Session) -> None:
    save(session, "ed@example.org", "One.")
    with pytest.raises(DraftConflict):
        save(session, "other@example.org", "Two.")


def test_editors_see_their_own_drafts_and_those_in_review(session: Session) -> None:
    save(session, "ed@example.org", "One.")
    other = actor(session, "other@example.org")
    assert drafts.list_drafts(session, SCHEME_ID, other) == []
    with pytest.raises(DraftNotFound):
        drafts.get_draft(session, SCHEME_ID, other, SLUG)
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    assert [d.slug for d in drafts.list_drafts(session, SCHEME_ID, other)] == [SLUG]
    assert [
        d.slug for d in drafts.list_drafts(session, SCHEME_ID, actor(session, "rev@example.org"))
    ] == [SLUG]


def test_a_new_concept_is_published_as_version_1(session: Session) -> None:
    record = ConceptRecord(
        slug="nieuw-begrip",
        clusters=("blended-werken",),
        status="valid",
        labels={"nl": LanguageLabels(pref="Nieuw begrip")},
        notes={("definition", "nl"): "Iets nieuws."},
    )
    editor = actor(session, "ed@example.org")
    draft = drafts.save_draft(session, SCHEME_ID, editor, None, record, 0, "new", RULES)
    assert (draft.is_new, draft.base_version) == (True, 0)
    assert drafts.concept_version(session, SCHEME_ID, "nieuw-begrip") == 0
    drafts.submit(session, SCHEME_ID, editor, "nieuw-begrip")
    published = drafts.approve(
        session, SCHEME_ID, actor(session, "rev@example.org"), "nieuw-begrip", RULES
    )
    assert published.version == 1
    assert (
        drafts.stored_record(session, SCHEME_ID, "nieuw-begrip").labels["nl"].pref == "Nieuw begrip"
    )


def test_a_new_concept_may_not_take_an_existing_id(session: Session) -> None:
    record = drafts.stored_record(session, SCHEME_ID, SLUG)
    with pytest.raises(DraftInvalid) as refused:
        drafts.save_draft(
            session, SCHEME_ID, actor(session, "ed@example.org"), None, record, 0, "", RULES
        )
    assert [p.column for p in refused.value.problems] == ["id"]


# --- history -------------------------------------------------------------------------------


def test_word_diff_names_the_words_that_changed() -> None:
    assert history.word_diff("a quick brown fox", "a slow brown fox") == [
        ("equal", "a "),
        ("delete", "quick"),
        ("insert", "slow"),
        ("equal", " brown fox"),
    ]


def test_word_diff_gives_the_new_text_back() -> None:
    old, new = "Eén twee drie, vier.", "Eén drie vier, vijf en zes."
    ops = history.word_diff(old, new)
    assert "".join(text for op, text in ops if op != "delete") == new
    assert "".join(text for op, text in ops if op != "insert") == old


def test_diff_lists_only_the_fields_that_changed(session: Session) -> None:
    old = drafts.stored_record(session, SCHEME_ID, SLUG)
    new = with_definition(old, "Iets anders.")
    assert list(history.diff(old, new)) == ["definition@nl"]


def test_restoring_an_old_version_makes_it_a_draft_on_the_current_version(
    session: Session,
) -> None:
    first = published_definition(session)
    save(session, "ed@example.org", "A new definition.")
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    drafts.approve(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, RULES)
    draft = history.restore_as_draft(
        session, SCHEME_ID, actor(session, "ed@example.org"), SLUG, 1, RULES
    )
    assert draft.record.notes[("definition", "nl")] == first
    assert (draft.base_version, draft.change_note) == (2, "restore version 1")
    assert published_definition(session) == "A new definition."


def test_a_concept_stored_before_history_was_kept_starts_at_version_1(session: Session) -> None:
    session.execute(db.delete(ConceptVersion))
    session.commit()
    first = published_definition(session)
    assert drafts.concept_version(session, SCHEME_ID, SLUG) == 1
    assert [v.version for v in history.versions(session, SCHEME_ID, SLUG)] == [1]
    save(session, "ed@example.org", "A new definition.")
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    drafts.approve(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, RULES)
    found = history.versions(session, SCHEME_ID, SLUG)
    assert [(v.version, v.published_at is None) for v in found] == [(1, True), (2, False)]
    assert found[0].record.notes[("definition", "nl")] == first


def test_recently_published_lists_the_newest_first(session: Session) -> None:
    save(session, "ed@example.org", "A new definition.")
    drafts.submit(session, SCHEME_ID, actor(session, "ed@example.org"), SLUG)
    drafts.approve(session, SCHEME_ID, actor(session, "rev@example.org"), SLUG, RULES)
    newest = history.recently_published(session, SCHEME_ID, limit=1)[0]
    assert (newest.slug, newest.version, newest.author, newest.reviewer) == (
        SLUG,
        2,
        "ed@example.org",
        "rev@example.org",
    )


# --- two people at the same moment (SQLite and PostgreSQL) ---------------------------------


def save_at_once(app: Flask, saves: list[tuple[str, str, int | None]]) -> list[object]:
    """Run each (email, text, lock_version) save in its own thread and session, released
    together; what each returned or raised."""
    barrier = threading.Barrier(len(saves))
    outcomes: list[object] = [None] * len(saves)

    def run(index: int, email: str, text: str, lock_version: int | None) -> None:
        with app.app_context():
            session = db.session()
            try:
                barrier.wait(timeout=30)
                outcomes[index] = save(session, email, text, lock_version=lock_version)
            except Exception as error:  # noqa: BLE001 - the outcome under test
                outcomes[index] = error

    threads = [
        threading.Thread(target=run, args=(index, *args)) for index, args in enumerate(saves)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_two_saves_of_one_draft_at_once_one_wins_the_other_conflicts(
    app: Flask, session: Session
) -> None:
    first = save(session, "ed@example.org", "One.")
    session.commit()
    outcomes = save_at_once(
        app,
        [
            ("ed@example.org", "Two.", first.lock_version),
            ("other@example.org", "Three.", first.lock_version),
        ],
    )
    won = [o for o in outcomes if isinstance(o, drafts.Draft)]
    lost = [o for o in outcomes if isinstance(o, DraftConflict)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    stored = drafts.find_draft(session, SCHEME_ID, SLUG)
    assert stored is not None
    assert stored.record == won[0].record
    assert stored.lock_version == 2
    assert lost[0].mine is not None  # the losing text comes back, nothing lost


def test_two_first_drafts_of_one_concept_at_once_one_wins_the_other_conflicts(
    app: Flask, session: Session
) -> None:
    outcomes = save_at_once(
        app, [("ed@example.org", "Two.", None), ("other@example.org", "Three.", None)]
    )
    won = [o for o in outcomes if isinstance(o, drafts.Draft)]
    lost = [o for o in outcomes if isinstance(o, DraftConflict)]
    assert (len(won), len(lost)) == (1, 1), outcomes
