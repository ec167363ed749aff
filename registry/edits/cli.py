"""``registry edits``: list the edits and check a NAACCR file without importing it.

Follows shared/docs/cli-contract.md: exit 0 success, 1 refused input or a failed check (any error-level edit
failing), 2 wrong usage; errors go to stderr in plain words; ``--json`` output alone on stdout; a progress bar
only when stdout is a terminal.
"""

from __future__ import annotations

import json
import os
import sys

import click

from registry.edits.check import CheckResult, check_file
from registry.edits.engine import EDIT_SETS, all_edits


@click.group("edits")
def cli() -> None:
    """Data-quality edits (NAACCR-style)."""


def edit_list() -> list[dict[str, object]]:
    """Every edit in the ``edits list --json`` shape."""
    return [{"id": e.id, "name": e.name, "severity": e.severity, "items": list(e.items), "sets": sorted(e.sets)}
            for e in all_edits()]


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the edits as JSON.")
def list_command(as_json: bool) -> None:
    """List every edit with its severity and edit sets."""
    rows = edit_list()
    if as_json:
        click.echo(json.dumps(rows, indent=1))
        return
    for row in rows:
        click.echo(f"{row['id']:<6} {row['severity']:<8} {row['name']}  [{', '.join(row['sets'])}]")  # type: ignore
    click.echo(f"{len(rows)} edits")


def _run_check(path: str, edit_set: str) -> CheckResult:
    if not sys.stdout.isatty():
        return check_file(path, edit_set)
    with click.progressbar(length=max(os.path.getsize(path), 1), label="Checking", file=sys.stderr) as bar:
        seen = [0]

        def advance(position: int) -> None:
            bar.update(position - seen[0])
            seen[0] = position
        return check_file(path, edit_set, progress=advance)


def _print_rows(result: CheckResult) -> None:
    for row in result.rows:
        tumor = f" tumor {row['tumorRecordNumber']}" if row["tumorRecordNumber"] else ""
        click.echo(f"patient {row['patientIdNumber']}{tumor}: {row['edit']} {row['severity']}: {row['message']}")
    click.echo(f"{result.records} tumors checked: {result.errors} errors, {result.warnings} warnings")


@cli.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the failing edits as JSON.")
@click.option("--set", "edit_set", default="hospital", show_default=True, type=click.Choice(sorted(EDIT_SETS)),
              help="The edit set to run.")
def check_command(file: str, as_json: bool, edit_set: str) -> None:
    """Run an edit set on a NAACCR XML file (plain or gzipped) without importing it."""
    if not os.path.isfile(file):
        click.echo(f"Error: no such file: {file}", err=True)
        sys.exit(1)
    try:
        result = _run_check(file, edit_set)
    except (OSError, ValueError) as exc:
        click.echo(f"Error: cannot read {file}: {exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result.rows, indent=1))
    else:
        _print_rows(result)
    for message in result.file_errors:
        click.echo(f"Error: {file}: {message}", err=True)
    if result.file_errors or result.errors:
        sys.exit(1)
