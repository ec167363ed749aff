"""Letters pages: PDF printed from the due list and recorded, answered by a later contact; admin templates."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.followup.letters import default_template
from registry.followup.models import FollowUpLetter, LetterTemplate


@pytest.fixture
def registrar(make_user, login):
    make_user("reg", "registrar")
    login("reg")


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


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "letters.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_physician_letter_uses_the_directory_and_the_edited_template(hand_made, make_user, login, client, tmp_path):
    make_user("boss", "admin")
    login("boss")
    saved = client.post("/followup/physicians", data={"code": "12345678", "name": "Ana Ruiz, MD", "last_name": "Ruiz",
                                                      "address": "300 Main Street\r\nSpringfield, IL 62701"})
    assert saved.status_code == 302 and "Dr. Ana Ruiz, MD" in client.get("/followup/physicians").get_data(as_text=True)
    text = default_template("physician").replace("Request for follow-up information", "Annual follow-up request")
    client.post("/followup/templates", data={"recipient": "physician", "text": text})
    pdf = client.post("/followup/letters", data={"patient_id": str(hand_made["P2"].id), "recipient": "physician"}).data
    words = _pdf_text(pdf, tmp_path)
    for expected in ("Dr. Ana Ruiz, MD", "300 Main Street", "Dear Dr. Ruiz,", "Annual follow-up request",
                     "Registry patient no. P2"):
        assert expected in words, expected
    letter = db.session.scalar(select(FollowUpLetter))
    assert (letter.recipient, letter.addressee) == ("physician", "Dr. Ana Ruiz, MD")
    refused = client.post("/followup/physicians", data={"code": "", "name": "X"}, follow_redirects=True)
    assert "needs a code" in refused.get_data(as_text=True)
