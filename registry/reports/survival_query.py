"""Survival cases counted in the database: whole survival months, vital status and the cohort items.

Survival months (SEER survival-time algorithm; cli-contract.md): ``floor(days / (365.24/12))`` from
dateOfDiagnosis to the patient's dateOfLastContact, computed in SQL in exact integer arithmetic as
``days * 1200 // 36524``. Cases enter when both dates are complete (YYYYMMDD), the last contact is not before
diagnosis, vital status is known and the tumor was not found at autopsy or by death certificate only
(typeOfReportingSource 6, 7), as SEER excludes them from survival. Cases are grouped by (months, dead,
cohort items) so a million tumors come back as tens of thousands of rows at most.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Integer, and_, case, cast, func, select
from sqlalchemy.orm import Session

from registry.abstracting.models import Patient, Tumor
from registry.reports.dimensions import DIMENSIONS, map_groups
from registry.reports.fetch import fetch_frame
from registry.reports.filters import ReportFilter, conditions
from registry.reports.stats.expected import us_life_tables

COHORT = ("age", "sex_code", "dx_year", "race1")
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


def survival_cases(session: Session, filt: ReportFilter, by: str | None, *, cohort: bool = False,
                   cause: bool = False, max_months: int = MAX_MONTHS) -> pd.DataFrame:
    """Grouped cases: ``[by], months, dead, [age, sex_code, dx_year, race1], [cause items], cases``.

    Months past ``max_months`` are counted as ``max_months`` and alive (the tables stop there, and a case past
    the last interval only stays at risk), which keeps the cohort grouping small. With ``cohort``, sex is
    1/2/9, race the life-table race (01 white, 02 black, 00 all races) and years past the last life-table year
    that year, as the expected-survival tables use them (registry.reports.stats.expected).
    """
    dialect = session.get_bind().dialect.name
    whole = cast(days_expr(dialect), Integer) * 1200 // 36524
    months = _least(dialect, whole, max_months).label("months")
    dead = case((and_(Patient.vitalStatus == "0", whole < max_months), 1), else_=0).label("dead")
    keys = [months, dead]  # computed keys first, so the database scans the table instead of an index
    if by:
        keys.append(DIMENSIONS[by].expr().label(by))
    if cohort:
        keys += [Tumor.ageAtDiagnosis.label("age"),
                 case((Patient.sexAssignedAtBirth.in_(("1", "2")), Patient.sexAssignedAtBirth), else_="9")
                 .label("sex_code"), _least(dialect, Tumor.dx_year, us_life_tables().last_year).label("dx_year"),
                 case((Patient.race1.in_(("01", "02")), Patient.race1), else_="00").label("race1")]
    if cause:
        items = (Tumor.primarySite, Tumor.histologicTypeIcdO3, Tumor.behaviorCodeIcdO3,
                 Tumor.sequenceNumberCentral, Patient.icdRevisionNumber, Patient.causeOfDeath)
        keys += [_dead_only(item).label(name) for item, name in zip(items, CAUSE, strict=True)]
        keys.append(_dead_only(Tumor.dx_year).label("c_year"))
    query = (select(*keys, func.count().label("cases")).select_from(Tumor)
             .join(Patient, Patient.id == Tumor.patient_id)
             .where(*conditions(filt), *eligibility()).group_by(*keys))
    frame = fetch_frame(session, query)
    for column in ("months", "dead", "cases", *(("dx_year",) if cohort else ())):
        frame[column] = pd.to_numeric(frame[column]).astype("int64")
    if by:
        frame = map_groups(frame, [by])
    frame["dead"] = frame["dead"].astype(bool)
    return frame


def filtered_total(session: Session, filt: ReportFilter, by: str | None) -> pd.DataFrame:
    """All tumors the filter covers (eligible or not), per category of ``by``: to report exclusions."""
    keys = [DIMENSIONS[by].expr().label(by)] if by else []
    query = select(*keys, func.count().label("cases")).select_from(Tumor)
    if filt.needs_patient() or (by and DIMENSIONS[by].on_patient):
        query = query.join(Patient, Patient.id == Tumor.patient_id)
    query = query.where(*conditions(filt)).group_by(*keys)
    frame = pd.DataFrame(session.execute(query).all(), columns=[k.name for k in keys] + ["cases"])
    if by:
        frame = map_groups(frame, [by]).groupby(by, as_index=False)["cases"].sum()
    return frame


def expand(frame: pd.DataFrame, columns: Sequence[str]) -> dict[str, object]:
    """Per-case arrays (numpy) of ``columns`` from grouped rows (``np.repeat`` by ``cases``)."""
    counts = frame["cases"].to_numpy()
    return {c: frame[c].to_numpy().repeat(counts) for c in columns}
