"""Follow-up figures from the database: one SELECT of patient and tumor items fed to the DataFrame functions.

``followup_frame`` reads one row per tumor with the patient's items repeated (the frame ``status.py`` and
``worksheet.py`` take). The frame's ``patientIdNumber`` column holds the database patient id (NAACCR patient ids
are unique only within a source registry); ``registryPatientId`` keeps the NAACCR value for output. The SEER
summary stages of old cases live in the JSON items; they are read only for skin tumors, the one exclusion rule
that needs them (``eligibility.tumor_reason``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import String, cast, func, select

from registry.abstracting.models import Patient, Tumor
from registry.extensions import db
from registry.followup.dates import naaccr_dates
from registry.followup.settings import FollowUpSettings
from registry.followup.status import LISTED, followup_status
from registry.followup.worksheet import worksheet_counts

PATIENT_COLUMNS = ("dateOfLastContact", "vitalStatus", "dateOfBirth", "addrCurrentCountry")
TUMOR_COLUMNS = ("classOfCase", "primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3", "dateOfDiagnosis",
                 "addrAtDxCountry", "summaryStage2018", "derivedSummaryStage2018")
OPTIONAL_COLUMNS = {"nameLast": Patient, "nameFirst": Patient, "reportingFacility": Tumor, "physicianManaging": Tumor}
LIST_COLUMNS = ("nameLast", "nameFirst", "reportingFacility", "physicianManaging")
OLD_STAGES = ("seerSummaryStage2000", "seerSummaryStage1977")


@dataclass(frozen=True)
class DueFilters:
    """Tumor-level filters of the due list: a patient is listed when one of their tumors matches all of them.
    ``scope`` is the facility limit of the user (None = every facility)."""

    facility: str = ""
    physician: str = ""
    site: str = ""  # ICD-O-3 site code or its start ("C50")
    scope: frozenset[str] | None = None


def followup_frame(extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per tumor: patient and tumor items named by NAACCR id ("" when missing), ``tumor_id``, and the
    ``extra`` items of ``OPTIONAL_COLUMNS`` (names, facility, physician) when asked for.

    The rows are read with the database driver's own cursor (in the session's transaction), missing values
    already turned into "" by the database: building a SQLAlchemy row object per tumor, or replacing None in
    pandas, costs more than the follow-up arithmetic itself.
    """
    wanted = [*PATIENT_COLUMNS, *TUMOR_COLUMNS, *extra]
    columns = [func.coalesce(getattr(OPTIONAL_COLUMNS.get(c) or (Patient if c in PATIENT_COLUMNS else Tumor), c), "")
               for c in wanted]
    stmt = select(cast(Patient.id, String), func.coalesce(Patient.patientIdNumber, ""), Tumor.id, *columns).join(
        Tumor, Tumor.patient_id == Patient.id)
    frame = _read(stmt, ["patientIdNumber", "registryPatientId", "tumor_id", *wanted])
    return _with_old_stages(frame)


def _read(stmt, labels: list[str]) -> pd.DataFrame:
    """Rows of a parameterless SELECT of text columns (and ``tumor_id``) into a frame, in the session's
    transaction: PostgreSQL streams them with COPY ... TO STDOUT (CSV) into pandas' CSV reader; other databases
    through the driver's cursor."""
    connection = db.session.connection()
    sql = str(stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "postgresql":
        buffer = io.BytesIO()
        with raw.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                buffer.write(block)
        buffer.seek(0)
        frame = pd.read_csv(buffer, header=None, names=labels, dtype=str, na_filter=False)
        frame["tumor_id"] = frame["tumor_id"].astype(int)
        return frame
    cursor = raw.cursor()
    try:
        cursor.execute(sql)
        return pd.DataFrame.from_records(cursor.fetchall(), columns=labels)
    finally:
        cursor.close()


def _with_old_stages(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the SEER summary stages kept in the JSON items, read only for the tumors whose follow-up exclusion
    depends on them: skin (C44), histology 8000-8110, behavior 3, and no Summary Stage 2018 recorded."""
    stmt = select(Tumor.id, Tumor.histologicTypeIcdO3, Tumor.extra_items).where(
        Tumor.primarySite.like("C44%"), Tumor.behaviorCodeIcdO3 == "3",
        func.coalesce(Tumor.summaryStage2018, "") == "", func.coalesce(Tumor.derivedSummaryStage2018, "") == "",
        Tumor.histologicTypeIcdO3.between("8000", "8110"))
    found = {tumor_id: extra for tumor_id, histology, extra in db.session.execute(stmt)
             if extra and histology.isdigit() and any(extra.get(item) for item in OLD_STAGES)}
    for item in OLD_STAGES:
        values = {tumor_id: extra.get(item, "") for tumor_id, extra in found.items()}
        frame[item] = frame["tumor_id"].map(values).fillna("").astype(object) if values else ""
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


def _matching_patients(frame: pd.DataFrame, filters: DueFilters) -> pd.Index | None:
    """Patients with a tumor matching every filter; None when nothing is filtered."""
    if not (filters.facility or filters.physician or filters.site or filters.scope is not None):
        return None
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
    patientIdNumber, status, reason, dateOfLastContact (as stored), contractDate, and the names and the first
    tumor's facility and physician when the frame has them. Filtering by facility, physician or site (or a
    facility scope) needs a frame read with those ``extra`` items."""
    status = followup_status(frame, as_of, **settings.months)
    status = status[status["status"].isin(list(statuses))]
    matching = _matching_patients(frame, filters)
    if matching is not None:
        status = status[status["patientIdNumber"].isin(matching)]
    extra = [c for c in ("registryPatientId", *LIST_COLUMNS) if c in frame.columns]
    first = frame[["patientIdNumber", *extra]].drop_duplicates("patientIdNumber").set_index("patientIdNumber")
    table = status.join(first[extra], on="patientIdNumber")
    table = table.rename(columns={"patientIdNumber": "patient_id", "registryPatientId": "patientIdNumber"})
    table["patient_id"] = table["patient_id"].astype(int)
    table["contractDate"] = contract_date(table["dateOfLastContact"])
    return table.sort_values(["contractDate", "patientIdNumber"], kind="stable", ignore_index=True)


def due_rows(table: pd.DataFrame) -> list[dict[str, str]]:
    """The ``followup due --json`` rows (cli-contract.md)."""
    return [{"patientIdNumber": str(p), "status": str(s), "dateOfLastContact": str(d)}
            for p, s, d in zip(table["patientIdNumber"], table["status"], table["contractDate"], strict=True)]


def rates_by_group(flags: pd.DataFrame, keys: pd.Series) -> list[dict]:
    """The since-reference worksheet of each group of tumors (``flags`` from ``worksheet.case_flags``, ``keys``
    one label per row; rows labelled None are left out), groups without cases omitted."""
    out = []
    for key, rows in flags.groupby(keys.to_numpy(), sort=True).groups.items():
        sheet = worksheet_counts(flags.loc[rows], "since_reference")
        if sheet["A"]:
            out.append({"group": str(key), **sheet})
    return out


def diagnosis_years(frame: pd.DataFrame) -> pd.Series:
    """The year of diagnosis of each tumor row, None when the date has no readable year."""
    year = frame["dateOfDiagnosis"].str.slice(0, 4)
    return year.where((year.str.len() == 4) & year.str.isdigit(), None)
