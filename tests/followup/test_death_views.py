"""Death clearance from the page and the CLI: upload, review side by side, follow-back list, re-runs."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.followup.cli import cli
from registry.followup.models import DeathMatch, DeathRecord

HEADER = "last_name,first_name,date_of_birth,sex,ssn,date_of_death,underlying_cause,certificate_number\n"
FILE = (HEADER + "SMITHERS,WALDO,1941-03-02,M,123-45-6789,2025-02-10,C34.9,2025-0001\n"
        "QUIMBY,JOSEPH,19450617,M,222334444,20250301,I219,2025-0002\n"
        "NOBODY,NEVER,19600101,F,,20250115,C509,2025-0003\n").encode()


@pytest.fixture
def people(make_patient):
    tumor = [{"primarySite": "C341", "dateOfDiagnosis": "20230105", "classOfCase": "10"}]
    waldo = make_patient(tumors=tumor, nameLast="Smithers", nameFirst="Waldo", dateOfBirth="19410302",
                         sexAssignedAtBirth="1", socialSecurityNumber="123456789", dateOfLastContact="20240901",
                         vitalStatus="1")
    joe = make_patient(tumors=tumor, nameLast="Quimby", nameFirst="Joseph", dateOfBirth="19450617",
                       sexAssignedAtBirth="1", socialSecurityNumber="555667777", dateOfLastContact="20240901",
                       vitalStatus="1")
    return waldo, joe


def _upload(client, data: bytes = FILE, name: str = "deaths.csv"):
    return client.post("/followup/deaths", data={"file": (io.BytesIO(data), name), "source": "05"},
                       content_type="multipart/form-data", follow_redirects=True)


def test_upload_review_accept_and_follow_back(people, make_user, login, client):
    waldo, joe = people
    make_user("reg", "registrar")
    login("reg")
    page = _upload(client).get_data(as_text=True)
    assert "3 death records: 1 matched and applied, 1 for review, 1 not matched" in page
    db.session.expire_all()
    assert (waldo.vitalStatus, waldo.dateOfLastContact) == ("0", "20250210")
    review = client.get("/followup/deaths/review").get_data(as_text=True)
    assert "QUIMBY" in review and "Quimby" in review and "222334444" in review and "555667777" in review
    assert "SSNs differ" in review and "different" in review
    match_id = db.session.scalar(select(DeathMatch.id).where(DeathMatch.status == "pending"))
    client.post(f"/followup/deaths/matches/{match_id}", data={"decision": "accept"})
    db.session.expire_all()
    assert (joe.vitalStatus, joe.causeOfDeath) == ("0", "I219")
    assert "Nothing to review" in client.get("/followup/deaths/review").get_data(as_text=True)
    unmatched = client.get("/followup/deaths/unmatched").get_data(as_text=True)
    assert "NOBODY, NEVER" in unmatched and "2025-0003" in unmatched
    record_id = db.session.scalar(select(DeathRecord.id).where(DeathRecord.status == "unmatched"))
    client.post(f"/followup/deaths/records/{record_id}/followed-back", data={"note": "asked County General"})
    assert "asked County General" in client.get("/followup/deaths/unmatched?show=done").get_data(as_text=True)


def test_reupload_changes_nothing_and_bad_file_is_refused(people, make_user, login, client):
    make_user("reg", "registrar")
    login("reg")
    _upload(client)
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    again = _upload(client, name="renamed.csv").get_data(as_text=True)
    assert "already imported" in again and "nothing changed" in again
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events
    bad = _upload(client, HEADER.encode() + b"X,Y,1950,Q,,2025-01-01,C349,1\n", "bad.csv").get_data(as_text=True)
    assert "refused" in bad and "line 2, sex" in bad


def test_reviewer_sees_but_cannot_import_or_decide(people, make_user, login, client):
    make_user("rev", "reviewer")
    login("rev")
    assert client.get("/followup/deaths").status_code == 200
    assert "Import and link" not in client.get("/followup/deaths").get_data(as_text=True)
    assert _upload(client).status_code == 403


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_cli_import_json_and_rerun(people, tmp_path):
    path = tmp_path / "deaths.csv"
    path.write_bytes(FILE)
    first = run("deaths", "import", str(path), "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert {k: summary[k] for k in ("records", "matched", "review", "unmatched", "already_imported")} == {
        "records": 3, "matched": 1, "review": 1, "unmatched": 1, "already_imported": False}
    again = run("deaths", "import", str(path), "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["already_imported"] is True
    text = run("deaths", "import", str(path))
    assert "already imported" in text.stderr and text.stdout == ""


def test_cli_refuses_a_bad_file_with_exit_1(people, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("last_name,first_name\nA,B\n")
    result = run("deaths", "import", str(path), "--json")
    assert result.exit_code == 1 and "missing column(s)" in result.stderr and result.stdout == ""
    assert run("deaths", "import", str(tmp_path / "absent.csv")).exit_code == 2
