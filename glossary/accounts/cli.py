"""`flask glossary user|token|audit ...`: managing accounts from the host.

Every write is recorded in the audit log as made through the command line. Errors are one
line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import click
from flask.cli import with_appcontext

from glossary.accounts import audit, tokens, users
from glossary.accounts.audit import Actor
from glossary.accounts.models import Role
from glossary.accounts.users import AccountError
from glossary.cli_retention import Retention
from glossary.models import db

ROLE_CHOICE = click.Choice([role.value for role in Role], case_sensitive=False)
T = TypeVar("T")
AUDIT_RETENTION = Retention("days", "GLOSSARY_AUDIT_RETENTION_DAYS", audit.DEFAULT_RETENTION_DAYS)


def _or_exit(action: Callable[[], T]) -> T:
    try:
        return action()
    except AccountError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group("user")
def user_cli() -> None:
    """Accounts of editors, reviewers and admins."""


@user_cli.command("create")
@click.argument("email")
@click.option("--role", type=ROLE_CHOICE, required=True, help="What the account may do.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@with_appcontext
def create_user_command(email: str, role: str, password_stdin: bool) -> None:
    """Create an account for EMAIL (the password is asked for, twice, unless --password-stdin)."""
    password = _password(password_stdin)
    user = _or_exit(
        lambda: users.create_user(db.session(), email, Role(role.lower()), password, Actor.cli())
    )
    click.echo(f"created {user.email} ({user.role.value})")


@user_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
@with_appcontext
def set_role_command(email: str, role: str) -> None:
    """Give the account of EMAIL another ROLE."""
    user = _or_exit(lambda: users.set_role(db.session(), email, Role(role.lower()), Actor.cli()))
    click.echo(f"{user.email} is now {user.role.value}")


@user_cli.command("disable")
@click.argument("email")
@with_appcontext
def disable_command(email: str) -> None:
    """Lock the account of EMAIL out: no sign-in, its sessions end, its tokens stop working."""
    user = _or_exit(lambda: users.disable_user(db.session(), email, Actor.cli()))
    click.echo(f"{user.email} is disabled")


@user_cli.command("list")
@with_appcontext
def list_command() -> None:
    """Every account with its role, state and last sign-in."""
    for user in users.list_users(db.session()):
        state = "active" if user.active else "disabled"
        last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never"
        click.echo(f"{user.email}\t{user.role.value}\t{state}\tlast login: {last}")


@click.group("token")
def token_cli() -> None:
    """Bearer tokens for the API."""


@token_cli.command("create")
@click.argument("email")
@click.option("--name", default=None, help="What the token is for (shown in lists).")
@with_appcontext
def create_token_command(email: str, name: str | None) -> None:
    """Create a token for the account of EMAIL; the token is the last line, shown only once."""
    new = _or_exit(lambda: tokens.create_token(db.session(), email, name, Actor.cli()))
    click.echo(
        f"token {new.pk} ('{new.name}') for {new.email}; store it now, it is not shown again:"
    )
    click.echo(new.secret)


@token_cli.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def revoke_token_command(token_id: int) -> None:
    """Revoke the token TOKEN_ID (the number `token create` and `token list` show)."""
    token = _or_exit(lambda: tokens.revoke_token(db.session(), token_id, Actor.cli()))
    click.echo(f"token {token.pk} is revoked")


@token_cli.command("list")
@click.argument("email", required=False)
@with_appcontext
def list_tokens_command(email: str | None) -> None:
    """Tokens (of EMAIL, or of everyone), without their secrets."""
    for token in _or_exit(lambda: tokens.list_tokens(db.session(), email)):
        state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "live"
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
        click.echo(f"{token.pk}\t{token.user.email}\t{token.name}\t{state}\tlast used: {used}")


@click.group("audit")
def audit_cli() -> None:
    """The audit log of every write."""


@audit_cli.command("prune")
@AUDIT_RETENTION.option()
@with_appcontext
def prune_command(retention: int | None) -> None:
    """Delete the audit entries older than the retention period."""
    days = AUDIT_RETENTION.of(retention)
    removed = audit.prune(db.session(), days)
    click.echo(f"removed {removed} audit entries older than {days} days")


def register_account_commands(group: click.Group) -> None:
    """Add `user`, `token` and `audit` under the `flask glossary` group."""
    for command in (user_cli, token_cli, audit_cli):
        group.add_command(command)
