"""`flask glossary ...` commands: thin wrappers over the services."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from glossary.database import create_database_file, db_session
from glossary.formats.csvfile import write_clusters, write_concepts, write_scheme, write_sources
from glossary.http import current
from glossary.importing import (
    CLUSTERS_FILE,
    SCHEME_FILE,
    SOURCES_FILE,
    FrameworkFiles,
    FrameworkInvalid,
    export_framework,
    import_framework,
)
from glossary.models import Concept, db


@click.group("glossary")
def glossary_cli() -> None:
    """Manage the begrippenkader: import, export, search index."""


@glossary_cli.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and show what would change; write nothing.")
@click.option("--prune", is_flag=True, help="Remove concepts that are not in the file.")
@click.option("--if-empty", is_flag=True, help="Only import when the database has no concepts.")
@click.option(
    "--clusters", type=click.Path(path_type=Path), help=f"Default: {CLUSTERS_FILE} beside PATH."
)
@click.option(
    "--sources", type=click.Path(path_type=Path), help=f"Default: {SOURCES_FILE} beside PATH."
)
@click.option("--scheme", "scheme", help="Scheme to import into. Default: GLOSSARY_SCHEME_ID.")
@click.option(
    "--as-draft",
    is_flag=True,
    help="Turn each new or changed concept of the CSV into a draft for review; publish nothing.",
)
@click.option("--author", help="With --as-draft: the account the drafts are by (an e-mail).")
@click.option("--note", default="", help="With --as-draft: the drafts' change note.")
@with_appcontext
def import_command(
    path: Path,
    dry_run: bool,
    prune: bool,
    if_empty: bool,
    clusters: Path | None,
    sources: Path | None,
    scheme: str | None,
    as_draft: bool,
    author: str | None,
    note: str,
) -> None:
    """Validate PATH (CSV; SKOS as .ttl, .rdf, .jsonld; TBX as .tbx) completely, then
    import it in one transaction (or, with --as-draft, turn it into drafts for review)."""
    from glossary.importing import Publication, import_file, is_importable_file

    scheme_id = scheme or current.scheme_id()
    if as_draft:
        from glossary.cli_drafts import import_as_drafts_command

        files = FrameworkFiles.beside(path, clusters=clusters, sources=sources)
        import_as_drafts_command(scheme_id, path, files, author, note, dry_run, prune)
        return
    create_database_file(db.engine)
    if if_empty and db_session().scalar(select(func.count(Concept.pk))):
        click.echo("The database already holds concepts; nothing imported (--if-empty).")
        return
    files = FrameworkFiles.beside(path, clusters=clusters, sources=sources)
    config = current.settings()
    source_language = current.source_language()
    base_uri = config["GLOSSARY_BASE_URI"]
    stated = Publication(
        license=config["GLOSSARY_LICENSE"],
        publisher_name=config["GLOSSARY_PUBLISHER_NAME"],
        publisher_url=config["GLOSSARY_PUBLISHER_URL"] or "",
        issued=None,
    )
    try:
        if is_importable_file(path):
            plan, revision, skipped = import_file(
                db_session(),
                scheme_id,
                path,
                source_language,
                prune=prune,
                dry_run=dry_run,
                base_uri=base_uri,
                stated=stated,
            )
            for statement in skipped:
                click.echo(f"not imported: {statement}", err=True)
        else:
            plan, revision = import_framework(
                db_session(),
                scheme_id,
                files,
                source_language=source_language,
                prune=prune,
                dry_run=dry_run,
                base_uri=base_uri,
            )
    except FrameworkInvalid as invalid:
        for problem in invalid.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(
            f"{len(invalid.problems)} problem(s); nothing was imported, the database is unchanged.",
            err=True,
        )
        sys.exit(1)
    except SQLAlchemyError as error:
        # Validation should have caught it; the transaction was rolled back all the same.
        click.echo(
            f"error: the database refused the import: {getattr(error, 'orig', None) or error}",
            err=True,
        )
        click.echo("nothing was imported, the database is unchanged.", err=True)
        sys.exit(1)
    prefix = "dry run, nothing written: " if dry_run else ""
    click.echo(prefix + plan.summary())
    for label, slugs in (
        ("added", plan.added),
        ("changed", plan.changed),
        ("removed", plan.removed),
    ):
        for slug in slugs:
            click.echo(f"  {label}: {slug}")
    for slug in plan.changed_through:
        click.echo(f"  changed through a related concept, source or cluster: {slug}")
    if revision is not None:
        click.echo(f"data revision is now {revision.number}")
        _refresh_search_index()
    elif not dry_run:
        click.echo("nothing changed")


@glossary_cli.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def export_command(path: Path) -> None:
    """Write the framework to PATH, with clusters.csv, bronnen.csv and scheme.csv beside it."""
    framework, scheme = export_framework(db_session(), current.scheme_id())
    path.parent.mkdir(parents=True, exist_ok=True)
    source_language = current.source_language()
    with path.open("w", encoding="utf-8", newline="") as out:
        write_concepts(framework.concepts, source_language, out)
    with (path.parent / CLUSTERS_FILE).open("w", encoding="utf-8", newline="") as out:
        write_clusters(framework.clusters, source_language, out)
    with (path.parent / SOURCES_FILE).open("w", encoding="utf-8", newline="") as out:
        write_sources(framework.sources, out)
    if scheme.texts:
        with (path.parent / SCHEME_FILE).open("w", encoding="utf-8", newline="") as out:
            write_scheme(scheme.texts, scheme.translation_status, source_language, out)
    click.echo(
        f"exported {len(framework.concepts)} concepts, {len(framework.clusters)} clusters and "
        f"{len(framework.sources)} sources to {path.parent}"
    )


@glossary_cli.command("readability")
@click.option("--lang", default=None, help="Language of the explanations (default: the source).")
@with_appcontext
def readability_command(lang: str | None) -> None:
    """Measure every concept's plain-language explanation against the B1 aims.

    Exits with status 1 when an explanation is missing or misses an aim, so CI can run it.
    """
    from glossary.services.readability_report import readability_report

    lang = lang or current.source_language()
    rows = readability_report(db_session(), current.scheme_id(), lang)
    click.echo(
        f"{'concept':<45} {'status':<9} {'words':>5} {'w/sent':>6} {'FD':>6} "
        f"{'uncommon':>8} {'FD def':>6}  problems"
    )
    for row in rows:
        plain, definition = row.explanation, row.definition
        figures = (
            f"{plain.words:>5} {plain.mean_sentence_length:>6.1f} {plain.flesch_douma:>6.1f} "
            f"{plain.uncommon_share:>8.0%}"
            if plain
            else f"{'-':>5} {'-':>6} {'-':>6} {'-':>8}"
        )
        definition_score = f"{definition.flesch_douma:>6.1f}" if definition else f"{'-':>6}"
        click.echo(
            f"{row.concept_id[:45]:<45} {row.status or '-':<9} {figures} {definition_score}  "
            + "; ".join(row.problems)
        )
    failing = sum(bool(row.problems) for row in rows)
    click.echo(f"{len(rows) - failing} of {len(rows)} explanations ({lang}) meet the aims")
    if failing:
        sys.exit(1)


@glossary_cli.command("reindex")
@click.option(
    "--if-stale",
    is_flag=True,
    help="Only build when the index is missing, damaged or behind the data revision.",
)
@with_appcontext
def reindex_command(if_stale: bool) -> None:
    """Build the search index at the data revision (a new version unless --if-stale)."""
    from glossary.search import service as search

    index = search.IndexConfig.from_settings(current.settings())
    build = search.ensure_current_index if if_stale else search.rebuild_index
    click.echo(build(index, db_session()).describe())


def _refresh_search_index() -> None:
    """Bring the search index to the new data revision (see glossary/search/lifecycle.py)."""
    from glossary.search import service as search

    index = search.IndexConfig.from_settings(current.settings())
    click.echo(search.ensure_current_index(index, db_session()).describe())


@glossary_cli.group("mappings")
def mappings_cli() -> None:
    """Mappings to concepts of other vocabularies."""


@mappings_cli.command("fetch-labels")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for each URI.")
@with_appcontext
def fetch_labels_command(timeout: float) -> None:
    """Dereference every mapped URI (content negotiation for RDF) and store its labels.

    The only way labels of other vocabularies get in: pages never fetch them.
    """
    from glossary.services.mappings import fetch_labels, http_fetcher

    report = fetch_labels(db_session(), http_fetcher(timeout))
    for uri, reason in sorted(report.failed.items()):
        click.echo(f"warning: {uri}: {reason}", err=True)
    for slug in report.changed_concepts:
        click.echo(f"  changed: {slug}")
    click.echo(report.describe())
    if report.revision is not None:
        _refresh_search_index()


def _register_account_commands() -> None:
    from glossary.accounts.cli import register_account_commands

    register_account_commands(glossary_cli)
    from glossary.feedback.cli import register_feedback_commands

    register_feedback_commands(glossary_cli)
    from glossary.releases.cli import register_release_commands

    register_release_commands(glossary_cli)

    from glossary.consultation.cli import register_consultation_commands

    register_consultation_commands(glossary_cli)


_register_account_commands()
