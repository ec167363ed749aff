"""Follow-up pages: due list (filters, CSV, roles, facility limits), contact entry, letters PDF, templates, rates."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.followup.letters import default_template
from registry.followup.models import FollowUpContact, FollowUpLetter, LetterTemplate


@pytest.fixture
def registrar(make_user, login):
    make_user("reg", "registrar")
    login("reg")


def test_due_page_lists_due_delinquent_and_lost_with_filters(hand_made, registrar, client):
    page = client.get("/followup/?as_of=2025-06-01").get_data(as_text=True)
    for pid in ("P2", "P3", "P4", "P6", "P7", "P9"):
        assert f">{pid}</a>" in page
    for pid in ("P1", "P5", "P8"):
        assert f">{pid}</a>" not in page
    assert "LastP2" in page and 'name="csrf_token"' in page
    only_b = client.get("/followup/?as_of=2025-06-01&facility=0000000002").get_data(as_text=True)
    assert ">P9</a>" in only_b and ">P2</a>" not in only_b
    lost = client.get("/followup/?as_of=2025-06-01&status=lost").get_data(as_text=True)
    assert ">P4</a>" in lost and ">P2</a>" not in lost
    assert client.get("/followup/?as_of=2025-99-01").status_code == 302


def test_due_csv_export(hand_made, registrar, client):
    response = client.get("/followup/due.csv?as_of=2025-06-01&status=due")
    assert response.mimetype == "text/csv" and "followup-due-2025-06-01.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["patientIdNumber"], r["status"], r["dateOfLastContact"]) for r in rows] == [
        ("P6", "due", "202404"), ("P2", "due", "20240515")]
    assert rows[1]["nameLast"] == "LastP2" and rows[1]["physicianManaging"] == "12345678"


def test_roles_and_facility_limits(hand_made, make_user, make_facility, login, client):
    make_facility("0000000002", "County General")
    make_user("epi", "epidemiologist")
    login("epi")
    assert client.get("/followup/").status_code == 403
    assert client.get(f"/followup/patients/{hand_made['P2'].id}").status_code == 403
    assert client.get("/followup/rates?reference_date=2005-01-01&as_of=2025-06-01").status_code == 200
    client.post("/logout")
    make_user("limited", "registrar", facilities=["0000000002"])
    login("limited")
    page = client.get("/followup/?as_of=2025-06-01").get_data(as_text=True)
    assert ">P9</a>" in page and ">P2</a>" not in page
    assert client.get(f"/followup/patients/{hand_made['P2'].id}").status_code == 403
    assert client.get("/followup/deaths").status_code == 403


def test_contact_entry_from_the_patient_page(hand_made, registrar, client):
    patient = hand_made["P2"]
    tumor = patient.tumors[0]
    url = f"/followup/patients/{patient.id}/contacts"
    response = client.post(url, data={"contact_date": "2025-05-20", "vital_status": "1", "source": "2",
                                      "method": "letter reply", f"cancer_status_{tumor.id}": "1",
                                      "note": "NED per Dr. Ruiz", "version": str(patient.version)})
    assert response.status_code == 302
    db.session.expire_all()
    assert (patient.dateOfLastContact, tumor.cancerStatus, tumor.followUpSource) == ("20250520", "1", "2")
    older = client.post(url, data={"contact_date": "2024-12", "vital_status": "1", "version": str(patient.version)})
    assert older.status_code == 302
    db.session.expire_all()
    assert patient.dateOfLastContact == "20250520"
    page = client.get(f"/followup/patients/{patient.id}").get_data(as_text=True)
    assert "NED per Dr. Ruiz" in page and "2024-12" in page and "2025-05-20" in page
    refused = client.post(url, data={"contact_date": "2025-05-21", "vital_status": "1", "version": "1"})
    assert refused.status_code == 400 and "changed by someone else" in refused.get_data(as_text=True)
    assert len(db.session.scalars(select(FollowUpContact)).all()) == 2


def test_letters_pdf_from_the_due_list_and_answered_by_a_later_contact(hand_made, registrar, client):
    ids = [hand_made["P2"].id, hand_made["P6"].id]
    response = client.post("/followup/letters", data={"patient_id": [str(i) for i in ids], "recipient": "patient"})
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", response.data)) >= 2
    letters = db.session.scalars(select(FollowUpLetter).order_by(FollowUpLetter.patient_id)).all()
    assert [(lt.patient_id, lt.recipient, lt.answered_by_contact_id) for lt in letters] == [
        (ids[0], "patient", None), (ids[1], "patient", None)]
    assert "no answer yet" in client.get("/followup/?as_of=2025-06-01").get_data(as_text=True)
    client.post(f"/followup/patients/{ids[0]}/contacts", data={"contact_date": "2025-05-20", "vital_status": "1",
                                                              "method": "letter reply"})
    db.session.expire_all()
    assert letters[0].answered_by_contact_id is not None and letters[1].answered_by_contact_id is None
    assert "answered" in client.get(f"/followup/patients/{ids[0]}").get_data(as_text=True)
    open_page = client.get("/followup/letters").get_data(as_text=True)
    assert hand_made["P6"].patientIdNumber in open_page and ">P2</a>" not in open_page
    none = client.post("/followup/letters", data={"recipient": "patient"})
    assert none.status_code == 302


def test_admin_edits_letter_templates(hand_made, make_user, login, client):
    make_user("boss", "admin")
    login("boss")
    bad = client.post("/followup/templates", data={"recipient": "physician", "text": "[subject]\n{{patient.shoe}}"})
    assert bad.status_code == 400 and "unknown merge field" in bad.get_data(as_text=True)
    text = default_template("physician").replace("Request for follow-up information", "Annual follow-up request")
    assert client.post("/followup/templates", data={"recipient": "physician", "text": text}).status_code == 302
    assert db.session.scalar(select(LetterTemplate.text)) == text
    assert "Annual follow-up request" in client.get("/followup/templates").get_data(as_text=True)
    client.post("/followup/templates", data={"recipient": "physician", "action": "reset"})
    assert db.session.scalar(select(LetterTemplate.id)) is None


def test_templates_page_is_for_admins(registrar, client):
    assert client.get("/followup/templates").status_code == 403


def test_rates_dashboard(hand_made, registrar, client):
    page = client.get("/followup/rates?reference_date=2005-01-01&as_of=2025-06-01").get_data(as_text=True)
    assert "50.0%" in page and "66.7%" in page and "not met" in page
    assert page.count('data-figure="') == 2 and "vendor/plotly.min.js" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline scripts (CSP)
    empty = client.get("/followup/rates?reference_date=2025-06-01&as_of=2025-06-01").get_data(as_text=True)
    assert "No analytic cases" in empty
