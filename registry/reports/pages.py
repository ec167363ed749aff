"""The report pages as plain functions: request arguments in, a :class:`ReportPage` out.

Views, CSV downloads and JSON endpoints call these, so each report is computed once, from suppressed rows
(:mod:`registry.reports.incidence`, :mod:`~registry.reports.casemix`, :mod:`~registry.reports.survival`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.abstracting.models import Tumor
from registry.reports import casemix, figures, trends
from registry.reports.dimensions import DIMENSIONS, label_rows
from registry.reports.filters import ReportFilter, parse_filter
from registry.reports.incidence import rates_table
from registry.reports.quality_report import quality_indicators
from registry.reports.stats.standards import DEFAULT_STANDARD, standard_population
from registry.reports.survival import CURVE_COLUMNS, MEASURES, survival_report
from registry.reports.tables import Column, ReportPage, Table

RATE_COLUMNS = [Column("count", "Count", "int"), Column("population", "Population", "int"),
                Column("crude", "Crude rate", "rate"), Column("adjusted", "Age-adjusted rate", "rate"),
                Column("lower", "95% CI lower", "rate"), Column("upper", "95% CI upper", "rate"),
                Column("suppressed", "Suppressed", "flag"), Column("unstable", "Unstable (<20)", "flag")]
SUPPRESSION_NOTE = ("Counts below 16, and cells from which one could be worked out, are suppressed; rates from "
                    "fewer than 20 cases are flagged unstable.")


def _choice(args: Mapping[str, Any], name: str, choices: list[str] | tuple[str, ...],
            default: str | None) -> str | None:
    value = args.get(name) or default
    if value is not None and value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}")
    return value


def request_filter(args: Any) -> ReportFilter:
    sites = args.getlist("site") if hasattr(args, "getlist") else args.get("sites", ())
    return parse_filter(args, sites)


def data_date(session: Session) -> str:
    latest = session.scalar(select(func.max(Tumor.updated_at)))
    return latest.date().isoformat() if latest else "no data"


def _dim_columns(by: list[str]) -> list[Column]:
    return [Column(f"{name}_label", DIMENSIONS[name].title) for name in by]


def _rate_notes(standard: str, method: str, notes: list[str], filt: ReportFilter) -> list[str]:
    std = standard_population(standard)
    ci = "Fay-Feuer gamma" if method == "fay-feuer" else "Tiwari et al. (2006) modified gamma"
    return [f"Rates per 100,000, age-adjusted by direct standardisation to the {std.title} ({len(std)} age groups); "
            f"{ci} 95% intervals.", f"Cases: {filt.describe()}.", *notes, SUPPRESSION_NOTE]


def incidence_page(session: Session, args: Mapping[str, Any]) -> ReportPage:
    """Rates by one dimension (and an optional series), with rate ratios for sex and race."""
    filt = request_filter(args)
    by = _choice(args, "by", list(DIMENSIONS), "year")
    series = _choice(args, "series", ["", *DIMENSIONS], "") or None
    standard = _choice(args, "standard", ["us2000", "world", "european", "world-who"], DEFAULT_STANDARD)
    method = _choice(args, "ci", ["fay-feuer", "tiwari"], "fay-feuer")
    dims = [series, by] if series and series != by else [by]
    report = rates_table(session, filt, dims, standard=standard, method=method)
    rows = label_rows(report.rows, dims)
    if by == "site" and not series:
        figure = figures.site_bar_figure(report.rows, "Age-adjusted incidence by site")
    else:
        kind = "scatter" if by == "year" else "bar"
        figure = figures.rate_figure(report.rows, by, series if len(dims) == 2 else None,
                                     f"Age-adjusted incidence by {DIMENSIONS[by].title.lower()}", kind=kind)
    tables = [Table("Incidence rates", [*_dim_columns(dims), *RATE_COLUMNS], rows)]
    if by in ("sex", "race") and not series:
        ratios = label_rows(trends.rate_ratios(session, filt, by, standard=standard, method=method), [by])
        for r in ratios:
            r["reference_label"] = DIMENSIONS[by].label(r["reference"])
        columns = [Column(f"{by}_label", DIMENSIONS[by].title), Column("reference_label", "Reference"),
                   Column("ratio", "Rate ratio", "rate"), Column("lower", "95% CI lower", "rate"),
                   Column("upper", "95% CI upper", "rate")]
        tables.append(Table("Rate ratios", columns, ratios))
    return ReportPage("incidence", "Incidence", tables, [figure],
                      _rate_notes(standard, method, report.notes, report.filt))


def trends_page(session: Session, args: Mapping[str, Any]) -> ReportPage:
    """Rates by year per series with the annual percent change of each."""
    filt = request_filter(args)
    series = _choice(args, "series", ["", *DIMENSIONS], "") or None
    standard = _choice(args, "standard", ["us2000", "world", "european", "world-who"], DEFAULT_STANDARD)
    report, apcs = trends.apc_by_series(session, filt, series, standard=standard)
    dims = [series, "year"] if series else ["year"]
    figure = figures.rate_figure(report.rows, "year", series, "Age-adjusted incidence by year")
    for row in apcs:
        row["series_label"] = DIMENSIONS[series].label(row["series"]) if series else "All"
    apc_table = Table("Annual percent change (weighted log-linear fit)", [
        Column("series_label", "Series"), Column("apc", "APC %", "rate"), Column("lower", "95% CI lower", "rate"),
        Column("upper", "95% CI upper", "rate"), Column("p_value", "p"), Column("years", "Years", "int"),
        Column("reason", "Not computed because")], apcs)
    tables = [apc_table, Table("Rates by year", [*_dim_columns(dims), *RATE_COLUMNS], label_rows(report.rows, dims))]
    notes = _rate_notes(standard, "fay-feuer", report.notes, report.filt)
    notes.insert(1, "APC: SEER*Stat weighted least squares of ln(rate) on year; not computed with a suppressed year.")
    return ReportPage("trends", "Trends", tables, [figure], notes)


def age_page(session: Session, args: Mapping[str, Any]) -> ReportPage:
    """Age-specific rates (19 age groups), optionally by sex or race."""
    filt = request_filter(args)
    series = _choice(args, "series", ["", "sex", "race"], "") or None
    report = trends.age_specific(session, filt, [series] if series else [])
    dims = [series, "age_group"] if series else ["age_group"]
    figure = figures.rate_figure(report.rows, "age_group", series, "Age-specific incidence", y="adjusted",
                                 y_title="Rate per 100,000")
    columns = [*_dim_columns(dims), Column("count", "Count", "int"), Column("population", "Population", "int"),
               Column("adjusted", "Rate", "rate"), Column("lower", "95% CI lower", "rate"),
               Column("upper", "95% CI upper", "rate"), Column("suppressed", "Suppressed", "flag"),
               Column("unstable", "Unstable (<20)", "flag")]
    notes = [*report.notes, f"Cases: {report.filt.describe()}.", SUPPRESSION_NOTE]
    table = Table("Age-specific rates", columns, label_rows(report.rows, dims))
    return ReportPage("age", "Age-specific rates", [table], [figure], notes)


def stage_page(session: Session, args: Mapping[str, Any]) -> ReportPage:
    """Summary Stage 2018 distribution by site, year, sex, race or age group."""
    filt = request_filter(args)
    by = _choice(args, "by", ["site", "year", "sex", "race", "age_group", "county"], "site")
    rows = casemix.stage_distribution(session, filt, by)
    figure = figures.stage_figure(rows, by, f"Stage at diagnosis by {DIMENSIONS[by].title.lower()}")
    columns = [*_dim_columns([by, "stage"]), Column("count", "Count", "int"), Column("percent", "Percent", "pct"),
               Column("suppressed", "Suppressed", "flag")]
    notes = ["Summary Stage 2018 (derived when present, else coded), SEER combined groups.",
             f"Cases: {filt.describe()}.", SUPPRESSION_NOTE]
    return ReportPage("stage", "Stage", [Table("Stage distribution", columns, label_rows(rows, [by, "stage"]))],
                      [figure], notes)


def casemix_page(session: Session, args: Mapping[str, Any]) -> ReportPage:
    """The CoC-style primary-site table, then histology, age and class-of-case distributions."""
    filt = request_filter(args)
    site_cols = [Column("site_label", "Primary site"), Column("total", "Total", "int"),
                 Column("sex_1", "Male", "int"), Column("sex_2", "Female", "int"),
                 Column("analytic", "Analytic", "int"), Column("non_analytic", "Non-analytic", "int"),
                 *[Column(f"stage_{c}", DIMENSIONS["stage"].label(c), "int") for c in ("0", "1", "2", "7", "9")]]
    site_rows = casemix.primary_site_table(session, filt)
    tables = [Table("Primary sites (after the CoC annual report)", site_cols, site_rows)]
    for dim in ("histology", "age_group", "class_of_case"):
        rows = label_rows(casemix.distribution(session, filt, [dim]), [dim])
        tables.append(Table(f"By {DIMENSIONS[dim].title.lower()}", [
            *_dim_columns([dim]), Column("count", "Count", "int"), Column("percent", "Percent", "pct"),
            Column("suppressed", "Suppressed", "flag")], rows))
    notes = [f"Cases: {filt.describe()}.", "Blank cells are suppressed (each block is protected as its own table).",
             SUPPRESSION_NOTE]
    return ReportPage("casemix", "Case mix", tables, [], notes)


def survival_page(session: Session, args: Mapping[str, Any]) -> ReportPage:
    """Survival curves with confidence bands and the 1-, 3-, 5- and 10-year figures per group."""
    filt = request_filter(args)
    by = _choice(args, "by", ["", "site", "stage", "sex", "race", "age_group", "year", "period"], "") or None
    measure = _choice(args, "measure", MEASURES, "relative")
    method = _choice(args, "method", ["", "km", "actuarial"], "") or None
    report = survival_report(session, filt, by, measure=measure, method=method)
    figure = figures.survival_figure(report.curves, CURVE_COLUMNS[measure], f"{measure.capitalize()} survival")
    value, lower, upper = CURVE_COLUMNS[measure]
    rows = []
    for curve in report.curves:
        if curve.suppressed:
            rows.append({"group": curve.label, "cases": None, "suppressed": True})
        for point in curve.at_years():
            rows.append({"group": curve.label, "cases": curve.cases, "years": point["years"],
                         "estimate": point[value], "lower": point[lower], "upper": point[upper],
                         "expected": point.get("expected"), "suppressed": False})
    columns = [Column("group", "Group"), Column("cases", "Cases", "int"), Column("years", "Years", "int"),
               Column("estimate", "Survival", "prob"), Column("lower", "95% CI lower", "prob"),
               Column("upper", "95% CI upper", "prob"), Column("expected", "Expected", "prob"),
               Column("suppressed", "Suppressed", "flag")]
    notes = [*report.notes, f"Cases: {filt.describe()}.",
             "Groups with fewer than 16 cases, or whose size could be worked out from the others, are suppressed."]
    return ReportPage("survival", "Survival", [Table("Survival at 1, 3, 5 and 10 years", columns, rows)],
                      [figure], notes)


def quality_page(session: Session, args: Mapping[str, Any]) -> ReportPage:
    """Data quality indicators against NAACCR, NPCR and USCS thresholds."""
    filt: ReportFilter = request_filter(args)
    rows = quality_indicators(session, filt)
    for row in rows:
        row["checks_text"] = "; ".join(
            f"{c['standard']} {c['comparison']} {c['limit']:g}%: {'pass' if c['passes'] else 'FAIL'}"
            for c in row["checks"] if c["passes"] is not None) or "no threshold"
    columns = [Column("label", "Indicator"), Column("numerator", "Tumors", "int"),
               Column("denominator", "Of", "int"), Column("percent", "Percent", "pct"),
               Column("checks_text", "Standards"), Column("suppressed", "Suppressed", "flag")]
    shown = [r for r in rows if r["percent"] is not None]
    figure = {"data": [{"type": "bar", "x": [r["label"] for r in shown], "y": [r["percent"] for r in shown],
                        "marker": {"color": figures.PALETTE[0]}}],
              "layout": {"title": {"text": "Data quality indicators"}, "yaxis": {"title": {"text": "Percent"}},
                         "margin": {"l": 60, "r": 20, "t": 50, "b": 80}}}
    notes = [f"Cases: {filt.describe()}.", "Thresholds: NAACCR certification (Gold, Silver), NPCR data quality "
             "standards and USCS publication criteria (methods-and-standards §4.4)."]
    return ReportPage("quality", "Data quality", [Table("Indicators", columns, rows)], [figure], notes)


PAGES = {"incidence": incidence_page, "trends": trends_page, "age": age_page, "stage": stage_page,
         "casemix": casemix_page, "survival": survival_page, "quality": quality_page}
