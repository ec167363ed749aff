"""Survival by group: observed (Kaplan-Meier or actuarial), relative (Ederer II), net (Pohar Perme) and
cause-specific survival, with 1-, 3-, 5- and 10-year figures and monthly curves.

Methods: :mod:`registry.reports.stats.lifetable` and :mod:`registry.reports.stats.relative` (SEER*Stat survival
algorithms, methods-and-standards §3.5); expected survival from the US life tables by age, sex, race and year;
cause of death classified by the SEER cause-specific death classification (:mod:`registry.recodes`), deaths of
other causes censored, unknown-cause deaths and tumors other than the first (codes 8, 9) left out.
Privacy: a group with fewer than 16 cases, or one whose case count could be worked out from the others and
the total, is suppressed whole (no table, no curve, no figures).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from registry.recodes.cause_specific import DEAD_OF_CANCER, classify_death
from registry.reports.dimensions import DIMENSIONS
from registry.reports.fetch import tune_for_reports
from registry.reports.filters import ReportFilter
from registry.reports.stats.lifetable import LifeTableMethod, cause_specific_event, life_table
from registry.reports.stats.relative import net_survival, relative_survival
from registry.reports.stats.suppression import suppress_table
from registry.reports.stats.survival_output import survival_at_years, survival_json
from registry.reports.survival_keys import UNKNOWN_AGE
from registry.reports.survival_query import CAUSE, MAX_MONTHS, cause_counts, survival_counts

Measure = Literal["observed", "relative", "net", "cause-specific"]
MEASURES: tuple[str, ...] = ("observed", "relative", "net", "cause-specific")
#: Column of the plotted estimate and its limits, per measure.
CURVE_COLUMNS = {
    "observed": ("observed", "lower", "upper"),
    "cause-specific": ("observed", "lower", "upper"),
    "relative": ("relative", "relative_lower", "relative_upper"),
    "net": ("relative", "net_lower", "net_upper"),
}


@dataclass
class SurvivalCurve:
    key: Any
    label: str
    cases: int | None
    suppressed: bool
    table: pd.DataFrame | None = None

    def at_years(self) -> list[dict[str, Any]]:
        if self.table is None:
            return []
        return survival_at_years(self.table).replace({np.nan: None}).to_dict("records")


@dataclass
class SurvivalReport:
    measure: str
    method: str
    by: str | None
    filt: ReportFilter
    curves: list[SurvivalCurve]
    excluded: int | None
    notes: list[str] = field(default_factory=list)

    def contract_json(self) -> dict[str, Any]:
        """``reports survival --json`` for the (single) overall curve (cli-contract.md)."""
        curve = self.curves[0]
        table = curve.table if curve.table is not None else life_table(np.zeros(0, int), np.zeros(0, bool))
        return survival_json(table, self.method, curve.cases or 0)


def _cause_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep alive cases and deaths classified 0/1; ``event`` True for deaths from this cancer."""
    memo: dict[tuple, str] = {}

    def classify(row: tuple) -> str:
        if row not in memo:
            site, hist, beh, seq, icd, cod, year = row
            memo[row] = classify_death(primary_site=site, histology=hist, behavior=beh, dx_year=str(year or ""),
                                       sequence=seq, icd_revision=icd, cause_of_death=cod).cause_specific
        return memo[row]

    dead = frame["dead"].to_numpy()
    codes = [classify(tuple(r)) if d else "0" for r, d in
             zip(frame[[*CAUSE, "c_year"]].itertuples(index=False, name=None), dead, strict=True)]
    frame = frame.assign(code=codes)
    frame = frame[frame["code"].isin(("0", DEAD_OF_CANCER)) | ~frame["dead"]]
    return frame.assign(event=cause_specific_event(frame["dead"], frame["code"] == DEAD_OF_CANCER))


RACE1 = np.array(["00", "01", "02"])  # life-table race 0/1/2 as race1 codes (registry.reports.survival_keys)


