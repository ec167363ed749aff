"""Sign-in, throttling, CSRF, and what each role may see."""

import pytest

from registry.core.audit import AuditEvent
from registry.extensions import db


def test_sign_in_and_out(client, make_user, login):
    make_user("alice", "registrar")
    assert client.get("/").status_code == 302  # signed out: sent to sign-in
    assert login("alice", "wrong password").status_code == 401
    response = login("alice")
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200 and b"Dashboard" in page.data


def test_bad_sign_ins_are_throttled(client, make_user, login):
    make_user("bob", "registrar")
    for _ in range(5):
        assert login("bob", "not the password").status_code == 401
    locked = login("bob")  # even the right password is refused while locked
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.data


def test_forms_need_a_csrf_token(app, client, make_user):
    make_user("carol", "registrar")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/login", data={"username": "carol", "password": "correct horse battery"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400


@pytest.fixture
def two_facilities(make_facility, make_patient):
    make_facility("0000000001", "North Hospital")
    make_facility("0000000002", "South Hospital")
    north = make_patient(nameLast="Northman", tumors=[{"primarySite": "C504", "reportingFacility": "0000000001"}])
    south = make_patient(nameLast="Southman", tumors=[{"primarySite": "C619", "reportingFacility": "0000000002"}])
    return north, south


def test_epidemiologist_never_reaches_identities(client, make_user, login, two_facilities):
    north, _ = two_facilities
    make_user("epi", "epidemiologist")
    login("epi")
    tumor_id = north.tumors[0].id
    for url in (f"/patients/{north.id}", "/patients?name=North", f"/tumors/{tumor_id}",
                f"/patients/{north.id}/history"):
        assert client.get(url).status_code == 403, url
    assert b"Northman" not in client.get("/").data


def test_registrar_limited_to_a_facility(client, make_user, login, two_facilities):
    north, south = two_facilities
    make_user("nreg", "registrar", facilities=["0000000001"])
    login("nreg")
    assert client.get(f"/patients/{north.id}").status_code == 200
    assert client.get(f"/patients/{south.id}").status_code == 403
    assert client.get(f"/tumors/{south.tumors[0].id}").status_code == 403
    found = client.get("/patients?name=S").data
    assert b"Southman" not in found
    assert b"Northman" in client.get("/patients?name=N").data


def test_viewing_a_patient_is_audited(client, make_user, login, two_facilities):
    north, _ = two_facilities
    user = make_user("viewer", "reviewer")
    login("viewer")
    page = client.get(f"/patients/{north.id}")
    assert page.status_code == 200 and b"Northman" in page.data
    views = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "view")).all()
    assert [(v.user_id, v.patient_id, v.entity) for v in views] == [(user.id, north.id, "patient")]


def test_tumor_page_groups_items_by_section(client, make_user, login, two_facilities):
    north, _ = two_facilities
    make_user("r", "registrar")
    login("r")
    page = client.get(f"/tumors/{north.tumors[0].id}").data.decode()
    assert "Cancer Identification" in page and "Demographics" in page
    assert "Primary Site" in page and "#400" in page
    assert "Upper-outer quadrant of breast" in page  # the stored code's label from the lookups


def test_search_by_partial_name_dob_and_record_numbers(client, make_user, login, make_patient):
    make_patient(nameLast="Smithers", nameFirst="Waylon", dateOfBirth="19601231",
                 tumors=[{"medicalRecordNumber": "MRN77", "accessionNumberHosp": "202400017"}])
    make_patient(nameLast="Smith", nameFirst="Anna")
    make_user("r", "registrar")
    login("r")
    assert b"Smithers" in client.get("/patients?name=smi").data
    assert b"Smithers" not in client.get("/patients?name=smith, ann").data
    assert b"Smithers" in client.get("/patients?dob=19601231").data
    assert b"Smithers" in client.get("/patients?mrn=MRN77").data
    assert b"Smithers" in client.get("/patients?accession=202400017").data
    assert b"No patient matches" in client.get("/patients?name=Zed").data
