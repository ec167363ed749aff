"""The Commission on Cancer follow-up rate worksheet (methods-and-standards.md section 4.1).

SEER Training "Follow-up: Calculations" (training.seer.cancer.gov/followup/intro/calculations.html) and the CoC
worksheet, counted by analytic case (one tumor = one case, as the worksheet counts):

* A = analytic cases (Class of Case 10-22) in the cohort after the exclusions of ``eligibility.py``
  (patients over 100 at the as-of date are excluded, not counted as dead);
* B = cases whose patient is dead (``vitalStatus`` 0);
* C = A - B, living;
* D = living cases with a last contact on or after the same day 15 months before the as-of date ("current");
  a partial date of last contact is read at its first day, so doubtful contacts are not counted current;
* E = C - D, lost (delinquent);
* rate = (B + D) / A (0.0 when A is 0). Targets: 80% since the reference date, 90% for the last five years.

Cohorts: ``since_reference`` = diagnosed from the reference date to the as-of date; ``last_five_years`` = diagnosed
in the as-of year or the four years before it, and not before the reference date ("the last five years or since
reference date, whichever is shorter"). A partial diagnosis date is a range of days: the case belongs to a cohort
when that range overlaps the cohort's window. A case with no readable diagnosis date counts since the reference
date (its analytic class of case vouches for it) but cannot be placed in the five-year cohort.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from registry.followup.dates import months_before, naaccr_dates, timestamp
from registry.followup.eligibility import US_RESIDENCE, patient_exclusions, text, tumor_exclusions
from registry.followup.status import REQUIRED, require_columns

CURRENT_MONTHS = 15
TARGETS = {"since_reference": 0.80, "last_five_years": 0.90}


def _counts(eligible: pd.Series, dead: pd.Series, current: pd.Series) -> dict[str, int | float]:
    a = int(eligible.sum())
    b = int((eligible & dead).sum())
    d = int((eligible & ~dead & current).sum())
    c = a - b
    return {"A": a, "B": b, "C": c, "D": d, "E": c - d, "rate": (b + d) / a if a else 0.0}


def _in_window(df: pd.DataFrame, start: date, end: date, keep_unknown: bool) -> pd.Series:
    """Whether the diagnosis date range overlaps [start, end]."""
    dx = text(df, "dateOfDiagnosis")
    first = naaccr_dates(dx, "earliest")
    last = naaccr_dates(dx, "latest")
    overlaps = (last >= timestamp(start)) & (first <= timestamp(end))
    return overlaps.where(first.notna(), keep_unknown).astype(bool)


def case_flags(df: pd.DataFrame, reference_date: date, as_of: date,
               home_countries: frozenset[str] = US_RESIDENCE) -> pd.DataFrame:
    """Per tumor row: ``dead``, ``current`` and whether it counts in each cohort (``since_reference``,
    ``last_five_years``: followed and diagnosed in the cohort's window). Counting these flags over any subset
    of rows gives that subset's worksheet (``worksheet_counts``)."""
    require_columns(df, (*REQUIRED, "dateOfDiagnosis"))
    followed = (tumor_exclusions(df) == "") & (patient_exclusions(df, as_of, home_countries) == "")
    dead = text(df, "vitalStatus") == "0"
    last = naaccr_dates(text(df, "dateOfLastContact"), "earliest")
    current = (last >= timestamp(months_before(as_of, CURRENT_MONTHS))).fillna(False).astype(bool)
    five_start = max(reference_date, date(as_of.year - 4, 1, 1))
    return pd.DataFrame({
        "dead": dead.to_numpy(dtype=bool), "current": current.to_numpy(dtype=bool),
        "since_reference": (followed & _in_window(df, reference_date, as_of, keep_unknown=True)).to_numpy(dtype=bool),
        "last_five_years": (followed & _in_window(df, five_start, as_of, keep_unknown=False)).to_numpy(dtype=bool),
    }, index=df.index)


def worksheet_counts(flags: pd.DataFrame, cohort: str) -> dict[str, int | float]:
    """The worksheet figures {"A","B","C","D","E","rate"} of one cohort from ``case_flags`` rows."""
    return _counts(flags[cohort], flags["dead"], flags["current"])


def rate_worksheet(df: pd.DataFrame, reference_date: date, as_of: date,
                   home_countries: frozenset[str] = US_RESIDENCE) -> dict[str, dict[str, int | float]]:
    """``{"since_reference": W, "last_five_years": W}`` with W = {"A","B","C","D","E","rate"} (cli-contract.md).

    ``df`` holds one row per tumor with the patient's items repeated; it needs ``dateOfDiagnosis`` as well as the
    items ``status.followup_status`` needs.
    """
    flags = case_flags(df, reference_date, as_of, home_countries)
    return {cohort: worksheet_counts(flags, cohort) for cohort in ("since_reference", "last_five_years")}
