"""Trends and comparisons built on the suppressed rate rows: APC by series, rate ratios, age-specific rates.

* APC (SEER*Stat trend algorithm, methods-and-standards §3.4): weighted log-linear fit of the yearly age-adjusted
  rates (weights from their standard errors) by :func:`registry.reports.stats.trends.annual_percent_change`. Not
  computed when fewer than 3 years, a zero rate, or any suppressed year (its rate is not published).
* Rate ratios (Fay 1999 F-interval, or the Tiwari et al. 2006 modification): each category against a reference,
  by :func:`registry.reports.stats.rates.rate_ratio`; left out when either rate is suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from registry.reports.counts import population_counts, tumor_counts
from registry.reports.filters import ReportFilter
from registry.reports.incidence import RateReport, rate_frame, rates_table, resident_filter
from registry.reports.stats.rates import Method, age_adjusted_rate, crude_rate, rate_ratio
from registry.reports.stats.standards import DEFAULT_STANDARD, standard_population
from registry.reports.stats.trends import annual_percent_change


def _age_arrays(part: pd.DataFrame, standard: str) -> tuple[np.ndarray, np.ndarray]:
    std = standard_population(standard)
    known = part[part["age"] != 999]
    idx = std.group_index(known["age"].to_numpy())
    counts = np.bincount(idx, weights=known["count"].to_numpy(float), minlength=len(std))
    pops = np.bincount(idx, weights=known["population"].to_numpy(float), minlength=len(std))
    return counts, pops


def apc_by_series(session: Session, filt: ReportFilter, series: str | None = None, *,
                  standard: str = DEFAULT_STANDARD, method: Method = "fay-feuer") -> tuple[RateReport, list[dict]]:
    """Rates by year (and ``series``) and one APC row per series: ``series, apc, lower, upper, p_value, years``
    (APC fields None with a ``reason`` when it cannot be computed)."""
    by = [series, "year"] if series else ["year"]
    report = rates_table(session, filt, by, standard=standard, method=method)
    frame = rate_frame(tumor_counts(session, report.filt, by), population_counts(session, report.filt, by), by,
                       standard)
    out = []
    groups = frame.groupby(series, sort=False) if series else [(None, frame)]
    published = pd.DataFrame(report.rows)
    for key, part in groups:
        rows = published if series is None else published[published[series] == key]
        out.append({"series": key, **_one_apc(part, rows, standard)})
    return report, out


def _one_apc(part: pd.DataFrame, rows: pd.DataFrame, standard: str) -> dict[str, Any]:
    blank = {"apc": None, "lower": None, "upper": None, "p_value": None, "years": 0}
    if rows.empty or rows["suppressed"].any():
        return {**blank, "reason": "a year is suppressed"}
    years, rates, ses = [], [], []
    for year, one in part.groupby("year"):
        counts, pops = _age_arrays(one, standard)
        if pops.sum() <= 0:
            continue
        rate = age_adjusted_rate(counts, pops, standard)
        years.append(int(year))
        rates.append(rate.rate)
        ses.append(rate.se)
    try:
        trend = annual_percent_change(years, rates, ses)
    except ValueError as exc:
        return {**blank, "years": len(years), "reason": str(exc)}
    return {"apc": float(trend.apc), "lower": float(trend.lower), "upper": float(trend.upper),
            "p_value": float(trend.p_value),
            "years": trend.years, "reason": None}


def rate_ratios(session: Session, filt: ReportFilter, dim: str, reference: str | None = None, *,
                standard: str = DEFAULT_STANDARD, method: Method = "fay-feuer") -> list[dict[str, Any]]:
    """Age-adjusted rate ratio of each category of ``dim`` against ``reference`` (default: the first category
    with a rate). Rows: ``dim, ratio, lower, upper``; ratios involving a suppressed rate are left out."""
    report = rates_table(session, filt, [dim], standard=standard, method=method)
    shown = {row[dim]: row for row in report.rows if row["adjusted"] is not None and not row["suppressed"]}
    if not shown:
        return []
    ref = reference if reference in shown else next(iter(shown))
    frame = rate_frame(tumor_counts(session, report.filt, [dim]), population_counts(session, report.filt, [dim]),
                       [dim], standard)
    arrays = {key: _age_arrays(part, standard) for key, part in frame.groupby(dim, sort=False)}
    out = []
    for key in shown:
        if key == ref:
            continue
        ratio = rate_ratio(*arrays[key], *arrays[ref], standard, method=method)
        out.append({dim: key, "reference": ref, "ratio": ratio.ratio, "lower": ratio.lower, "upper": ratio.upper})
    return out


def age_specific(session: Session, filt: ReportFilter, series: Sequence[str] = (), *,
                 method: Method = "fay-feuer") -> RateReport:
    """Age-specific rates (19 age groups, optionally split by ``series``): the crude rate of each age group,
    with the exact Poisson interval the gamma method gives for one group."""
    filt, _ = resident_filter(session, filt)
    report = rates_table(session, filt, [*series, "age_group"], method=method)
    for row in report.rows:
        if row["suppressed"] or not row["population"] or row["count"] is None:
            continue
        rate = crude_rate(row["count"], row["population"])
        row.update(adjusted=rate.rate, lower=rate.lower, upper=rate.upper)
    report.notes.append("Age-specific rates: crude rate of each age group with its exact Poisson interval.")
    return report
