"""Follow-up status of each patient at an as-of date: due, delinquent, lost, current, dead or excluded.

Rules (methods-and-standards.md section 4.1; SEER Training follow-up pages cited in ``eligibility.py``):

* A patient is followed when at least one of their tumors is eligible and the patient is neither a foreign
  resident nor over 100 (``eligibility.py``); otherwise the status is ``excluded`` with the reason(s).
* A dead patient (``vitalStatus`` 0) needs no more follow-up: status ``dead``.
* Letters are "usually initiated at twelve months after the most recent date of contact": ``due`` once the date of
  last contact is ``due_months`` (12) or more calendar months before the as-of date.
* The CoC calls a case delinquent when no follow-up was obtained within fifteen months after the date of last
  contact: ``delinquent`` when the last contact is before the same day ``delinquent_months`` (15) months before
  the as-of date (the complement of the worksheet's "current", ``worksheet.py``).
* ``lost``: the last contact is before the same day ``lost_months`` months before the as-of date. The standard
  sets no separate limit (delinquent patients are "lost" on the CoC worksheet and stay in the follow-up file);
  the default of 24 months is this registry's policy, separating cases still being chased from long-lost ones.
  A living patient with no readable date of last contact is ``lost`` (reason ``no-date-of-last-contact``).
* Partial dates: a ``YYYYMM`` or ``YYYY`` date of last contact is read as the FIRST day of its month or year, so
  a patient is never shown current unless every day the partial date allows makes them current.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from registry.followup.dates import months_before, naaccr_dates, timestamp
from registry.followup.eligibility import US_RESIDENCE, patient_exclusions, text, tumor_exclusions

TUMOR_REASONS = sorted(["non-analytic", "benign-borderline", "cervix-in-situ", "skin-basal-squamous"])

REQUIRED = ("patientIdNumber", "dateOfLastContact", "vitalStatus", "dateOfBirth",
            "classOfCase", "primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3")
LISTED = ("due", "delinquent", "lost")


def require_columns(df: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """Refuse a frame lacking required NAACCR items, naming them."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"missing NAACCR item columns: {', '.join(missing)}")


def _tumor_reasons(df: pd.DataFrame) -> pd.DataFrame:
    """Per patient: whether any tumor is eligible, and the sorted exclusion reasons of the tumors ("a; b")."""
    reasons = tumor_exclusions(df).to_numpy(dtype=object)
    flags = pd.DataFrame({code: reasons == code for code in ["", *TUMOR_REASONS]})
    per_patient = flags.groupby(text(df, "patientIdNumber").to_numpy(), sort=False).any()
    joined = pd.Series("", index=per_patient.index, dtype=object)
    for code in TUMOR_REASONS:
        present = per_patient[code].to_numpy()
        joined[present] = np.where(joined[present] == "", code, joined[present] + "; " + code)
    return pd.DataFrame({"eligible": per_patient[""], "tumor_reason": joined})


def followup_status(
    df: pd.DataFrame,
    as_of: date,
    due_months: int = 12,
    delinquent_months: int = 15,
    lost_months: int = 24,
    home_countries: frozenset[str] = US_RESIDENCE,
) -> pd.DataFrame:
    """One row per patient: patientIdNumber, status, reason, dateOfLastContact (the NAACCR string as stored).

    ``df`` holds one row per tumor with the patient's items repeated (one SELECT joining patient and tumor).
    """
    if not due_months <= delinquent_months <= lost_months:
        raise ValueError("need due_months <= delinquent_months <= lost_months")
    require_columns(df, REQUIRED)
    patients = df.loc[~text(df, "patientIdNumber").duplicated()].copy()
    patients.index = text(patients, "patientIdNumber")
    tumors = _tumor_reasons(df).reindex(patients.index)
    person = patient_exclusions(patients, as_of, home_countries)
    last = naaccr_dates(text(patients, "dateOfLastContact"), "earliest")
    status, reason = _classify(patients, tumors, person, last, as_of, (due_months, delinquent_months, lost_months))
    return pd.DataFrame({
        "patientIdNumber": patients.index.to_numpy(),
        "status": status,
        "reason": reason,
        "dateOfLastContact": text(patients, "dateOfLastContact").to_numpy(),
    })


def _classify(patients: pd.DataFrame, tumors: pd.DataFrame, person: pd.Series, last: pd.Series,
              as_of: date, months: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    due_m, delinquent_m, lost_m = months
    excluded_person = (person != "").to_numpy(dtype=bool)
    excluded_tumors = ~tumors["eligible"].fillna(False).to_numpy(dtype=bool)
    dead = (text(patients, "vitalStatus") == "0").to_numpy(dtype=bool)
    unknown = last.isna().to_numpy()
    when = last.to_numpy()
    before = {m: when < timestamp(months_before(as_of, m)) for m in (delinquent_m, lost_m)}
    on_or_before_due = when <= timestamp(months_before(as_of, due_m))
    conditions = [excluded_person, excluded_tumors, dead, unknown, before[lost_m], before[delinquent_m],
                  on_or_before_due]
    status = np.select(conditions, ["excluded", "excluded", "dead", "lost", "lost", "delinquent", "due"],
                       default="current")
    reason = np.select(
        [excluded_person, excluded_tumors, dead | ~unknown],
        [person.to_numpy(dtype=object), tumors["tumor_reason"].to_numpy(dtype=object), ""],
        default="no-date-of-last-contact",
    )
    return status, reason


def due_list(status: pd.DataFrame) -> list[dict[str, str]]:
    """The ``followup due --json`` rows (cli-contract.md): due, delinquent and lost patients, oldest contact first.

    ``dateOfLastContact`` is the NAACCR string as stored (partial dates stay partial; "" when unknown).
    """
    listed = status[status["status"].isin(LISTED)]
    order = listed.assign(_sort=listed["dateOfLastContact"].replace("", "0")).sort_values(
        ["_sort", "patientIdNumber"], kind="stable")
    return [
        {"patientIdNumber": str(pid), "status": str(st), "dateOfLastContact": str(dlc)}
        for pid, st, dlc in zip(order["patientIdNumber"], order["status"], order["dateOfLastContact"], strict=True)
    ]
