"""The casefinding queue: enter, import, abstract, link, or mark not reportable."""

import io

import pytest

from registry.abstracting.casefinding import CasefindingCase, CasefindingError, add_case, mark_not_reportable
from registry.abstracting.models import Patient
from registry.core.audit import AuditEvent
from registry.extensions import db

FACILITY = "0000000001"


@pytest.fixture
def signed_in(make_facility, make_user, login):
    make_facility(FACILITY)
    make_user("reg", "registrar")
    login("reg")


def _cases(status=None):
    db.session.expire_all()
    stmt = db.select(CasefindingCase).order_by(CasefindingCase.id)
    return db.session.scalars(stmt.where(CasefindingCase.status == status) if status else stmt).all()


def test_enter_a_case_and_abstract_it_into_a_new_patient(client, signed_in):
    response = client.post("/casefinding", data={
        "source": "pathology", "facility": FACILITY, "name_last": "Green", "name_first": "Ava",
        "date_of_birth": "19700304", "sex": "2", "medical_record_number": "MR9", "primary_site": "C504",
        "histology": "8500", "date_of_diagnosis": "20240201"})
    assert response.status_code == 303
    case = _cases("open")[0]
    assert case.name_last == "GREEN" and case.facility.code == FACILITY
    assert "GREEN, AVA" in client.get("/casefinding").get_data(as_text=True)
    response = client.post(f"/casefinding/{case.id}/abstract")
    assert response.status_code == 303
    case = _cases()[0]
    tumor = case.tumor
    assert case.status == "abstracted" and case.resolved_by == "reg"
    assert (tumor.primarySite, tumor.histologicTypeIcdO3, tumor.medicalRecordNumber, tumor.reportingFacility) == (
        "C504", "8500", "MR9", FACILITY)
    assert tumor.patient.nameLast == "GREEN" and tumor.patient.dateOfBirth == "19700304"
    assert response.headers["Location"].endswith(f"/abstracts/{tumor.id}")


def test_case_of_a_known_patient_is_linked_to_their_tumor(client, signed_in, make_patient, actor):
    patient = make_patient(nameLast="GREEN", nameFirst="AVA", dateOfBirth="19700304",
                           tumors=[{"reportingFacility": FACILITY, "primarySite": "C504"}])
    case = add_case({"source": "disease index", "name_last": "Green", "name_first": "Ava",
                     "date_of_birth": "19700304"}, actor)
    db.session.commit()
    html = client.get(f"/casefinding/{case.id}").get_data(as_text=True)
    assert "Link to tumor 01" in html and "New tumor for this patient" in html
    assert client.post(f"/casefinding/{case.id}/link", data={"tumor_id": patient.tumors[0].id}).status_code == 303
    case = _cases()[0]
    assert case.status == "linked" and case.tumor_id == patient.tumors[0].id
    response = client.post(f"/casefinding/{case.id}/link", data={"tumor_id": patient.tumors[0].id})
    assert response.status_code == 303 and _cases()[0].status == "linked"  # already resolved: unchanged
    assert db.session.scalar(db.select(db.func.count(Patient.id))) == 1


def test_not_reportable_needs_a_reason_and_is_audited(client, signed_in, actor):
    case = add_case({"source": "physician", "name_last": "Hill"}, actor)
    db.session.commit()
    with pytest.raises(CasefindingError):
        mark_not_reportable(case, "  ", actor)
    db.session.rollback()
    response = client.post(f"/casefinding/{case.id}/not-reportable",
                           data={"reason": "Cancer ruled out", "note": "benign on final path"})
    assert response.status_code == 303
    case = _cases()[0]
    assert case.status == "not_reportable" and case.reason == "Cancer ruled out: benign on final path"
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "casefinding",
                                                           AuditEvent.action == "not_reportable")).one()
    assert event.username == "reg"


def test_import_is_all_or_nothing(client, signed_in):
    good = "name_last,name_first,medical_record_number,facility,primary_site\nWEST,BO,M1,0000000001,C619\nEAST,,M2,,\n"
    response = client.post("/casefinding/import", data={"file": (io.BytesIO(good.encode()), "cases.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    cases = _cases("open")
    assert [(c.name_last, c.source) for c in cases] == [("WEST", "import"), ("EAST", "import")]
    bad = "name_last,facility\nNORTH,0000000001\nSOUTH,9999999999\n"
    client.post("/casefinding/import", data={"file": (io.BytesIO(bad.encode()), "bad.csv")},
                content_type="multipart/form-data")
    assert len(_cases()) == 2
    assert "line 3: no facility 9999999999" in client.get("/casefinding").get_data(as_text=True)


def test_a_case_page_tells_nothing_of_a_matching_patient_of_another_facility(client, make_facility, make_user, login,
                                                                             make_patient, actor):
    from registry.abstracting.models import Facility

    make_facility(FACILITY)
    make_facility("0000000002", "Other Hospital")
    make_user("near", "registrar", facilities=[FACILITY])
    far = make_patient(nameLast="FARAWAY", nameFirst="FIONA", socialSecurityNumber="555443333",
                       tumors=[{"reportingFacility": "0000000002", "primarySite": "C619"}])
    home = db.session.scalars(db.select(Facility).where(Facility.code == FACILITY)).one()
    case = add_case({"source": "pathology", "name_last": "GREEN", "social_security_number": "555443333"}, actor,
                    facility=home)
    db.session.commit()
    login("near")
    html = client.get(f"/casefinding/{case.id}").get_data(as_text=True)
    assert "A record with this identifier exists at another facility" in html
    assert "FIONA" not in html and f'value="{far.tumors[0].id}"' not in html and f'value="{far.id}"' not in html
    assert client.post(f"/casefinding/{case.id}/abstract", data={"patient_id": far.id}).status_code == 403
    assert client.post(f"/casefinding/{case.id}/link", data={"tumor_id": far.tumors[0].id}).status_code == 403
    assert _cases("open") and len(db.session.get(Patient, far.id).tumors) == 1
