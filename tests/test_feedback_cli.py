"""`flask glossary feedback ...`: a person's data exported and erased, retention pruned."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskCliRunner

from glossary.feedback.models import FeedbackStatus, FeedbackSubmission
from glossary.models import db, utcnow
from tests.accounts import audit_actions
from tests.feedback import submit


def test_export_person_prints_their_submissions_as_json(app: Flask, runner: FlaskCliRunner) -> None:
    submit(app, email="ann@example.org", name="Ann", message="Mijn opmerking")
    submit(app, email="bert@example.org", name="Bert")
    result = runner.invoke(args=["glossary", "feedback", "export-person", "ANN@example.org"])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)
    assert [item["message"] for item in exported["submissions"]] == ["Mijn opmerking"]


def test_erase_person_erases_and_is_audited(app: Flask, runner: FlaskCliRunner) -> None:
    submit(app, email="ann@example.org", name="Ann")
    result = runner.invoke(args=["glossary", "feedback", "erase-person", "ann@example.org"])
    assert result.exit_code == 0, result.output
    assert "erased the personal data of 1 submissions" in result.output
    with app.app_context():
        stored = db.session.scalars(db.select(FeedbackSubmission)).one()
        assert (stored.name, stored.email) == (None, None)
    assert ("feedback.erase_person", None) in audit_actions(app)


def test_prune_uses_the_configured_retention(app: Flask, runner: FlaskCliRunner) -> None:
    new = submit(app, email="ann@example.org")
    with app.app_context():
        stored = db.session.get(FeedbackSubmission, new.pk)
        assert stored is not None
        stored.status = FeedbackStatus.DECLINED
        stored.closed_at = utcnow() - timedelta(days=70)
        db.session.commit()
    app.config["GLOSSARY_FEEDBACK_RETENTION_MONTHS"] = 3
    kept = runner.invoke(args=["glossary", "feedback", "prune"])
    assert "erased the personal data of 0 submissions" in kept.output
    app.config["GLOSSARY_FEEDBACK_RETENTION_MONTHS"] = 2
    erased = runner.invoke(args=["glossary", "feedback", "prune"])
    assert "erased the personal data of 1 submissions" in erased.output


def test_prune_takes_the_months_given_over_the_setting(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["GLOSSARY_FEEDBACK_RETENTION_MONTHS"] = 3
    result = runner.invoke(args=["glossary", "feedback", "prune", "--months", "5"])
    assert "closed over 5 months ago" in result.output


def test_prune_refuses_a_retention_under_one_month(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["glossary", "feedback", "prune", "--months", "0"])
    assert result.exit_code == 2
    assert "--months" in result.output
