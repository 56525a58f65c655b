"""Helpers for the feedback tests: a submission stored through the service."""

from __future__ import annotations

from flask import Flask
from hypothesis import HealthCheck, settings

from glossary.feedback import submissions
from glossary.feedback.mail import Notice
from glossary.feedback.submissions import FeedbackInput, NewSubmission, Scope
from glossary.models import db

SCOPE = Scope(scheme_id="begrippenkader", source_language="nl")
A_CONCEPT = "mediawijsheid"


def submit(app: Flask, notice: Notice | None = None, **fields: object) -> NewSubmission:
    values: dict[str, object] = {"kind": "unclear", "message": "Dit is onduidelijk."}
    values.setdefault("concept", A_CONCEPT)
    values.update(fields)
    with app.app_context():
        return submissions.submit(
            db.session(),
            SCOPE,
            FeedbackInput(**values),
            "web",
            notice or Notice(),  # type: ignore[arg-type]
        )


def fuzzing(examples: int) -> settings:
    """Hypothesis settings for fuzzing an endpoint through the `client` fixture: reproducible
    (derandomized, no example database) and without a time limit per example."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
