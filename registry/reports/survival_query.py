"""Survival cases counted in the database: whole survival months, vital status and the cohort items.

Survival months (SEER survival-time algorithm; cli-contract.md): ``floor(days / (365.24/12))`` from
dateOfDiagnosis to the patient's dateOfLastContact, computed in SQL in exact integer arithmetic as
``days * 1200 // 36524``. Cases enter when both dates are complete (YYYYMMDD), the last contact is not before
diagnosis, vital status is known and the tumor was not found at autopsy or by death certificate only
(typeOfReportingSource 6, 7), as SEER excludes them from survival. Cases are counted in the database per
(months, dead, cohort) key (:mod:`registry.reports.survival_keys`), so a million tumors come back as counts of
tens of thousands of keys at most.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Integer, case, cast, func, select
from sqlalchemy.orm import Session

from registry.abstracting.models import Patient, Tumor
from registry.reports.dimensions import DIMENSIONS, map_groups
from registry.reports.fetch import count_groups, fetch_frame
from registry.reports.filters import ReportFilter, conditions
from registry.reports.stats.expected import us_life_tables
from registry.reports.survival_keys import INELIGIBLE, KeyLayout, case_key, count_keys, decode

MAX_MONTHS = 120  # the longest table: 10-year survival
CAUSE = ("c_site", "c_hist", "c_beh", "c_seq", "c_icd", "c_cod")


def days_expr(dialect: str):
    """Days from diagnosis to last contact in the database's own date arithmetic."""
    if dialect == "sqlite":
        return cast(func.julianday(Patient.last_contact_date) - func.julianday(Tumor.dx_date), Integer)
    return Patient.last_contact_date - Tumor.dx_date


def eligibility() -> list:
    """SQL conditions for a case to enter a survival analysis (module docstring)."""
    return [
        Tumor.dx_date.is_not(None), Patient.last_contact_date.is_not(None),
        # complete dates: NAACCR dates are 8, 6 or 4 characters; "not 4 and not 6" (rather than "= 8") keeps the
        # planner's row estimate near the truth, so PostgreSQL hashes the join instead of looping over an index
        func.length(Tumor.dateOfDiagnosis).notin_((4, 6)), func.length(Patient.dateOfLastContact).notin_((4, 6)),
        Patient.last_contact_date >= Tumor.dx_date, Patient.vitalStatus.in_(("0", "1")),
        func.coalesce(Tumor.typeOfReportingSource, "").notin_(("6", "7")),
    ]


def _dead_only(column):
    return case((Patient.vitalStatus == "0", column))


def _least(dialect: str, a, b):
    return func.min(a, b) if dialect == "sqlite" else func.least(a, b)


def whole_months(dialect: str):
    """Whole survival months, ``days * 1200 // 36524`` (module docstring)."""
    return cast(days_expr(dialect), Integer) * 1200 // 36524


def survival_counts(session: Session, filt: ReportFilter, by: str | None, *, cohort: bool = False,
                    max_months: int = MAX_MONTHS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(cases, totals)``: eligible cases counted as ``[by], months, dead, [age, sex_code, dx_year, race_code],
    cases``, and all tumors the filter covers as ``[by], cases`` (to report those left out).

    Months past ``max_months`` are counted as ``max_months`` and alive (the tables stop there, and a case past
    the last interval only stays at risk). With ``cohort``, the expected-survival cohort as numbers
    (:mod:`registry.reports.survival_keys`: age 999 unknown, sex_code 1/2/9, race_code 0 all races, 1 white,
    2 black; years past the last life-table year counted as that year). One scan, counted per key.
    """
    dialect = session.get_bind().dialect.name
    layout = KeyLayout(max_months, us_life_tables().last_year if cohort else None)
    key = case_key(dialect, whole_months(dialect), layout, eligibility())
    counted = count_keys(session, key, DIMENSIONS[by].expr() if by else None, conditions(filt))
    parts, totals = [], []
    for raw, (keys, counts) in counted.items():
        entered = keys != INELIGIBLE
        part = pd.DataFrame({**decode(keys[entered], layout), "cases": counts[entered]})
        category = {by: DIMENSIONS[by].group(raw)} if by else {}  # few raw codes: map them, not the rows
        parts.append(part.assign(**category))
        totals.append({**category, "cases": int(counts.sum())})
    columns = [*([by] if by else []), "months", *layout.names, "cases"]
    frame = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns, dtype=np.int64)
    frame["dead"] = frame["dead"].astype(bool)
    if cohort:
        frame["sex_code"] = frame["sex_code"].where(frame["sex_code"] > 0, 9)
    total = pd.DataFrame(totals, columns=[*([by] if by else []), "cases"])
    if by:
        total = total.groupby(by, as_index=False)["cases"].sum()
    return frame, total


def survival_cases(session: Session, filt: ReportFilter, by: str | None, *, cohort: bool = False,
                   cause: bool = False, max_months: int = MAX_MONTHS) -> pd.DataFrame:
    """Counted eligible cases: :func:`survival_counts`, or with ``cause`` those of :func:`cause_counts`."""
    if cause:
        return cause_counts(session, filt, by, max_months=max_months)[0]
    return survival_counts(session, filt, by, cohort=cohort, max_months=max_months)[0]


def cause_counts(session: Session, filt: ReportFilter, by: str | None, *,
                 max_months: int = MAX_MONTHS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(cases, totals)`` as :func:`survival_counts`, the cases as ``[by], months, dead, [cause items], cases``:
    the items that classify a death (site, histology, behavior, sequence, ICD revision, cause of death, year;
    SEER cause-specific death classification) are read for deaths only."""
    dialect = session.get_bind().dialect.name
    layout = KeyLayout(max_months)
    keys = [case_key(dialect, whole_months(dialect), layout, eligibility()).label("key")]
    if by:
        keys.append(DIMENSIONS[by].expr().label(by))
    items = (Tumor.primarySite, Tumor.histologicTypeIcdO3, Tumor.behaviorCodeIcdO3,
             Tumor.sequenceNumberCentral, Patient.icdRevisionNumber, Patient.causeOfDeath, Tumor.dx_year)
    keys += [_dead_only(item).label(name) for item, name in zip(items, (*CAUSE, "c_year"), strict=True)]
    base = select().select_from(Tumor).join(Patient, Patient.id == Tumor.patient_id).where(*conditions(filt))
    if dialect == "sqlite":  # counted without SQLite's sort-based GROUP BY (registry.reports.fetch)
        frame = count_groups(session, base, keys, count="cases")
    else:
        frame = fetch_frame(session, base.add_columns(*keys, func.count().label("cases")).group_by(*keys))
    frame = frame.astype({"key": np.int64, "cases": np.int64})
    if by:
        frame = map_groups(frame, [by])
    total = (frame.groupby(by, as_index=False)["cases"].sum() if by
             else pd.DataFrame({"cases": [int(frame["cases"].sum())]}))
    frame = frame[frame["key"] != INELIGIBLE]
    parts = decode(frame["key"].to_numpy(), layout)
    frame = frame.drop(columns="key").assign(months=parts["months"], dead=parts["dead"].astype(bool))
    return frame, total
