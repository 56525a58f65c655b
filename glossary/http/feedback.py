"""What the feedback surfaces (forms, API, workspace, CLI) share about the current app:
the mail settings, the framework submissions are about, the submission budget, and sending
the queued mail once a request's write has committed."""

from __future__ import annotations

import logging

from flask import current_app

from glossary.database import db_session
from glossary.feedback import mail
from glossary.feedback.submissions import Scope
from glossary.http import current

log = logging.getLogger(__name__)
# The largest request body a submission may have (every field at its limit fits in 32 kB).
MAX_BODY_BYTES = 64 * 1024


def notice() -> mail.Notice:
    """The mail settings of the current app (SMTP_URL empty: no mail)."""
    config = current_app.config
    return mail.Notice(
        smtp_url=str(config.get("SMTP_URL") or ""),
        sender=str(config.get("GLOSSARY_MAIL_FROM") or "begrippenkader@localhost"),
        public_url=str(config.get("GLOSSARY_PUBLIC_URL") or "http://localhost/"),
        language=current.source_language(),
    )


def scope() -> Scope:
    return Scope(scheme_id=current.scheme_id(), source_language=current.source_language())


def send_queued_mail() -> None:
    """Send what the committed write queued. Never raises: mail is a courtesy, the
    submission is already stored, and `flask glossary feedback send-mail` retries."""
    settings = notice()
    if not settings.enabled:
        return
    try:
        mail.deliver_due(db_session(), settings)
    except Exception:
        log.exception("sending the queued mail failed; it stays queued")
        db_session().rollback()
