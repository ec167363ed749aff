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
from sqlalchemy import Integer, case, cast, func, select
from sqlalchemy.orm import Session

from registry.abstracting.models import Patient, Tumor
from registry.reports.dimensions import DIMENSIONS, map_groups
from registry.reports.filters import ReportFilter, conditions

COHORT = ("age", "sex_code", "dx_year", "race1")
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
        func.length(Tumor.dateOfDiagnosis) == 8, func.length(Patient.dateOfLastContact) == 8,
        Patient.last_contact_date >= Tumor.dx_date, Patient.vitalStatus.in_(("0", "1")),
        func.coalesce(Tumor.typeOfReportingSource, "").notin_(("6", "7")),
    ]


def _dead_only(column):
    return case((Patient.vitalStatus == "0", column))


def survival_cases(session: Session, filt: ReportFilter, by: str | None, *, cohort: bool = False,
                   cause: bool = False) -> pd.DataFrame:
    """Grouped cases: ``[by], months, dead, [age, sex_code, dx_year, race1], [cause items], cases``."""
    dialect = session.get_bind().dialect.name
    months = (cast(days_expr(dialect), Integer) * 1200 // 36524).label("months")
    dead = case((Patient.vitalStatus == "0", 1), else_=0).label("dead")
    keys = [months, dead]
    if by:
        keys.insert(0, DIMENSIONS[by].expr().label(by))
    if cohort:
        keys += [Tumor.ageAtDiagnosis.label("age"), Patient.sexAssignedAtBirth.label("sex_code"),
                 Tumor.dx_year.label("dx_year"), Patient.race1.label("race1")]
    if cause:
        items = (Tumor.primarySite, Tumor.histologicTypeIcdO3, Tumor.behaviorCodeIcdO3,
                 Tumor.sequenceNumberCentral, Patient.icdRevisionNumber, Patient.causeOfDeath)
        keys += [_dead_only(item).label(name) for item, name in zip(items, CAUSE, strict=True)]
        keys.append(_dead_only(Tumor.dx_year).label("c_year"))
    query = (select(*keys, func.count().label("cases")).select_from(Tumor)
             .join(Patient, Patient.id == Tumor.patient_id)
             .where(*conditions(filt), *eligibility()).group_by(*keys))
    frame = pd.DataFrame(session.execute(query).all(), columns=[k.name for k in keys] + ["cases"])
    if by:
        frame = map_groups(frame, [by])
    frame["months"] = frame["months"].astype("int64")
    frame["dead"] = frame["dead"].astype(bool)
    return frame


def filtered_total(session: Session, filt: ReportFilter, by: str | None) -> pd.DataFrame:
    """All tumors the filter covers (eligible or not), per category of ``by``: to report exclusions."""
    keys = [DIMENSIONS[by].expr().label(by)] if by else []
    query = (select(*keys, func.count().label("cases")).select_from(Tumor)
             .join(Patient, Patient.id == Tumor.patient_id).where(*conditions(filt)).group_by(*keys))
    frame = pd.DataFrame(session.execute(query).all(), columns=[k.name for k in keys] + ["cases"])
    if by:
        frame = map_groups(frame, [by]).groupby(by, as_index=False)["cases"].sum()
    return frame


def expand(frame: pd.DataFrame, columns: Sequence[str]) -> dict[str, object]:
    """Per-case arrays (numpy) of ``columns`` from grouped rows (``np.repeat`` by ``cases``)."""
    counts = frame["cases"].to_numpy()
    return {c: frame[c].to_numpy().repeat(counts) for c in columns}
