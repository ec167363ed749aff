"""`registry users ...`: manage accounts from the command line."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from registry.accounts.models import ROLES, User
from registry.accounts.operations import AccountError, create_user, get_user, reset_password, set_active
from registry.accounts.passwords import PasswordPolicyError
from registry.core.audit import Actor
from registry.extensions import db


def cli_actor() -> Actor:
    import getpass

    return Actor(None, f"cli:{getpass.getuser()}")


@click.group("users")
def cli() -> None:
    """Manage user accounts."""


@cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--facility", "facilities", multiple=True, help="Limit the user to this facility (repeatable).")
@click.option("--full-name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(username: str, role: str, facilities: tuple[str, ...], full_name: str, password_stdin: bool) -> None:
    """Add an account."""
    password = _read_password(password_stdin)
    try:
        create_user(username, password, role, facilities=list(facilities), full_name=full_name, actor=cli_actor())
    except (AccountError, PasswordPolicyError) as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Created {role} {username}.", err=True)


@cli.command("list")
def list_users() -> None:
    """List accounts."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        limits = ",".join(sorted(user.facility_codes or [])) or "all facilities"
        click.echo(f"{user.username}\t{user.role}\t{'active' if user.active else 'disabled'}\t{limits}")


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _fail(exc: Exception) -> None:
    db.session.rollback()
    click.echo(f"Error: {exc}", err=True)
    sys.exit(1)


@cli.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
def set_password(username: str, password_stdin: bool) -> None:
    """Reset an account's password (an administrator's reset); signs out all its sessions."""
    try:
        ended = reset_password(get_user(username), _read_password(password_stdin), cli_actor())
    except (AccountError, PasswordPolicyError) as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Password of {username} changed; {ended} session(s) signed out.", err=True)


@cli.command("disable")
@click.argument("username")
def disable(username: str) -> None:
    """Disable an account: it can no longer sign in, and all its sessions end now."""
    try:
        ended = set_active(get_user(username), False, cli_actor())
    except AccountError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Disabled {username}; {ended} session(s) signed out.", err=True)


@cli.command("enable")
@click.argument("username")
def enable(username: str) -> None:
    """Enable a disabled account again."""
    try:
        set_active(get_user(username), True, cli_actor())
    except AccountError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"Enabled {username}.", err=True)
