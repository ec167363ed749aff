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


OTHER = "0000000002"


@pytest.fixture
def elsewhere(known, make_facility, make_user, make_patient, login):
    """A registrar limited to FACILITY signed in, and a patient with tumors only at another facility."""
    make_facility(OTHER, "Other Hospital")
    make_user("near", "registrar", facilities=[FACILITY])
    login("near")
    return make_patient(nameLast="FARAWAY", nameFirst="FIONA", dateOfBirth="19410303",
                        socialSecurityNumber="555443333",
                        tumors=[{"medicalRecordNumber": "MR-99", "reportingFacility": OTHER, "primarySite": "C619"}])


def test_a_tumor_cannot_be_added_to_a_patient_of_another_facility(client, elsewhere):
    response = client.post(f"/patients/{elsewhere.id}/tumors", data={"reportingFacility": FACILITY})
    assert response.status_code == 403
    patient = db.session.get(Patient, elsewhere.id)
    assert [t.reportingFacility for t in patient.tumors] == [OTHER]
    assert client.get(f"/patients/{elsewhere.id}").status_code == 403


@pytest.mark.parametrize("entered", [
    {"nameLast": "Jones", "socialSecurityNumber": "555443333"},
    {"nameLast": "Faraway", "nameFirst": "Fiona", "dateOfBirth": "19410303"},
    {"nameLast": "Jones", "medicalRecordNumber": "MR-99"},
])
def test_the_duplicate_check_tells_nothing_of_a_patient_of_another_facility(client, elsewhere, entered):
    response = client.post("/patients/new", data={"reportingFacility": FACILITY, **entered})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    warning = html[html.index('id="duplicates"'):html.index("</section>")]  # the form below echoes the entries
    assert "A record with this identifier exists at another facility" in warning
    for detail in ("FARAWAY", "FIONA", "1941", elsewhere.patientIdNumber, "C619", "MR-99", "same name", "same Social",
                   "same medical"):
        assert detail not in warning, detail
    assert f"/patients/{elsewhere.id}" not in html and 'id="create-anyway"' in html and "Add a tumor" not in html
    assert len(_patients()) == 2


def test_the_duplicate_check_shows_the_patients_the_user_may_open(client, elsewhere):
    response = client.post("/patients/new", data={"reportingFacility": FACILITY, "nameLast": "Jones",
                                                  "socialSecurityNumber": "123456789"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "SMITH, ANNA" in html and "Add a tumor to this patient" in html
    assert "another facility" not in html
