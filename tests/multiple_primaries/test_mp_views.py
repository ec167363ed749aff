"""The multiple-primary review page: who sees it, the side-by-side table, and a registrar's audited answer."""

from __future__ import annotations

from sqlalchemy import select

from registry.abstracting.models import Patient, Tumor
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.multiple_primaries.arrival import check_new_tumor
from registry.multiple_primaries.models import MpDecision

BREAST_RIGHT = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "laterality": "1",
                "dateOfDiagnosis": "20200115", "reportingFacility": "0000000001"}
BREAST_UNKNOWN_SIDE = {**BREAST_RIGHT, "laterality": "9", "dateOfDiagnosis": "20200301"}


def _open_item(make_patient, actor, **patient_items) -> MpDecision:
    from registry.abstracting.operations import add_tumor

    patient = db.session.get(Patient, make_patient(tumors=[BREAST_RIGHT], **patient_items).id)
    new = add_tumor(patient, BREAST_UNKNOWN_SIDE, actor, status="complete")
    decision = check_new_tumor(new, actor, source="import")
    db.session.commit()
    assert decision is not None and decision.status == "open"
    return decision


def test_the_queue_shows_the_report_beside_the_existing_tumor(client, make_user, login, make_patient, actor):
    decision = _open_item(make_patient, actor, nameLast="Roe")
    make_user("reg", "registrar")
    login("reg")
    page = client.get("/multiple-primaries/").get_data(as_text=True)
    assert "Roe, Jane" in page and "SEER-STR-LATERALITY" in page
    assert "New report" in page and "Tumor 01" in page and "9 Paired, No Information" in page
    assert f'value="same:{decision.compared[0]}"' in page and 'value="new"' in page and "csrf_token" in page


def test_a_registrar_answers_same_and_it_is_audited(client, make_user, login, make_patient, actor):
    decision = _open_item(make_patient, actor)
    existing = decision.compared[0]
    make_user("reg", "registrar")
    login("reg")
    response = client.post(f"/multiple-primaries/{decision.id}/resolve", data={"answer": f"same:{existing}",
                                                                                "note": "path report: right"})
    assert response.status_code == 303
    db.session.expire_all()
    decision = db.session.get(MpDecision, decision.id)
    assert (decision.status, decision.resolution, decision.matched_tumor_id) == ("resolved", "same", existing)
    assert decision.resolved_by == "reg" and decision.resolution_note == "path report: right"
    assert db.session.get(Tumor, decision.tumor_id).status == "same_primary"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mp-resolve")).one()
    assert event.username == "reg" and event.patient_id == decision.patient_id
    resolved = client.get("/multiple-primaries/?status=resolved").get_data(as_text=True)
    assert "Resolved by reg" in resolved and 'name="answer"' not in resolved


def test_a_bad_answer_saves_nothing(client, make_user, login, make_patient, actor):
    decision = _open_item(make_patient, actor)
    make_user("reg", "registrar")
    login("reg")
    client.post(f"/multiple-primaries/{decision.id}/resolve", data={"answer": "same:999999"})
    db.session.expire_all()
    assert db.session.get(MpDecision, decision.id).status == "open"


def test_reviewers_see_but_do_not_answer_and_epidemiologists_see_nothing(client, make_user, login, make_patient,
                                                                         actor):
    decision = _open_item(make_patient, actor)
    make_user("rev", "reviewer")
    login("rev")
    page = client.get("/multiple-primaries/")
    assert page.status_code == 200 and 'name="answer"' not in page.get_data(as_text=True)
    assert client.post(f"/multiple-primaries/{decision.id}/resolve", data={"answer": "new"}).status_code == 403
    make_user("epi", "epidemiologist")
    login("epi")
    assert client.get("/multiple-primaries/").status_code == 403


def test_a_registrar_limited_to_another_facility_does_not_see_the_item(client, make_user, login, make_patient, actor,
                                                                        make_facility):
    decision = _open_item(make_patient, actor, nameLast="Roe")
    make_facility("0000000009", "Other Hospital")
    make_user("far", "registrar", facilities=["0000000009"])
    login("far")
    assert "Roe, Jane" not in client.get("/multiple-primaries/").get_data(as_text=True)
    assert client.post(f"/multiple-primaries/{decision.id}/resolve", data={"answer": "new"}).status_code == 404
