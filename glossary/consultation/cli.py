"""`flask glossary consultation ...`: closing the rounds past their date (scheduled)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from glossary.consultation import rounds
from glossary.models import db


@click.group("consultation")
def consultation_cli() -> None:
    """Consultation rounds over drafts."""


@consultation_cli.command("close-due")
@with_appcontext
def close_due_command() -> None:
    """Record the closing of every round past its closing date (run it daily; the pages
    treat such a round as closed already)."""
    closed = rounds.close_due(db.session())
    click.echo(f"closed {closed} consultations past their closing date")


def register_consultation_commands(group: click.Group) -> None:
    group.add_command(consultation_cli)
