"""Incidence: counts, crude and age-adjusted rates with gamma intervals, by any report dimensions.

Methods (methods-and-standards §3.1-3.3, §3.6): direct age adjustment to a standard population (2000 US standard,
19 age groups by default; world and European selectable) with Fay-Feuer or Tiwari intervals
(:mod:`registry.reports.stats.rates`); counts under 16 and the cells that would reveal them suppressed, rates from
fewer than 20 cases flagged unstable (:mod:`registry.reports.stats.suppression`). Numerators are the tumors of
residents of the population's area(s) in the population's years. Every output (page, chart, CSV, JSON, CLI) is
built from :func:`rates_table`'s rows, so suppression has one code path.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from registry.reports.counts import (
    UNKNOWN_AGE,
    population_counts,
    population_states,
    population_years,
    to_standard_ages,
    tumor_counts,
)
from registry.reports.dimensions import DIMENSIONS
from registry.reports.fetch import tune_for_reports
from registry.reports.filters import ReportFilter
from registry.reports.protection import protect_rows
from registry.reports.stats.rate_table import rate_rows
from registry.reports.stats.rates import Method
from registry.reports.stats.standards import DEFAULT_STANDARD, standard_population

RATE_KEYS = ("count", "population", "crude", "adjusted", "lower", "upper")
WITHHELD_NOTE = ("Part of this table is withheld: zero cells left no other way to protect its small cells at this "
                 "level of detail. Choose fewer categories.")


class NoPopulationError(ValueError):
    """No population estimates cover the request."""


@dataclass
class RateReport:
    """Suppressed rate rows and what they were computed from."""

    by: list[str]
    standard: str
    method: str
    filt: ReportFilter
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def contract_json(self) -> dict[str, Any]:
        """``reports rates --json`` (cli-contract.md): grouping keys, count, population, rates, suppressed."""
        keys = [*self.by, *RATE_KEYS, "suppressed"]
        return {"standard": self.standard, "rows": [{k: row.get(k) for k in keys} for row in self.rows]}


def resident_filter(session: Session, filt: ReportFilter) -> tuple[ReportFilter, list[str]]:
    """Restrict the filter to the population's area and years; notes say what was assumed."""
    states = population_states(session)
    if not states:
        raise NoPopulationError("no population estimates are loaded; use 'registry populations import FILE'")
    notes = []
    if filt.state is None:
        if len(states) > 1:
            raise NoPopulationError(f"populations are loaded for {', '.join(states)}: choose a state")
        filt = replace(filt, state=states[0])
        notes.append(f"Residents of {states[0]} at diagnosis (the area the population estimates cover).")
    years = population_years(session, filt.state)
    if not years:
        raise NoPopulationError(f"no population estimates for {filt.state}")
    first, last = max(filt.year_from or years[0], years[0]), min(filt.year_to or years[-1], years[-1])
    if first > last:
        raise NoPopulationError(f"population estimates for {filt.state} cover {years[0]}-{years[-1]} only")
    if (first, last) != (filt.year_from, filt.year_to):
        notes.append(f"Diagnosis years {first}-{last} (the years with population estimates).")
    return replace(filt, year_from=first, year_to=last), notes


def _categories(frame: pd.DataFrame, pops: pd.DataFrame, name: str) -> list:
    values = set(frame[name].dropna())
    if name in pops:
        values |= set(pops[name].dropna())
    return DIMENSIONS[name].order(list(values))


def rate_frame(counts: pd.DataFrame, pops: pd.DataFrame, by: Sequence[str], standard: str) -> pd.DataFrame:
    """One row per category combination and standard age group: ``by..., age, count, population``.

    Every combination of categories seen in the tumors or the population appears (zero counts included, so
    a zero is published as a zero); tumors of unknown age keep age 999 and population 0."""
    std = standard_population(standard)
    counts = counts.assign(age=to_standard_ages(counts["age"], std))
    pops = pops.assign(age=to_standard_ages(pops["age"], std))
    pop_keys = [n for n in by if n in pops.columns]
    counts = counts.groupby([*by, "age"], as_index=False)["count"].sum()
    pops = pops.groupby([*pop_keys, "age"], as_index=False)["population"].sum()
    ages = sorted(set(std.age_start))
    grid = pd.DataFrame(list(itertools.product(*[_categories(counts, pops, n) for n in by], ages)),
                        columns=[*by, "age"])
    if "age_group" in by:  # a 19-group band only holds the standard ages inside it
        grid = grid[[_inside(a, g) for a, g in zip(grid["age"], grid["age_group"], strict=True)]]
    unknown = counts[counts["age"] == UNKNOWN_AGE]
    frame = grid.merge(counts, on=[*by, "age"], how="left").merge(pops, on=[*pop_keys, "age"], how="left")
    frame = pd.concat([frame, unknown.assign(population=0)], ignore_index=True)
    frame["count"] = frame["count"].fillna(0).astype(np.int64)
    frame["population"] = frame["population"].fillna(0).astype(np.int64)
    return frame


def _inside(age: int, label: str) -> bool:
    from registry.reports.populations import AGE_LABELS, AGE_STARTS

    if label == "Unknown":
        return False
    i = AGE_LABELS.index(label)
    end = AGE_STARTS[i + 1] if i + 1 < len(AGE_STARTS) else 10_000
    return AGE_STARTS[i] <= age < end


def compute_rates(frame: pd.DataFrame, by: Sequence[str], standard: str, method: Method) -> list[dict[str, Any]]:
    """Rate rows (contract keys) before suppression; categories without population carry no rates."""
    rows = rate_rows(frame, by=list(by), age="age", standard=standard, method=method)
    no_pop = rows["population"] <= 0
    for column in ("crude", "adjusted", "lower", "upper"):
        rows[column] = rows[column].astype(object).where(~no_pop, None)
    return rows.to_dict("records")


def rates_table(session: Session, filt: ReportFilter, by: Sequence[str] = (), *, standard: str = DEFAULT_STANDARD,
                method: Method = "fay-feuer") -> RateReport:
    """Suppressed incidence rates per combination of ``by`` (the last one or two split each table, earlier
    ones split independent tables, as :func:`registry.reports.stats.rate_table.rates_json`)."""
    by = list(by)
    for name in by:
        if name not in DIMENSIONS:
            raise ValueError(f"cannot split rates by {name!r}; choose from {', '.join(DIMENSIONS)}")
    standard_population(standard)  # unknown names fail before any query
    tune_for_reports(session)
    filt, notes = resident_filter(session, filt)
    frame = rate_frame(tumor_counts(session, filt, by), population_counts(session, filt, by), by, standard)
    rows = compute_rates(frame, by, standard, method)
    dims, split = by[-2:], by[:-2]
    rows = protect_rows(rows, dims=dims, by=split)
    if any(row.get("withheld") for row in rows):
        notes.append(WITHHELD_NOTE)
    unknown_age = int(frame.loc[frame["age"] == UNKNOWN_AGE, "count"].sum())
    if unknown_age:
        notes.append(f"{_count_words(unknown_age)} of unknown age count in crude rates, not in age adjustment.")
    return RateReport(by=by, standard=standard, method=method, filt=filt, rows=rows, notes=notes)


def _count_words(n: int) -> str:
    return "Fewer than 16 tumors" if n < 16 else f"{n:,} tumors"
