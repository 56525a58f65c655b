"""`flask glossary feedback ...`: retention, a person's data, and the mail outbox."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from glossary.accounts.audit import Actor
from glossary.cli_retention import Retention
from glossary.consultation import privacy as consultation_privacy
from glossary.feedback import mail, privacy
from glossary.http.feedback import notice as notice_from_config
from glossary.models import db

FEEDBACK_RETENTION = Retention(
    "months",
    "GLOSSARY_FEEDBACK_RETENTION_MONTHS",
    privacy.DEFAULT_RETENTION_MONTHS,
    counted=" after closing",
)


@click.group("feedback")
def feedback_cli() -> None:
    """Feedback from the public: retention, personal data, mail."""


@feedback_cli.command("prune")
@FEEDBACK_RETENTION.option()
@with_appcontext
def prune_command(retention: int | None) -> None:
    """Erase the personal data of submissions, and of consultation participants, closed
    longer ago than the retention period."""
    months = FEEDBACK_RETENTION.of(retention)
    erased = privacy.prune(db.session(), months)
    click.echo(f"erased the personal data of {erased} submissions closed over {months} months ago")
    rounds = consultation_privacy.prune(db.session(), months)
    click.echo(f"erased the participants of {rounds} consultations closed over {months} months ago")


@feedback_cli.command("export-person")
@click.argument("email")
@with_appcontext
def export_person_command(email: str) -> None:
    """Print, as JSON, everything kept about the person with address EMAIL."""
    kept = privacy.export_person(db.session(), email)
    kept["consultations"] = consultation_privacy.export_participant(db.session(), email)
    click.echo(json.dumps(kept, indent=2, ensure_ascii=False))


@feedback_cli.command("erase-person")
@click.argument("email")
@with_appcontext
def erase_person_command(email: str) -> None:
    """Erase the name, organisation and address of EMAIL from every submission and every
    consultation invitation, and the mail sent to it."""
    erased = privacy.erase_person(db.session(), email, Actor.cli())
    invitations = consultation_privacy.erase_participant(db.session(), email, Actor.cli())
    click.echo(
        f"erased the personal data of {erased} submissions and {invitations} consultation"
        " invitations"
    )


@feedback_cli.command("send-mail")
@with_appcontext
def send_mail_command() -> None:
    """Send the queued mail that is due (run it every few minutes: failures are retried)."""
    notice = notice_from_config()
    if not notice.enabled:
        click.echo("SMTP_URL is not set: no mail is sent")
        return
    delivery = mail.deliver_due(db.session(), notice)
    click.echo(f"sent {delivery.sent}, failed {delivery.failed}")


def register_feedback_commands(group: click.Group) -> None:
    group.add_command(feedback_cli)
