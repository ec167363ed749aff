"""Fixtures for the reports tests: tumors loaded with the bulk loader, population estimates, signed-in roles."""

from __future__ import annotations

from collections.abc import Callable

import pytest

SITES = {"breast": ("C504", "8500"), "colon": ("C180", "8140"), "lung": ("C340", "8070"),
         "prostate": ("C619", "8140"), "melanoma": ("C449", "8720")}


def tumor_items(site: str = "breast", *, year: int = 2020, age: int = 62, stage: str = "1", state: str = "MD",
                behavior: str = "3", dx: str | None = None, **extra: str) -> dict[str, str]:
    primary, histology = SITES[site]
    return {"primarySite": primary, "histologicTypeIcdO3": histology, "behaviorCodeIcdO3": behavior,
            "dateOfDiagnosis": dx or f"{year}0315", "ageAtDiagnosis": f"{age:03d}", "derivedSummaryStage2018": stage,
            "addrAtDxState": state, "countyAtDx": "005", "diagnosticConfirmation": "1",
            "typeOfReportingSource": "1", "sequenceNumberCentral": "00", "classOfCase": "10", **extra}


@pytest.fixture
def add_cases(ctx, actor) -> Callable:
    """add_cases(n, sex=..., race=..., dlc=..., vital=..., cod=..., **tumor items) -> None: n one-tumor patients."""
    from registry.abstracting.bulk import NewPatient, insert_patients
    from registry.extensions import db

    counter = {"n": 0}

    def add(n: int, *, sex: str = "2", race: str = "01", dlc: str = "20241231", vital: str = "1",
            cod: str = "0000", icd: str = "1", **tumor) -> None:
        batch = []
        for _ in range(n):
            counter["n"] += 1
            patient = {"patientIdNumber": f"R{counter['n']:07d}", "nameLast": "Case", "dateOfBirth": "19580101",
                       "sexAssignedAtBirth": sex, "race1": race, "dateOfLastContact": dlc, "vitalStatus": vital,
                       "causeOfDeath": cod, "icdRevisionNumber": icd if vital == "0" else "0"}
            batch.append(NewPatient(items=patient, tumors=[tumor_items(**tumor)]))
        insert_patients(batch, actor, note="reports test")
        db.session.commit()

    return add


def population_rows(state: str = "MD", years=(2019, 2020, 2021), per_cell: int = 10_000,
                    races=("1", "2", "3")) -> list[dict]:
    """Flat population: ``per_cell`` people in every year x sex x race x 19 age groups."""
    return [{"year": y, "area": state, "sex": s, "race": r, "age_group": g, "population": per_cell}
            for y in years for s in ("1", "2") for r in races for g in range(19)]


@pytest.fixture
def populate(ctx) -> Callable:
    from registry.extensions import db
    from registry.reports.populations import load_population

    def load(rows: list[dict] | None = None) -> None:
        load_population(db.session, rows if rows is not None else population_rows())
        db.session.commit()

    return load


@pytest.fixture
def signed_in(client, make_user, login) -> Callable:
    """signed_in(role) -> the test client, signed in as a new user with that role."""
    def sign(role: str):
        make_user(f"user_{role}", role=role)
        response = login(f"user_{role}")
        assert response.status_code in (302, 303)
        return client

    return sign
