"""`registry populations`: load rate denominators (cli-contract.md: ``registry populations import FILE``)."""

from __future__ import annotations

import json
import sys

import click

from registry.extensions import db
from registry.reports.populations import PopulationFileError, load_population, population_summary, read_population_file


@click.group("populations")
def cli() -> None:
    """Population estimates used as incidence-rate denominators."""


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["auto", "seer", "csv"]), default="auto", show_default=True,
              help="SEER fixed-width population file or the simple CSV layout.")
@click.option("--json", "as_json", is_flag=True, help="Print what was loaded as JSON.")
def import_command(file: str, fmt: str, as_json: bool) -> None:
    """Load FILE; the years and states it covers replace what was loaded for them before."""
    try:
        rows = read_population_file(file, fmt)
    except (PopulationFileError, UnicodeDecodeError) as exc:
        click.echo(f"Refused {file}: {exc}", err=True)
        sys.exit(1)
    if not rows:
        click.echo(f"Refused {file}: it holds no population rows.", err=True)
        sys.exit(1)
    written = load_population(db.session, rows)
    db.session.commit()
    years = sorted({r.year for r in rows})
    states = sorted({r.state for r in rows})
    result = {"rows": written, "states": states, "years": years, "population": sum(r.population for r in rows)}
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(f"Loaded {written:,} population rows for {', '.join(states)}, {years[0]}-{years[-1]}.", err=True)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json: bool) -> None:
    """Loaded populations by state and year."""
    summary = population_summary(db.session)
    if as_json:
        click.echo(json.dumps(summary))
        return
    for row in summary:
        click.echo(f"{row['state']} {row['year']}: {row['population']:>12,} ({row['rows']} rows)")