def _table(part: pd.DataFrame, measure: str, method: LifeTableMethod) -> pd.DataFrame:
    """The life table of one group's counted cases (``cases`` per row)."""
    months_max = int(part["months"].max()) + 1 if len(part) else 1
    limit = min(MAX_MONTHS, months_max)
    if measure in ("relative", "net"):
        part = part[part["age"] < UNKNOWN_AGE]
        fn = relative_survival if measure == "relative" else net_survival
        return fn(part["months"].to_numpy(np.int64), part["dead"].to_numpy(bool), part["age"].to_numpy(np.int64),
                  part["sex_code"].to_numpy(np.int64), part["dx_year"].to_numpy(np.int64),
                  RACE1[part["race_code"].to_numpy(np.int64)], method=method, max_months=limit,
                  weights=part["cases"].to_numpy(np.int64))
    event_col = "event" if measure == "cause-specific" else "dead"
    return life_table(part["months"].to_numpy(np.int64), part[event_col].to_numpy(bool), method=method,
                      max_months=limit, weights=part["cases"].to_numpy(np.int64))


def survival_report(session: Session, filt: ReportFilter, by: str | None = None, *, measure: Measure = "relative",
                    method: LifeTableMethod | None = None) -> SurvivalReport:
    """Survival per category of ``by`` (or overall). Default life-table method: actuarial for relative
    survival (as SEER*Stat), Kaplan-Meier otherwise."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}")
    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"cannot split survival by {by!r}; choose from {', '.join(DIMENSIONS)}")
    method = method or ("actuarial" if measure == "relative" else "km")
    tune_for_reports(session)
    if measure == "cause-specific":
        frame, total = cause_counts(session, filt, by)
        frame = _cause_events(frame)
    else:
        frame, total = survival_counts(session, filt, by, cohort=measure in ("relative", "net"))
    curves = _curves(frame, by, measure, method)
    entered = int(frame["cases"].sum())
    excluded = int(total["cases"].sum()) - entered
    notes = [_method_note(measure, method)]
    if excluded:
        notes.append(f"{'Fewer than 16' if excluded < 16 else f'{excluded:,}'} tumors left out (incomplete dates, "
                     "unknown vital status, autopsy or death certificate only"
                     + (", unknown age" if measure in ("relative", "net") else "")
                     + (", unknown cause of death or not the first tumor" if measure == "cause-specific" else "")
                     + ").")
    return SurvivalReport(measure, method, by, filt, curves, excluded if excluded >= 16 else None, notes)


def _curves(frame: pd.DataFrame, by: str | None, measure: str, method: LifeTableMethod) -> list[SurvivalCurve]:
    if by is None:
        parts = [(None, frame)]
    else:
        parts = [(k, frame[frame[by] == k]) for k in DIMENSIONS[by].order(list(frame[by].unique()))]
    counts = [{"group": "all" if k is None else k, "count": int(p["cases"].sum())} for k, p in parts]
    protected = suppress_table(counts, dims=["group"] if by else [])
    curves = []
    for (key, part), row in zip(parts, protected, strict=True):
        label = "All cases" if key is None else DIMENSIONS[by].label(key)
        if row["suppressed"] or not row["count"]:
            curves.append(SurvivalCurve(key, label, None if row["suppressed"] else 0, row["suppressed"]))
            continue
        curves.append(SurvivalCurve(key, label, row["count"], False, _table(part, measure, method)))
    return curves


def _method_note(measure: str, method: str) -> str:
    life = "actuarial" if method == "actuarial" else "Kaplan-Meier (SEER*Stat form)"
    text = {
        "observed": "Observed all-cause survival",
        "relative": "Relative survival, Ederer II expected survival from US life tables 1940-2020 "
                    "(survexp.us / survexp.usr) matched on age, sex, race and year",
        "net": "Net survival, Pohar Perme estimator, US life tables 1940-2020 matched on age, sex, race and year",
        "cause-specific": "Cause-specific survival, SEER cause-specific death classification (2023)",
    }[measure]
    return f"{text}; {life} monthly life table; 95% log(-log) limits; months = floor(days / (365.24/12))."
