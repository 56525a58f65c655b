"""`flask glossary release ...`: create, list, and the first release `make run` makes."""

from __future__ import annotations

import shlex

from flask import Flask
from flask.testing import FlaskCliRunner

from glossary.models import db
from glossary.paths import PROJECT_ROOT
from glossary.releases.store import INITIAL_NAME, get_release, list_releases
from tests.conftest import SCHEME_ID


def test_release_create_makes_a_release_with_its_title_and_notes(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(
        args=["glossary", "release", "create", "2026-01", "--title", "Jan", "--notes", "Nieuw"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        view = get_release(db.session, SCHEME_ID, "2026-01")
    assert (view.title, view.notes) == ("Jan", "Nieuw")


def test_release_create_with_a_taken_name_fails_with_a_clear_message(
    runner: FlaskCliRunner,
) -> None:
    runner.invoke(args=["glossary", "release", "create", "2026-01"])
    result = runner.invoke(args=["glossary", "release", "create", "2026-01"])
    assert result.exit_code == 1
    assert "a release named '2026-01' exists already" in result.output


def test_release_list_shows_the_releases_newest_first(runner: FlaskCliRunner) -> None:
    runner.invoke(args=["glossary", "release", "create", "2026-01", "--issued", "2026-01-05"])
    runner.invoke(args=["glossary", "release", "create", "2026-02", "--issued", "2026-02-05"])
    result = runner.invoke(args=["glossary", "release", "list"])
    assert [line.split("\t")[:2] for line in result.output.splitlines()] == [
        ["2026-02", "2026-02-05"],
        ["2026-01", "2026-01-05"],
    ]


def test_the_initial_release_is_the_advisory_of_1_september_2022(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["glossary", "release", "create-initial"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        view = get_release(db.session, SCHEME_ID, INITIAL_NAME)
    assert INITIAL_NAME == "2022-09-advies"
    assert view.issued_at.date().isoformat() == "2022-09-01"


def test_making_the_initial_release_again_changes_nothing(
    app: Flask, runner: FlaskCliRunner
) -> None:
    runner.invoke(args=["glossary", "release", "create-initial"])
    result = runner.invoke(args=["glossary", "release", "create-initial"])
    assert result.exit_code == 0
    assert "nothing to do" in result.output
    with app.app_context():
        assert len(list_releases(db.session, SCHEME_ID)) == 1


def test_no_initial_release_is_made_without_data(
    empty_app: Flask,
) -> None:
    result = empty_app.test_cli_runner().invoke(args=["glossary", "release", "create-initial"])
    assert result.exit_code == 0
    with empty_app.app_context():
        assert list_releases(db.session, SCHEME_ID) == []


def database_recipe() -> list[list[str]]:
    """The `flask glossary ...` commands of the Makefile's `database` target (what `make run`
    runs before serving), in order, as CLI arguments."""
    lines = (PROJECT_ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("database:"))
    commands = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        words = shlex.split(line.strip())
        if words[:2] == ["$(BIN)/flask", "glossary"]:
            commands.append(words[1:])
    return commands


def test_make_run_s_database_step_makes_the_initial_release_once(empty_app: Flask) -> None:
    recipe = database_recipe()
    assert ["glossary", "release", "create-initial"] in recipe
    runner = empty_app.test_cli_runner()
    for _round in range(2):
        for args in recipe:
            result = runner.invoke(args=args)
            assert result.exit_code == 0, (args, result.output)
    with empty_app.app_context():
        assert [view.name for view in list_releases(db.session, SCHEME_ID)] == [INITIAL_NAME]
