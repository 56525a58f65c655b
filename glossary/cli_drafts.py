"""`flask glossary import FILE --as-draft`: a CSV file set turned into drafts for review.

Separate from glossary/cli.py, which imports directly; the work is glossary.editing.batch's.
Errors are located lines on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from glossary.accounts import users
from glossary.accounts.audit import Actor
from glossary.accounts.models import Via
from glossary.database import db_session
from glossary.editing.batch import import_as_drafts
from glossary.editing.errors import DraftInvalid, EditingError
from glossary.http import current
from glossary.importing import FrameworkFiles, FrameworkInvalid, Rules, is_importable_file
from glossary.importing.pipeline import stored_concept_labels
from glossary.importing.read_csv import read_framework


def import_as_drafts_command(
    scheme_id: str,
    path: Path,
    files: FrameworkFiles,
    author: str | None,
    note: str,
    dry_run: bool,
    prune: bool,
) -> None:
    if prune or is_importable_file(path):
        _fail("--as-draft reads a CSV file set and removes nothing (no --prune)")
    session = db_session()
    actor = Actor.cli()
    if author:
        user = users.find_user(session, author)
        if user is None or not user.active:
            _fail(f"no active account '{author}'")
        actor = Actor(via=Via.CLI, user_pk=user.pk)
    source_language = current.source_language()
    base_uri = str(current.settings().get("GLOSSARY_BASE_URI", ""))
    try:
        framework, _ = read_framework(
            files, source_language, stored_concept_labels(session, scheme_id), base_uri
        )
        outcome = import_as_drafts(
            session,
            scheme_id,
            actor,
            framework,
            Rules(source_language=source_language, base_uri=base_uri),
            note or f"import {path.name}",
            dry_run=dry_run,
        )
    except (FrameworkInvalid, DraftInvalid) as invalid:
        for problem in invalid.problems:
            click.echo(f"error: {problem}", err=True)
        _fail(f"{len(invalid.problems)} problem(s); no draft was written")
    except EditingError as error:
        _fail(f"{error}; no draft was written")
    if dry_run:
        for slug in outcome.slugs:
            click.echo(f"  would draft: {slug}")
        click.echo(
            f"dry run, nothing written: {len(outcome.slugs)} draft(s), "
            f"{outcome.unchanged} concept(s) unchanged"
        )
        return
    for draft in outcome.drafts:
        click.echo(f"  draft {'(new) ' if draft.is_new else ''}{draft.slug}")
    click.echo(
        f"{len(outcome.drafts)} draft(s) written for review, {outcome.unchanged} concept(s) "
        "unchanged; nothing is published until a reviewer approves"
    )


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)
