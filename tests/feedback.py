"""Helpers for the feedback tests: a submission stored through the service."""

from __future__ import annotations

from flask import Flask

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
