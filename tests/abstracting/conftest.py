"""Helpers for the workspace tests: a facility, accounts per role, a case ready to complete, form reading."""

from __future__ import annotations

import re

import pytest

FACILITY = "0000000001"
COMPLETE_PATIENT = {"nameLast": "DOE", "nameFirst": "JANE", "dateOfBirth": "19500101", "sexAssignedAtBirth": "2",
                    "race1": "01", "race2": "88", "race3": "88", "race4": "88", "race5": "88",
                    "spanishHispanicOrigin": "0", "dateOfLastContact": "20240301", "vitalStatus": "1"}
COMPLETE_TUMOR = {"reportingFacility": FACILITY, "classOfCase": "10", "dateOf1stContact": "20240110",
                  "dateOfDiagnosis": "20240105", "sequenceNumberHospital": "00", "primarySite": "C504",
                  "laterality": "1", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3",
                  "diagnosticConfirmation": "1", "textPrimarySiteTitle": "Breast, upper outer quadrant",
                  "textHistologyTitle": "Invasive ductal carcinoma", "ageAtDiagnosis": "074",
                  "typeOfReportingSource": "1"}


@pytest.fixture
def workspace(make_facility, make_user, make_patient, login, client):
    """A facility, a registrar signed in, and one patient with one tumor holding a nearly complete abstract."""
    make_facility(FACILITY)
    make_user("reg", "registrar")
    make_user("rev", "reviewer")
    make_user("epi", "epidemiologist")
    patient = make_patient(tumors=[{"reportingFacility": FACILITY, "primarySite": "C504",
                                    "dateOfDiagnosis": "20240105"}])
    login("reg")
    return patient.tumors[0]


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html)
    assert match, f"no field {name}"
    return match.group(1).replace("&#34;", '"').replace("&quot;", '"')


def form_state(html: str) -> dict[str, str]:
    """The screen form's own hidden fields: versions and baseline."""
    return {k: hidden(html, k) for k in ("patient_version", "tumor_version", "baseline")}


def _opened(client, tumor_id: int) -> dict[str, str]:
    return form_state(client.get(f"/abstracts/{tumor_id}").get_data(as_text=True))


@pytest.fixture
def state_of():
    """state_of(html) -> the versions and baseline a rendered screen carries."""
    return form_state


@pytest.fixture
def opened():
    """opened(client, tumor_id) -> what the screen's form carries when opened: versions and baseline."""
    return _opened


@pytest.fixture
def complete_items() -> dict[str, str]:
    """Patient and tumor items of an abstract that passes every error-level edit and has every required item."""
    return {**COMPLETE_PATIENT, **COMPLETE_TUMOR}


@pytest.fixture
def save(opened):
    """save(client, tumor_id, values, intent="save", form=None) -> the response of posting the screen."""

    def post(client, tumor_id, values, intent="save", form=None):
        form = form or opened(client, tumor_id)
        return client.post(f"/abstracts/{tumor_id}", data={**form, "intent": intent, **values})

    return post
