"""Follow-up figures from the database: one SELECT of patient and tumor items fed to the DataFrame functions.

``followup_frame`` reads one row per tumor with the patient's items repeated (the frame ``status.py`` and
``worksheet.py`` take). The frame's ``patientIdNumber`` column holds the database patient id (NAACCR patient ids
are unique only within a source registry); ``registryPatientId`` keeps the NAACCR value for output. The SEER
summary stages of old cases live in the JSON items; they are read only for skin tumors, the one exclusion rule
that needs them (``eligibility.tumor_reason``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import select

from registry.abstracting.models import Patient, Tumor
from registry.extensions import db
from registry.followup.dates import naaccr_dates
from registry.followup.settings import FollowUpSettings
from registry.followup.status import LISTED, followup_status
from registry.followup.worksheet import rate_worksheet

PATIENT_COLUMNS = ("dateOfLastContact", "vitalStatus", "dateOfBirth", "addrCurrentCountry")
TUMOR_COLUMNS = ("classOfCase", "primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3", "dateOfDiagnosis",
                 "addrAtDxCountry", "summaryStage2018", "derivedSummaryStage2018", "reportingFacility",
                 "physicianManaging")
NAME_COLUMNS = ("nameLast", "nameFirst")
OLD_STAGES = ("seerSummaryStage2000", "seerSummaryStage1977")


@dataclass(frozen=True)
class DueFilters:
    """Tumor-level filters of the due list: a patient is listed when one of their tumors matches all of them.
    ``scope`` is the facility limit of the user (None = every facility)."""

    facility: str = ""
    physician: str = ""
    site: str = ""  # ICD-O-3 site code or its start ("C50")
    scope: frozenset[str] | None = None


def followup_frame(names: bool = False) -> pd.DataFrame:
    """One row per tumor: patient and tumor items named by NAACCR id, ``tumor_id`` and (optionally) names."""
    patient_cols = [getattr(Patient, c) for c in (*PATIENT_COLUMNS, *(NAME_COLUMNS if names else ()))]
    stmt = select(Patient.id, Patient.patientIdNumber, Tumor.id, *patient_cols,
                  *(getattr(Tumor, c) for c in TUMOR_COLUMNS)).join(Tumor, Tumor.patient_id == Patient.id)
    labels = ["patientIdNumber", "registryPatientId", "tumor_id", *PATIENT_COLUMNS,
              *(NAME_COLUMNS if names else ()), *TUMOR_COLUMNS]
    rows = db.session.execute(stmt).all()
    frame = pd.DataFrame.from_records(rows, columns=labels)
    frame["patientIdNumber"] = frame["patientIdNumber"].astype(str)
    for column in labels[3:]:
        frame[column] = frame[column].fillna("").astype(object)
    return _with_old_stages(frame)


def _with_old_stages(frame: pd.DataFrame) -> pd.DataFrame:
    skin = frame.loc[frame["primarySite"].str.startswith("C44"), "tumor_id"].tolist()
    for item in OLD_STAGES:
        frame[item] = ""
    for chunk in range(0, len(skin), 1000):
        ids = skin[chunk:chunk + 1000]
        extras = dict(db.session.execute(select(Tumor.id, Tumor.extra_items).where(Tumor.id.in_(ids))).all())
        for item in OLD_STAGES:
            values = {i: (e or {}).get(item, "") for i, e in extras.items()}
            mask = frame["tumor_id"].isin(ids)
            frame.loc[mask, item] = frame.loc[mask, "tumor_id"].map(values).fillna("")
    return frame


def patient_frame(patient: Patient) -> pd.DataFrame | None:
    """The same frame for one patient already loaded (one row per tumor), or None without tumors."""
    if not patient.tumors:
        return None
    rows = [{**(t.extra_items or {}), "patientIdNumber": str(patient.id),
             **{c: getattr(patient, c) or "" for c in PATIENT_COLUMNS},
             **{c: getattr(t, c) or "" for c in TUMOR_COLUMNS}} for t in patient.tumors]
    return pd.DataFrame(rows).fillna("").astype(object)


def contract_date(values: pd.Series) -> pd.Series:
    """A NAACCR date as the CLI contract's YYYYMMDD: a partial date padded to the first day of its period
    (YYYY -> YYYY0101, YYYYMM -> YYYYMM01, 99-coded parts as missing), as the status rules read it; "" when
    there is no readable date."""
    parsed = naaccr_dates(values.astype(object), "earliest")
    return parsed.dt.strftime("%Y%m%d").fillna("").astype(object)


def _matching_patients(frame: pd.DataFrame, filters: DueFilters) -> pd.Index:
    keep = pd.Series(True, index=frame.index)
    if filters.facility:
        keep &= frame["reportingFacility"] == filters.facility
    if filters.physician:
        keep &= frame["physicianManaging"] == filters.physician
    if filters.site:
        keep &= frame["primarySite"].str.upper().str.startswith(filters.site.upper())
    if filters.scope is not None:
        keep &= frame["reportingFacility"].isin(filters.scope)
    return pd.Index(frame.loc[keep, "patientIdNumber"].unique())


def due_table(frame: pd.DataFrame, as_of: date, settings: FollowUpSettings,
              filters: DueFilters = DueFilters(), statuses: Iterable[str] = LISTED) -> pd.DataFrame:
    """Listed patients (due, delinquent, lost by default), oldest contact first, one row each: patient_id,
    patientIdNumber, status, reason, dateOfLastContact (as stored), contractDate, and the first tumor's
    facility and physician (and names when the frame has them)."""
    status = followup_status(frame, as_of, **settings.months)
    status = status[status["status"].isin(list(statuses))]
    status = status[status["patientIdNumber"].isin(_matching_patients(frame, filters))]
    first = frame.drop_duplicates("patientIdNumber").set_index("patientIdNumber")
    extra = [c for c in ("registryPatientId", "reportingFacility", "physicianManaging", *NAME_COLUMNS)
             if c in first.columns]
    table = status.join(first[extra], on="patientIdNumber")
    table = table.rename(columns={"patientIdNumber": "patient_id", "registryPatientId": "patientIdNumber"})
    table["patient_id"] = table["patient_id"].astype(int)
    table["contractDate"] = contract_date(table["dateOfLastContact"])
    return table.sort_values(["contractDate", "patientIdNumber"], kind="stable", ignore_index=True)


def due_rows(table: pd.DataFrame) -> list[dict[str, str]]:
    """The ``followup due --json`` rows (cli-contract.md)."""
    return [{"patientIdNumber": str(p), "status": str(s), "dateOfLastContact": str(d)}
            for p, s, d in zip(table["patientIdNumber"], table["status"], table["contractDate"], strict=True)]


def rates_by_group(frame: pd.DataFrame, column: str, reference_date: date, as_of: date) -> list[dict]:
    """The worksheet's since-reference figures of each group of tumors (``column``: a tumor item)."""
    out = []
    for key, group in frame.groupby(column, sort=True):
        sheet = rate_worksheet(group, reference_date, as_of)["since_reference"]
        if sheet["A"]:
            out.append({"group": str(key), **sheet})
    return out


def rates_by_year(frame: pd.DataFrame, reference_date: date, as_of: date) -> list[dict]:
    """Each diagnosis year's cohort (from the reference date to the as-of date): the worksheet counts."""
    year = frame["dateOfDiagnosis"].str.slice(0, 4)
    valid = year.str.fullmatch(r"\d{4}") & (year >= f"{reference_date.year:04d}") & (year <= f"{as_of.year:04d}")
    cohort = frame[valid].assign(dx_year=year[valid])
    return rates_by_group(cohort, "dx_year", reference_date, as_of)
