"""New patient with the duplicate-patient warning; new tumor for a known patient."""

import pytest

from registry.abstracting.models import Patient
from registry.extensions import db

FACILITY = "0000000001"


def _patients():
    db.session.expire_all()
    return db.session.scalars(db.select(Patient).order_by(Patient.id)).all()


@pytest.fixture
def known(make_facility, make_user, make_patient, login):
    make_facility(FACILITY)
    make_user("reg", "registrar")
    login("reg")
    return make_patient(nameLast="SMITH", nameFirst="ANNA", dateOfBirth="19600202", socialSecurityNumber="123456789",
                        tumors=[{"medicalRecordNumber": "MR-77", "reportingFacility": FACILITY}])


@pytest.mark.parametrize("entered", [
    {"nameLast": "Smith", "nameFirst": "Anna", "dateOfBirth": "19600202"},
    {"nameLast": "Jones", "socialSecurityNumber": "123456789"},
    {"nameLast": "Jones", "medicalRecordNumber": "MR-77"},
])
def test_a_possible_duplicate_is_shown_before_a_patient_is_created(client, known, entered):
    response = client.post("/patients/new", data={"reportingFacility": FACILITY, **entered})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Possible duplicates" in html and "SMITH, ANNA" in html and 'id="create-anyway"' in html
    assert len(_patients()) == 1


def test_create_anyway_after_the_warning(client, known):
    response = client.post("/patients/new", data={"reportingFacility": FACILITY, "nameLast": "Smith",
                                                  "nameFirst": "Anna", "dateOfBirth": "19600202",
                                                  "create_anyway": "yes"})
    assert response.status_code == 303
    patients = _patients()
    assert len(patients) == 2 and patients[1].nameLast == "SMITH" and patients[1].patientIdNumber == "00000002"
    assert patients[1].tumors[0].reportingFacility == FACILITY
    assert response.headers["Location"].endswith(f"/abstracts/{patients[1].tumors[0].id}")


def test_no_duplicate_creates_patient_and_first_tumor(client, known):
    response = client.post("/patients/new", data={"reportingFacility": FACILITY, "nameLast": "Brown",
                                                  "dateOfBirth": "19600202", "socialSecurityNumber": "999999999"})
    assert response.status_code == 303 and len(_patients()) == 2


def test_new_tumor_for_a_known_patient(client, known):
    response = client.post(f"/patients/{known.id}/tumors", data={"reportingFacility": FACILITY})
    assert response.status_code == 303
    patient = _patients()[0]
    assert [t.tumorRecordNumber for t in patient.tumors] == ["01", "02"]
    assert client.post(f"/patients/{known.id}/tumors", data={"reportingFacility": "9999999999"}).status_code == 400
