"""`flask glossary user|token|audit`: accounts from the command line, every write audited."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskCliRunner

from glossary.accounts.models import ApiToken, AuditEntry, User
from glossary.models import db, utcnow
from tests.accounts import PASSWORD, audit_actions

EMAIL = "reviewer@example.org"


def create(runner: FlaskCliRunner, email: str = EMAIL, role: str = "reviewer") -> str:
    result = runner.invoke(
        args=["glossary", "user", "create", email, "--role", role, "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_user_create_stores_an_argon2_hash_not_the_password(
    app: Flask, runner: FlaskCliRunner
) -> None:
    assert "created reviewer@example.org (reviewer)" in create(runner)
    with app.app_context():
        user = db.session.scalars(db.select(User)).one()
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_user_create_asks_for_the_password_twice(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["glossary", "user", "create", EMAIL, "--role", "editor"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "created" in result.output


def test_a_second_account_for_the_same_address_in_other_capitals_is_refused(
    runner: FlaskCliRunner,
) -> None:
    create(runner)
    result = runner.invoke(
        args=[
            "glossary",
            "user",
            "create",
            "Reviewer@EXAMPLE.org",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 1
    assert "exists already" in result.output


def test_a_short_password_is_refused(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["glossary", "user", "create", EMAIL, "--role", "editor", "--password-stdin"],
        input="short\n",
    )
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output


def test_an_unknown_role_is_refused(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["glossary", "user", "create", EMAIL, "--role", "owner", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 2
    assert "owner" in result.output


def test_set_role_disable_and_list(runner: FlaskCliRunner) -> None:
    create(runner)
    assert (
        "is now admin"
        in runner.invoke(args=["glossary", "user", "set-role", EMAIL, "admin"]).output
    )
    assert "is disabled" in runner.invoke(args=["glossary", "user", "disable", EMAIL]).output
    listing = runner.invoke(args=["glossary", "user", "list"]).output
    assert f"{EMAIL}\tadmin\tdisabled\tlast login: never" in listing


def test_commands_on_an_unknown_account_say_so(runner: FlaskCliRunner) -> None:
    for args in (
        ["user", "set-role", EMAIL, "admin"],
        ["user", "disable", EMAIL],
        ["token", "create", EMAIL],
    ):
        result = runner.invoke(args=["glossary", *args])
        assert result.exit_code == 1, args
        assert f"no account for '{EMAIL}'" in result.output


def test_token_create_prints_the_token_once_on_its_last_line(
    app: Flask, runner: FlaskCliRunner
) -> None:
    create(runner)
    result = runner.invoke(args=["glossary", "token", "create", EMAIL, "--name", "ci"])
    assert result.exit_code == 0
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith("bk_") and len(secret) > 40
    with app.app_context():
        token = db.session.scalars(db.select(ApiToken)).one()
        assert token.name == "ci"
        assert secret not in token.digest
    listing = runner.invoke(args=["glossary", "token", "list"]).output
    assert "ci\tlive" in listing
    assert secret not in listing


def test_token_revoke_and_a_second_revoke(runner: FlaskCliRunner) -> None:
    create(runner)
    runner.invoke(args=["glossary", "token", "create", EMAIL])
    assert "token 1 is revoked" in runner.invoke(args=["glossary", "token", "revoke", "1"]).output
    again = runner.invoke(args=["glossary", "token", "revoke", "1"])
    assert again.exit_code == 1
    assert "revoked already" in again.output
    assert runner.invoke(args=["glossary", "token", "revoke", "99"]).exit_code == 1


def test_every_cli_write_is_audited(app: Flask, runner: FlaskCliRunner) -> None:
    create(runner)
    runner.invoke(args=["glossary", "user", "set-role", EMAIL, "admin"])
    runner.invoke(args=["glossary", "token", "create", EMAIL])
    runner.invoke(args=["glossary", "token", "revoke", "1"])
    runner.invoke(args=["glossary", "user", "disable", EMAIL])
    assert audit_actions(app) == [
        ("user.create", EMAIL),
        ("user.set_role", EMAIL),
        ("token.create", EMAIL),
        ("token.revoke", EMAIL),
        ("user.disable", EMAIL),
    ]
    with app.app_context():
        entries = db.session.scalars(db.select(AuditEntry)).all()
        assert {entry.via.value for entry in entries} == {"cli"}
        assert entries[1].detail == {"from": "reviewer", "to": "admin"}


def test_audit_prune_removes_only_entries_past_the_retention(
    app: Flask, runner: FlaskCliRunner
) -> None:
    create(runner)
    create(runner, "other@example.org")
    with app.app_context():
        old = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.pk)).first()
        assert old is not None
        old.at = utcnow() - timedelta(days=400)
        db.session.commit()
    result = runner.invoke(args=["glossary", "audit", "prune"])
    assert "removed 1 audit entries older than 365 days" in result.output
    assert audit_actions(app) == [("user.create", "other@example.org"), ("audit.prune", None)]


def test_audit_prune_follows_the_configured_retention(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["GLOSSARY_AUDIT_RETENTION_DAYS"] = 7
    result = runner.invoke(args=["glossary", "audit", "prune"])
    assert "older than 7 days" in result.output


def test_audit_prune_takes_the_days_given_over_the_setting(
    app: Flask, runner: FlaskCliRunner
) -> None:
    app.config["GLOSSARY_AUDIT_RETENTION_DAYS"] = 7
    result = runner.invoke(args=["glossary", "audit", "prune", "--days", "30"])
    assert "older than 30 days" in result.output


def test_audit_prune_refuses_a_retention_under_one_day(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["glossary", "audit", "prune", "--days", "0"])
    assert result.exit_code == 2
    assert "--days" in result.output
