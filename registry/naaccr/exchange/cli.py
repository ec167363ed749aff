"""`registry naaccr import` and `registry naaccr export`: files in and out of the database."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence

import click

from registry.accounts.cli import cli_actor
from registry.core.progress import progress_bar
from registry.naaccr.cli import _user_dictionaries
from registry.naaccr.dictionary import BASE_VERSIONS
from registry.naaccr.exchange.exporter import ExportSelection, export_file
from registry.naaccr.exchange.importer import import_file
from registry.naaccr.exchange.uploads import RETENTION_KEY, purge_uploads

_FILE = click.Path(exists=True, dir_okay=False, readable=True)


@click.command("import")
@click.argument("file", type=_FILE)
@click.option("--skip-invalid", is_flag=True, help="Import the valid patients; write the others to a rejection file.")
@click.option("--user-dictionary", "user_dictionaries", multiple=True, type=_FILE)
@click.option("--no-derive", is_flag=True, help="Keep exactly the file's items: do not recompute derived stage items.")
@click.option("--dry-run", is_flag=True, help="Write nothing: print what the import would do.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def import_command(file: str, skip_invalid: bool, user_dictionaries: Sequence[str], no_derive: bool,
                   dry_run: bool, as_json: bool) -> None:
    """Load a NAACCR XML or flat file: all or nothing unless --skip-invalid."""
    dictionaries = _user_dictionaries(user_dictionaries)
    with progress_bar(os.path.getsize(file), "importing") as advance:
        state = {"at": 0}

        def moved(position: int, _total: int) -> None:
            advance(max(position - state["at"], 0))
            state["at"] = max(position, state["at"])

        result = import_file(file, cli_actor(), skip_invalid=skip_invalid, user_dictionaries=dictionaries,
                             progress=moved, derive=not no_derive, dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(result.to_json()))
    for error in result.errors[:50] if not as_json else []:
        click.echo(f"line {error.line}: {error.kind} {error.naaccr_id or ''} {error.message}", err=True)
    if len(result.errors) > 50 and not as_json:
        click.echo(f"... and {len(result.errors) - 50} more problems", err=True)
    if result.status == "refused":
        fatal = result.fatal_problem()
        hint = f"; {fatal}" if fatal else " (use --skip-invalid to import the valid patients)"
        click.echo(f"Refused: {len(result.errors)} problem(s) found; nothing was imported{hint}.", err=True)
        sys.exit(1)
    counts = result.intake
    click.echo(f"{'Would import' if dry_run else 'Incoming'}: {counts.new_persons:,} new persons, {counts.linked:,} "
               f"linked, {counts.review:,} to review, {counts.corrected:,} corrected, {counts.unchanged:,} unchanged"
               f"{'; nothing was written' if dry_run else ''}.", err=True)
    click.echo(
        f"Imported {result.patients:,} patients, {result.tumors:,} tumors, {result.items:,} items "
        f"({result.created:,} new, {result.updated:,} updated, {result.unchanged:,} unchanged); "
        f"rejected {result.rejected:,}{' to ' + result.rejection_file if result.rejection_file else ''}; "
        f"{result.seconds:.1f} s.", err=True)


@click.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--version", type=click.Choice(BASE_VERSIONS), help="NAACCR version of the file (default 260).")
@click.option("--record-type", type=click.Choice(["A", "M", "C", "I"]), help="Write only this record type's items.")
@click.option("--dx-year-from", type=int)
@click.option("--dx-year-to", type=int)
@click.option("--facility", "facilities", multiple=True, help="Reporting facility code (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["incomplete", "complete", "reviewed"]))
@click.option("--user-dictionary", "user_dictionaries", multiple=True, type=_FILE)
def export_command(out: str, version: str | None, record_type: str | None, dx_year_from: int | None,
                   dx_year_to: int | None, facilities: Sequence[str], statuses: Sequence[str],
                   user_dictionaries: Sequence[str]) -> None:
    """Write NAACCR XML (gzip when OUT ends in .gz) for the selected tumors."""
    selection = ExportSelection(dx_year_from, dx_year_to, tuple(facilities), tuple(statuses))
    with progress_bar(None, "exporting") as advance:
        result = export_file(out, version=version, record_type=record_type, selection=selection,
                             user_dictionaries=_user_dictionaries(user_dictionaries), progress=advance)
    click.echo(f"Wrote {result.patients:,} patients and {result.tumors:,} tumors to {result.path}.", err=True)


@click.command("purge-uploads")
@click.option("--days", type=click.FloatRange(min=0), help=f"Keep accepted uploads this many days "
              f"(default: {RETENTION_KEY}, 30).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def purge_uploads_command(days: float | None, as_json: bool) -> None:
    """Remove uploaded import files past the retention policy (refused ones at once)."""
    purged = purge_uploads(days=days)
    if as_json:
        click.echo(json.dumps(purged.to_json()))
    click.echo(f"Removed {len(purged.files):,} file(s) ({purged.bytes:,} bytes) from the upload folder; "
               f"kept the uploads of {purged.kept:,} recent accepted import(s).", err=True)


def attach(group: click.Group) -> None:
    group.add_command(import_command)
    group.add_command(export_command)
    group.add_command(purge_uploads_command)
