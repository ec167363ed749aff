"""`registry users ...`: manage accounts from the command line."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from registry.accounts.models import ROLES, User
from registry.accounts.operations import AccountError, create_user
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
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        create_user(username, password, role, facilities=list(facilities), full_name=full_name, actor=cli_actor())
    except (AccountError, PasswordPolicyError) as exc:
        db.session.rollback()
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Created {role} {username}.", err=True)


@cli.command("list")
def list_users() -> None:
    """List accounts."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        limits = ",".join(sorted(user.facility_codes or [])) or "all facilities"
        click.echo(f"{user.username}\t{user.role}\t{'active' if user.active else 'disabled'}\t{limits}")
