"""`registry reports`: incidence rates and survival tables for automation (cli-contract.md).

``reports rates [filters] [--by DIM]... [--standard NAME] [--ci fay-feuer|tiwari] --json`` prints
``{"standard", "rows": [{grouping keys..., count, population, crude, adjusted, lower, upper, suppressed}]}``;
``reports survival [filters] [--method km|actuarial] [--measure ...] --json`` prints
``{"method", "cases", "rows": [...]}``. Both apply the same suppression as the pages.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable

import click

from registry.extensions import db
from registry.reports.dimensions import DIMENSIONS
from registry.reports.filters import BEHAVIORS, CLASSES, FilterError, ReportFilter, parse_filter
from registry.reports.incidence import NoPopulationError, rates_table
from registry.reports.site_column import refresh_site_recodes
from registry.reports.stats.standards import DEFAULT_STANDARD, standard_names
from registry.reports.survival import MEASURES, survival_report

FILTER_NAMES = ("year_from", "year_to", "sex", "race", "stage", "age_from", "age_to", "state", "county",
                "behavior", "class_of_case")


def filter_options(command: Callable) -> Callable:
    """The filter bar as options: years, sex, race, site recode(s), stage, ages, state, county, behavior."""
    options = [
        click.option("--year-from", type=int), click.option("--year-to", type=int),
        click.option("--sex", type=click.Choice(["1", "2", "9"]), help="1 male, 2 female, 9 other/unknown"),
        click.option("--race", type=click.Choice(["1", "2", "3", "9"]), help="1 White, 2 Black, 3 Other, 9 Unknown"),
        click.option("--site", "sites", multiple=True, help="SEER site recode 2023 code (repeatable)"),
        click.option("--stage", type=click.Choice(["0", "1", "2", "7", "9"]),
                     help="Summary Stage 2018 group: 0 in situ, 1 localized, 2 regional, 7 distant, 9 unknown"),
        click.option("--age-from", type=int), click.option("--age-to", type=int),
        click.option("--state", help="state of residence at diagnosis (postal code)"),
        click.option("--county", help="county at diagnosis (FIPS)"),
        click.option("--behavior", type=click.Choice(BEHAVIORS), default="malignant", show_default=True),
        click.option("--class-of-case", type=click.Choice(CLASSES), default="all", show_default=True),
    ]
    return functools.reduce(lambda cmd, opt: opt(cmd), reversed(options), command)


def _filter(kwargs: dict) -> ReportFilter:
    values = {name: kwargs.pop(name) for name in FILTER_NAMES}
    sites = kwargs.pop("sites")
    try:
        return parse_filter(values, sites)
    except FilterError as exc:
        raise click.UsageError(str(exc)) from exc


def _refuse(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@click.group("reports")
def cli() -> None:
    """Incidence rates and survival tables (aggregates, with small-cell suppression)."""


@cli.command("rates")
@filter_options
@click.option("--by", multiple=True, type=click.Choice(list(DIMENSIONS)), help="split by (repeatable, up to 3)")
@click.option("--standard", type=click.Choice(standard_names()), default=DEFAULT_STANDARD, show_default=True)
@click.option("--ci", "method", type=click.Choice(["fay-feuer", "tiwari"]), default="fay-feuer", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="print the rates as JSON on stdout")
def rates_command(by: tuple[str, ...], standard: str, method: str, as_json: bool, **kwargs) -> None:
    """Incidence counts, crude and age-adjusted rates per 100,000."""
    filt = _filter(kwargs)
    if len(by) > 3:
        raise click.UsageError("split by at most three dimensions")
    refresh_site_recodes(db.session)
    db.session.commit()
    try:
        report = rates_table(db.session, filt, by, standard=standard, method=method)
    except (NoPopulationError, ValueError) as exc:
        _refuse(f"No rates: {exc}.")
    if as_json:
        click.echo(json.dumps(report.contract_json()))
        return
    for note in report.notes:
        click.echo(note)
    for row in report.rows:
        keys = " ".join(f"{DIMENSIONS[d].label(row[d])}" for d in by) or "All"
        if row["suppressed"]:
            click.echo(f"{keys:40} suppressed (fewer than 16, or would reveal one)")
        elif row["adjusted"] is None:
            click.echo(f"{keys:40} {row['count']:>8,} cases  no population")
        else:
            click.echo(f"{keys:40} {row['count']:>8,} cases  crude {row['crude']:8.1f}  adjusted "
                       f"{row['adjusted']:8.1f} ({row['lower']:.1f}-{row['upper']:.1f})"
                       + ("  unstable" if row["unstable"] else ""))


@cli.command("survival")
@filter_options
@click.option("--method", type=click.Choice(["km", "actuarial"]), default=None,
              help="life-table method (default: actuarial for relative survival, else km)")
@click.option("--measure", type=click.Choice(MEASURES), default="relative", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="print the life table as JSON on stdout")
def survival_command(method: str | None, measure: str, as_json: bool, **kwargs) -> None:
    """Monthly survival life table of the selected cases."""
    filt = _filter(kwargs)
    refresh_site_recodes(db.session)
    db.session.commit()
    report = survival_report(db.session, filt, None, measure=measure, method=method)
    curve = report.curves[0]
    if curve.suppressed or not curve.cases:
        _refuse("No survival table: fewer than 16 cases match." if curve.suppressed else "No cases match.")
    if as_json:
        click.echo(json.dumps(report.contract_json()))
        return
    for note in report.notes:
        click.echo(note)
    click.echo(f"{curve.cases:,} cases")
    for row in curve.at_years():
        extra = f"  relative {row['relative']:.3f}" if row.get("relative") is not None else ""
        click.echo(f"{row['years']:>2}-year observed {row['observed']:.3f} ({row['lower']:.3f}-{row['upper']:.3f})"
                   + extra)


@cli.command("recode-sites")
@click.option("--all", "everything", is_flag=True, help="recompute every tumor, not only those without one")
def recode_sites_command(everything: bool) -> None:
    """Fill the stored SEER site recode of tumors (after loading rows by raw SQL, or with --all after a fix)."""
    changed = refresh_site_recodes(db.session, everything=everything)
    db.session.commit()
    click.echo(f"Recoded {changed:,} tumors.", err=True)
