"""Fixtures for the follow-up tests: a factory of hand-made NAACCR rows."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

BASE = {
    "dateOfBirth": "19500101", "vitalStatus": "1", "addrCurrentCountry": "USA", "addrAtDxCountry": "USA",
    "classOfCase": "10", "primarySite": "C509", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3",
    "dateOfDiagnosis": "20200310", "dateOfLastContact": "20240101", "summaryStage2018": "",
}


@pytest.fixture
def make_frame() -> Callable[[list[dict[str, str]]], pd.DataFrame]:
    """Rows (one per tumor, patient items repeated) over BASE defaults; every value a string as in NAACCR."""

    def build(rows: list[dict[str, str]]) -> pd.DataFrame:
        return pd.DataFrame([{**BASE, **row} for row in rows], dtype="string")

    return build


AS_OF = "2025-06-01"
# patientIdNumber: (dateOfLastContact, vitalStatus, dateOfDiagnosis, classOfCase, facility) -> status at AS_OF
HAND_MADE = {
    "P1": ("20250301", "1", "20220101", "10", "0000000001"),  # current
    "P2": ("20240515", "1", "20200115", "10", "0000000001"),  # due (12-15 months)
    "P3": ("20231201", "1", "20210601", "14", "0000000001"),  # delinquent (15-24 months)
    "P4": ("2022", "1", "2019", "10", "0000000001"),  # lost (over 24 months), partial date
    "P5": ("20230101", "0", "20230301", "10", "0000000001"),  # dead
    "P6": ("202404", "1", "20200115", "10", "0000000001"),  # due: read as 2024-04-01
    "P7": ("", "1", "20200115", "10", "0000000001"),  # lost: no date of last contact
    "P8": ("20200101", "1", "20200115", "30", "0000000001"),  # excluded: not analytic
    "P9": ("20240101", "1", "20200115", "10", "0000000002"),  # delinquent, other facility
}


@pytest.fixture
def hand_made(make_patient) -> dict:
    """The HAND_MADE patients in the database, one breast tumor each; P9's physician is 99999999."""
    made = {}
    for pid, (dlc, vital, dx, coc, facility) in HAND_MADE.items():
        tumor = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3",
                 "dateOfDiagnosis": dx, "classOfCase": coc, "reportingFacility": facility,
                 "physicianManaging": "99999999" if pid == "P9" else "12345678"}
        made[pid] = make_patient(tumors=[tumor], patientIdNumber=pid, nameLast=f"Last{pid}",
                                 dateOfLastContact=dlc, vitalStatus=vital, addrCurrentCountry="USA")
    return made
