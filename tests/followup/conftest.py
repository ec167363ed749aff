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
