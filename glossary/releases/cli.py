"""`flask glossary release ...`: make and list releases from the command line."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from glossary.accounts.audit import Actor
from glossary.database import db_session
from glossary.http import current
from glossary.releases.store import (
    NewRelease,
    ReleaseError,
    create_release,
    ensure_initial_release,
    list_releases,
)
from glossary.urls import public_root


def release_url_pattern() -> str:
    """The permanent page of a release by name, under GLOSSARY_PUBLIC_URL (never a Host)."""
    return public_root() + "versies/{name}"


@click.group("release")
def release_cli() -> None:
    """Releases: named, frozen snapshots of the published framework."""


@release_cli.command("create")
@click.argument("name")
@click.option("--title", default="", help="A title for people (default: the name).")
@click.option("--notes", default="", help="What the release brings (Markdown).")
@click.option(
    "--issued",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The issue date, YYYY-MM-DD (default: now).",
)
@with_appcontext
def create_command(name: str, title: str, notes: str, issued: datetime | None) -> None:
    """Freeze the published framework as release NAME (like 2022-09-advies)."""
    try:
        new = NewRelease(
            name,
            title,
            notes,
            current.source_language(),
            release_url_pattern(),
            issued.replace(tzinfo=UTC) if issued is not None else None,
        )
        view = create_release(db_session(), current.scheme_id(), Actor.cli(), new)
    except ReleaseError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"release {view.name}: {view.concept_count} concepts, revision {view.revision}")


@release_cli.command("create-initial")
@with_appcontext
def create_initial_command() -> None:
    """Make the bundled data the first release, when the framework has none yet."""
    view = ensure_initial_release(
        db_session(), current.scheme_id(), current.source_language(), release_url_pattern()
    )
    if view is None:
        click.echo("a release exists already (or there is no data): nothing to do")
    else:
        click.echo(f"release {view.name}: {view.concept_count} concepts")


@release_cli.command("list")
@with_appcontext
def list_command() -> None:
    """The releases, newest first: name, issue date, concepts, title."""
    for view in list_releases(db_session(), current.scheme_id()):
        click.echo(
            f"{view.name}\t{view.issued_at.date().isoformat()}\t{view.concept_count}\t{view.title}"
        )


def register_release_commands(group: click.Group) -> None:
    group.add_command(release_cli)
