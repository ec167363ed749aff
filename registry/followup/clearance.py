"""Applying certain death-file matches: the NAACCR Patient items a linked death record changes.

SEER Training "Follow-up" (training.seer.cancer.gov/followup/, methods-and-standards.md 4.1/4.3): when a patient
is known dead, vitalStatus becomes 0 and the date of last contact is the date of death; the underlying cause of
death is recorded (causeOfDeath, NAACCR #1910, the ICD-10 code without its dot) with icdRevisionNumber (#1920)
1 = ICD-10. The database layer writes these values and the audit entry.
"""

from __future__ import annotations

import pandas as pd

ICD10 = "1"


def death_updates(matches: pd.DataFrame, deaths: pd.DataFrame) -> pd.DataFrame:
    """One row per matched patient: patientIdNumber, vitalStatus, dateOfLastContact, causeOfDeath,
    icdRevisionNumber, and the death record's certificate_number and line (for the audit trail)."""
    records = deaths.loc[matches["death_row"].to_numpy()]
    return pd.DataFrame({
        "patientIdNumber": matches["patientIdNumber"].to_numpy(),
        "vitalStatus": "0",
        "dateOfLastContact": records["date_of_death"].to_numpy(),
        "causeOfDeath": records["underlying_cause"].to_numpy(),
        "icdRevisionNumber": [ICD10 if cause else "" for cause in records["underlying_cause"]],
        "certificate_number": records["certificate_number"].to_numpy(),
        "line": records["line"].to_numpy(),
    }, dtype="string")
