"""`registry followup`: due lists, follow-up rates and death-file import for automation (cli-contract.md).

* ``followup due --as-of YYYY-MM-DD [--facility CODE] [--physician CODE] [--site CODE] [--json]``: due,
  delinquent and lost patients, ``[{"patientIdNumber", "status", "dateOfLastContact": "YYYYMMDD"}]``;
* ``followup rates --reference-date YYYY-MM-DD --as-of YYYY-MM-DD [--json]``: the CoC worksheet,
  ``{"since_reference": W, "last_five_years": W}``;
* ``followup deaths import FILE [--source 04|05|06|07] [--json]``: death clearance (``clearance_operations``).

Exit 0 ok, 1 refused input, 2 usage; errors on stderr; --json output alone on stdout.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from registry.core import csvsafe
from registry.extensions import db
from registry.followup.queries import DueFilters, due_rows, due_table, followup_frame
from registry.followup.settings import DEATH_SOURCES, followup_settings
from registry.followup.worksheet import TARGETS, rate_worksheet


def _day(_ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param=param) from None


@click.group("followup")
def cli() -> None:
    """Follow-up: due lists, follow-up rates, death clearance."""


@cli.command("due")
@click.option("--as-of", required=True, callback=_day, help="YYYY-MM-DD")
@click.option("--facility", default="", help="reporting facility code of a tumor")
@click.option("--physician", default="", help="managing physician (physicianManaging) of a tumor")
@click.option("--site", default="", help="primary site code or its start (C50)")
@click.option("--json", "as_json", is_flag=True, help="print the list as JSON on stdout")
def due_command(as_of: date, facility: str, physician: str, site: str, as_json: bool) -> None:
    """Due, delinquent and lost patients at the as-of date, oldest contact first."""
    filters = DueFilters(facility, physician, site)
    extra = ("reportingFacility", "physicianManaging") if facility or physician else ()
    table = due_table(followup_frame(extra), as_of, followup_settings(), filters)
    rows = due_rows(table)
    if as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        click.echo(csvsafe.tab_line([row["patientIdNumber"], row["status"]]) + f"\t{row['dateOfLastContact'] or '-'}")
    click.echo(f"{len(rows)} patient(s) listed.", err=True)


@cli.command("rates")
@click.option("--reference-date", required=True, callback=_day, help="YYYY-MM-DD")
@click.option("--as-of", required=True, callback=_day, help="YYYY-MM-DD")
@click.option("--json", "as_json", is_flag=True, help="print the worksheet as JSON on stdout")
def rates_command(reference_date: date, as_of: date, as_json: bool) -> None:
    """The CoC follow-up rate worksheet since the reference date and for the last five years."""
    if reference_date > as_of:
        raise click.UsageError("the reference date is after the as-of date")
    sheet = rate_worksheet(followup_frame(), reference_date, as_of)
    if as_json:
        click.echo(json.dumps(sheet))
        return
    for cohort, counts in sheet.items():
        figures = "  ".join(f"{k}={counts[k]}" for k in "ABCDE")
        click.echo(f"{cohort}: {figures}  rate={counts['rate']:.1%} (target {TARGETS[cohort]:.0%})")


@cli.group("deaths")
def deaths() -> None:
    """Death clearance: link a death file to the registry."""


@deaths.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", type=click.Choice(sorted(DEATH_SOURCES)), default=None,
              help="followUpSourceCentral of the file (default: FOLLOWUP_DEATH_SOURCE, 05 state death file)")
@click.option("--json", "as_json", is_flag=True, help="print the summary as JSON on stdout")
def import_command(file: Path, source: str | None, as_json: bool) -> None:
    """Import a death file (CSV): certain matches applied, uncertain ones queued for review."""
    from registry.accounts.cli import cli_actor
    from registry.core.progress import progress_bar
    from registry.followup.clearance_operations import import_death_file
    from registry.followup.deathfile import DeathFileError

    try:
        with progress_bar(None, "Linking") as advance:
            result = import_death_file(file.read_bytes(), file.name, cli_actor(),
                                       source_code=source or followup_settings().death_source, progress=advance)
    except DeathFileError as exc:
        db.session.rollback()
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    summary = result.summary()
    if as_json:
        click.echo(json.dumps(summary))
    elif result.already_imported:
        click.echo(f"{file.name} was already imported on {summary['imported_at']}: nothing changed.", err=True)
    else:
        click.echo(f"{summary['records']} death records: {summary['matched']} matched and applied, "
                   f"{summary['review']} for review, {summary['unmatched']} not matched, "
                   f"{summary['duplicates']} already known.", err=True)
