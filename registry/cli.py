"""The `registry` command line (see docs/cli.md and the CLI contract).

Each domain adds its own click group; they are registered here. Commands run inside the app context
with the database from REGISTRY_DATABASE_URL (the instance SQLite file when unset).
"""

from __future__ import annotations

import importlib
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo

from registry import create_app

# (module, attribute) of each domain's click group; a domain not built yet is simply absent.
DOMAIN_GROUPS = (
    ("registry.accounts.cli", "cli"),
    ("registry.demo.cli", "cli"),
    ("registry.naaccr.cli", "cli"),
    ("registry.edits.cli", "cli"),
    ("registry.staging.cli", "cli"),
    ("registry.followup.cli", "cli"),
    ("registry.reports.cli", "cli"),
    ("registry.reports.populations_cli", "cli"),
    ("registry.submissions.cli", "cli"),
    ("registry.intake.cli", "cli"),
)


def _create_app(*_args, **_kwargs):
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True, add_version_option=False,
             load_dotenv=False)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Cancer registry: abstracting, NAACCR exchange, edits, staging, follow-up, reports, submissions."""
    if not current_app:  # every domain command runs inside the application context
        ctx.with_resource(ctx.ensure_object(ScriptInfo).load_app().app_context())


def _register() -> None:
    for module_name, attr in DOMAIN_GROUPS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        cli.add_command(getattr(module, attr))


_register()
if "naaccr" in cli.commands:  # database import/export join the file commands of the naaccr group
    from registry.naaccr.exchange.cli import attach

    attach(cli.commands["naaccr"])


def main() -> None:
    try:
        cli.main(prog_name="registry")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
