"""The feedback service: what is stored, what is refused, and what the editors do with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from glossary.accounts.audit import Actor
from glossary.feedback import privacy, submissions
from glossary.feedback.mail import Notice
from glossary.feedback.models import FeedbackKind, FeedbackStatus, FeedbackSubmission, MailMessage
from glossary.feedback.submissions import FeedbackError, FeedbackInput, QueueFilter
from glossary.models import db
from glossary.secret_tokens import digest
from tests.feedback import submit


def _stored(app: Flask, pk: int) -> FeedbackSubmission:
    with app.app_context():
        submission = db.session.get(FeedbackSubmission, pk)
        assert submission is not None
        db.session.expunge(submission)
        return submission


def _problems(error: pytest.ExceptionInfo[FeedbackError]) -> set[str]:
    return {problem.field for problem in error.value.problems}


def test_a_remark_on_a_concept_is_stored_as_new_with_the_concept_it_names(app: Flask) -> None:
    new = submit(app, concept="blended aanbod", message="  Wat is blended?  ")
    stored = _stored(app, new.pk)
    assert stored.concept_slug == "blended-aanbod-in-ondersteuning-van-jongeren-en-gezinnen"
    assert stored.message == "Wat is blended?"
    assert stored.status is FeedbackStatus.NEW


def test_only_the_digest_of_the_status_token_is_stored(app: Flask) -> None:
    new = submit(app)
    stored = _stored(app, new.pk)
    assert len(new.token) >= 40
    assert stored.token_digest != new.token
    assert stored.token_digest == digest(new.token)


def test_the_token_finds_its_submission_and_a_guess_finds_nothing(app: Flask) -> None:
    new = submit(app)
    with app.app_context():
        found = submissions.find_by_token(db.session(), new.token)
        assert found is not None and found.pk == new.pk
        assert submissions.find_by_token(db.session(), new.token[:-1] + "x") is None


def test_a_new_term_needs_the_term_and_no_concept(app: Flask) -> None:
    with pytest.raises(FeedbackError) as error:
        submit(app, kind="new_term", concept=None)
    assert _problems(error) == {"term"}
    new = submit(app, kind="new_term", concept=None, term="Digitale kloof", definition="Het ...")
    assert _stored(app, new.pk).proposed_term == "Digitale kloof"


def test_every_problem_is_reported_at_once(app: Flask) -> None:
    with pytest.raises(FeedbackError) as error:
        submit(app, kind="praise", message=" ", email="not-an-address", name="x" * 201)
    assert _problems(error) == {"kind", "message", "email", "name"}


def test_an_unknown_concept_is_refused(app: Flask) -> None:
    with pytest.raises(FeedbackError) as error:
        submit(app, concept="geen-begrip-zo")
    assert _problems(error) == {"concept"}


def test_a_message_over_the_limit_is_refused_not_cut(app: Flask) -> None:
    with pytest.raises(FeedbackError) as error:
        submit(app, message="a" * 5001)
    assert _problems(error) == {"message"}


def test_consent_without_an_address_is_refused(app: Flask) -> None:
    with pytest.raises(FeedbackError) as error:
        submit(app, consent=True)
    assert _problems(error) == {"consent"}


def test_text_is_stored_as_typed_markup_included(app: Flask) -> None:
    new = submit(app, message="<script>alert(1)</script>")
    assert _stored(app, new.pk).message == "<script>alert(1)</script>"


def test_the_queue_filters_by_kind_concept_and_status(app: Flask) -> None:
    first = submit(app, kind="unclear")
    submit(app, kind="translation", concept="sociale-media")
    submit(app, kind="new_term", concept=None, term="Iets nieuws")
    with app.app_context():
        session = db.session()
        by_kind = submissions.queue(session, QueueFilter(kind=FeedbackKind.TRANSLATION))
        by_concept = submissions.queue(session, QueueFilter(concept="mediawijsheid"))
        by_status = submissions.queue(session, QueueFilter(status=FeedbackStatus.NEW))
        assert [s.concept_slug for s in by_kind] == ["sociale-media"]
        assert [s.pk for s in by_concept] == [first.pk]
        assert len(by_status) == 3


def test_an_answer_sets_status_reply_and_closing_time(app: Flask) -> None:
    new = submit(app)
    with app.app_context():
        submissions.answer(
            db.session(), new.pk, FeedbackStatus.DONE, "Aangepast.", Actor.cli(), Notice()
        )
    stored = _stored(app, new.pk)
    assert (stored.status, stored.reply) == (FeedbackStatus.DONE, "Aangepast.")
    assert stored.closed_at is not None


def test_reopening_clears_the_closing_time(app: Flask) -> None:
    new = submit(app)
    with app.app_context():
        session = db.session()
        submissions.answer(session, new.pk, FeedbackStatus.DECLINED, None, Actor.cli(), Notice())
        submissions.answer(session, new.pk, FeedbackStatus.IN_PROGRESS, None, Actor.cli(), Notice())
    assert _stored(app, new.pk).closed_at is None


def test_the_counts_list_every_status(app: Flask) -> None:
    submit(app)
    with app.app_context():
        assert submissions.counts(db.session()) == {
            FeedbackStatus.NEW: 1,
            FeedbackStatus.IN_PROGRESS: 0,
            FeedbackStatus.DONE: 0,
            FeedbackStatus.DECLINED: 0,
        }


def test_no_mail_is_queued_without_an_smtp_url(app: Flask) -> None:
    submit(app, email="a@example.org", consent=True)
    with app.app_context():
        assert db.session.scalars(db.select(MailMessage)).all() == []


def _close(app: Flask, pk: int, when: datetime) -> None:
    with app.app_context():
        submission = db.session.get(FeedbackSubmission, pk)
        assert submission is not None
        submission.status = FeedbackStatus.DONE
        submission.closed_at = when
        db.session.commit()


def test_prune_erases_personal_data_after_the_retention_period(app: Flask) -> None:
    now = datetime(2026, 12, 3, tzinfo=UTC)
    old = submit(app, name="Ann", organisation="CAW", email="ann@example.org", consent=True)
    recent = submit(app, name="Bert", email="bert@example.org")
    still_open = submit(app, name="Cis", email="cis@example.org")
    _close(app, old.pk, now - timedelta(days=400))
    _close(app, recent.pk, now - timedelta(days=300))
    with app.app_context():
        assert privacy.prune(db.session(), 12, now=now) == 1
    erased = _stored(app, old.pk)
    assert (erased.name, erased.organisation, erased.email, erased.consent) == (
        None,
        None,
        None,
        False,
    )
    assert erased.message == "Dit is onduidelijk."
    assert _stored(app, recent.pk).email == "bert@example.org"
    assert _stored(app, still_open.pk).email == "cis@example.org"


def test_months_before_keeps_to_the_calendar() -> None:
    moment = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert privacy.months_before(moment, 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert privacy.months_before(moment, 12) == datetime(2025, 3, 31, 12, tzinfo=UTC)


def test_export_person_lists_their_submissions_only(app: Flask) -> None:
    submit(app, email="Ann@Example.org", name="Ann")
    submit(app, email="bert@example.org")
    with app.app_context():
        exported = privacy.export_person(db.session(), "ann@example.org")
    assert [item["name"] for item in exported["submissions"]] == ["Ann"]


def test_erase_person_removes_their_data_at_once(app: Flask) -> None:
    mine = submit(app, email="ann@example.org", name="Ann")
    other = submit(app, email="bert@example.org", name="Bert")
    with app.app_context():
        assert privacy.erase_person(db.session(), "ANN@example.org", Actor.cli()) == 1
    assert _stored(app, mine.pk).name is None
    assert _stored(app, other.pk).name == "Bert"


def test_check_accepts_a_complete_input() -> None:
    data = FeedbackInput(kind="other", message="Goed werk", email="a@b.be", consent=True)
    assert submissions.check(data) == []
