"""``registry edits``: list the edits, check a NAACCR file without importing it, run edits over the database.

Follows shared/docs/cli-contract.md: exit 0 success, 1 refused input or a failed check (any error-level edit
failing), 2 wrong usage; errors go to stderr in plain words; ``--json`` output alone on stdout; a progress bar
only when stdout is a terminal.
"""

from __future__ import annotations

import json
import os
import sys

import click

from registry.core.progress import progress_bar
from registry.edits.check import CheckResult, check_file
from registry.edits.engine import EDIT_SETS, all_edits
from registry.edits.summary import RunSummary


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


def _print_summary(summary: RunSummary) -> None:
    click.echo(f"{summary.tumors:,} tumors edited ({summary.edit_set}): {summary.failing_tumors:,} failing "
               "(at least one error-level edit)")
    if summary.edit_counts:
        click.echo("\nBy edit (tumors failing):")
    for row in summary.by_edit():
        click.echo(f"  {row['id']:<6} {row['severity']:<8} {row['failing_tumors']:>8,}  {row['name']}")
    if summary.facility_tumors:
        click.echo("\nBy facility (failing / tumors):")
    for row in summary.by_facility():
        label = f"{row['facility']} {row['name'] or ''}".strip() if row["facility"] else "(no facility)"
        click.echo(f"  {row['failing_tumors']:>8,} / {row['tumors']:<8,} {label}")


@cli.command("run")
@click.option("--set", "edit_set", default="hospital", show_default=True, type=click.Choice(sorted(EDIT_SETS)),
              help="The edit set to run.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--facility", default=None, help="Only tumors of this reporting facility code.")
@click.option("--dx-year-from", type=int, default=None, help="Only tumors diagnosed in or after this year.")
@click.option("--dx-year-to", type=int, default=None, help="Only tumors diagnosed in or before this year.")
def run_command(edit_set: str, as_json: bool, facility: str | None, dx_year_from: int | None,
                dx_year_to: int | None) -> None:
    """Run an edit set over the tumors in the database and store the results (replacing earlier ones)."""
    from registry.edits.runs import run_database_edits, selected_tumor_count

    if dx_year_from is not None and dx_year_to is not None and dx_year_from > dx_year_to:
        raise click.UsageError("--dx-year-from is after --dx-year-to")
    selection = {"facility": facility, "dx_year_from": dx_year_from, "dx_year_to": dx_year_to}
    total = selected_tumor_count(**selection) if sys.stdout.isatty() else None
    with progress_bar(total, "Editing tumors") as advance:
        summary = run_database_edits(edit_set, progress=advance, **selection)
    if as_json:
        click.echo(json.dumps(summary.to_json(), indent=1))
    else:
        _print_summary(summary)
    if summary.has_errors:
        sys.exit(1)
