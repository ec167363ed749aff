"""The submission, release and accounting pages: who may do what, and each step through the browser."""

from __future__ import annotations

import gzip
import io
import re

import pytest

from registry.abstracting.operations import set_status
from registry.extensions import db
from registry.submissions.models import DataRelease, SubmissionBatch, SubmissionProfile

CLEAN = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "schemaId": "00480",
         "dateOfDiagnosis": "20220115", "laterality": "1", "classOfCase": "10"}
PROFILE = """name: web
recipient: Web Registry
edit_set: import
selection: {statuses: [incomplete, complete]}
on_edit_errors: hold
"""


@pytest.fixture
def site(make_user, make_patient, make_profile, actor):
    for username, role in (("admin", "admin"), ("reg", "registrar"), ("rev", "reviewer"), ("epi", "epidemiologist")):
        make_user(username, role)
    good = make_patient(tumors=[CLEAN])
    set_status(good.tumors[0], "complete", actor)  # releases take complete and reviewed abstracts
    bad = make_patient(tumors=[{**CLEAN, "schemaId": ""}])
    return {"profile": make_profile(PROFILE), "good": good, "bad": bad}


def _get(client, url: str):
    """GET a file download and close it (send_file keeps the file open until the response is closed)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def _build(client, profile_id: int) -> SubmissionBatch:
    response = client.post(f"/submissions/profiles/{profile_id}/build")
    assert response.status_code == 302
    return db.session.get(SubmissionBatch, int(response.headers["Location"].rsplit("/", 1)[1]))


def test_registrar_builds_downloads_sends_and_records_the_answer(site, client, login):
    login("reg")
    assert "Build next batch" in client.get("/submissions/").get_data(as_text=True)
    batch = _build(client, site["profile"].id)
    page = client.get(f"/submissions/batches/{batch.id}").get_data(as_text=True)
    bad_tumor = site["bad"].tumors[0].id
    assert f'href="/tumors/{bad_tumor}"' in page and "IF120" in page and "held back" in page
    download = _get(client, f"/submissions/batches/{batch.id}/download")
    assert download.status_code == 200 and b"<NaaccrData" in gzip.decompress(download.data)
    assert _get(client, f"/submissions/batches/{batch.id}/manifest").json["counts"]["tumors"] == 1
    client.post(f"/submissions/batches/{batch.id}/sent")
    client.post(f"/submissions/batches/{batch.id}/answer", data={
        "outcome": "accepted", "note": "all good", "report": (io.BytesIO(b"0 errors"), "report.txt")},
        content_type="multipart/form-data")
    db.session.expire_all()
    assert db.session.get(SubmissionBatch, batch.id).status == "accepted"
    assert _get(client, f"/submissions/batches/{batch.id}/report").data == b"0 errors"
    accounting = client.get(f"/patients/{site['good'].id}/disclosures").get_data(as_text=True)
    assert "Web Registry" in accounting and "Cancer registry reporting" in accounting
    assert "No disclosure" in client.get(f"/patients/{site['bad'].id}/disclosures").get_data(as_text=True)
    assert client.get("/submissions/profiles/new").status_code == 403


def test_admin_edits_profiles(site, client, login):
    login("admin")
    assert "maryland" in client.get("/submissions/profiles/new").get_data(as_text=True)
    refused = client.post("/submissions/profiles/new", data={"yaml": "name: x\nedit_set: nope\n"})
    assert refused.status_code == 422 and "edit_set must be one of" in refused.get_data(as_text=True)
    row = site["profile"]
    edited = PROFILE.replace("Web Registry", "Renamed Registry")
    assert client.post(f"/submissions/profiles/{row.id}/edit", data={"yaml": edited}).status_code == 302
    uploaded = client.post("/submissions/profiles/new", content_type="multipart/form-data", data={
        "yaml": "", "yaml_file": (io.BytesIO(PROFILE.replace("web", "uploaded").encode()), "p.yaml")})
    assert uploaded.status_code == 302
    names = {p.name: p.recipient for p in db.session.scalars(db.select(SubmissionProfile))}
    assert names == {"web": "Renamed Registry", "uploaded": "Web Registry"}


def test_reviewer_reads_only_and_epidemiologist_never_sees_submissions(site, client, login):
    login("reg")
    batch = _build(client, site["profile"].id)
    client.post("/logout")
    login("rev")
    assert client.get(f"/submissions/batches/{batch.id}").status_code == 200
    assert client.post(f"/submissions/profiles/{site['profile'].id}/build").status_code == 403
    assert _get(client, f"/submissions/batches/{batch.id}/download").status_code == 403
    client.post("/logout")
    login("epi")
    for url in ("/submissions/", f"/submissions/batches/{batch.id}", "/submissions/timeliness",
                f"/patients/{site['good'].id}/disclosures"):
        assert client.get(url).status_code == 403, url


def test_release_from_request_to_download(site, client, login):
    login("epi")
    form = {"requester": "Epi", "organisation": "Health Dept", "purpose": "Trends", "kind": "deidentified",
            "format": "csv", "items": "primarySite dateOfDiagnosis"}
    response = client.post("/releases/new", data=form)
    release_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert client.post(f"/releases/{release_id}/decide", data={"decision": "approve"}).status_code == 403
    client.post("/logout")
    login("admin")
    page = client.get(f"/releases/{release_id}").get_data(as_text=True)
    assert "Primary Site" in page and "Approve" in page
    client.post(f"/releases/{release_id}/decide", data={"decision": "approve", "kind": "deidentified"})
    client.post(f"/releases/{release_id}/produce")
    assert db.session.get(DataRelease, release_id).status == "released"
    client.post("/logout")
    login("epi")
    csv_text = _get(client, f"/releases/{release_id}/download").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "patientIdNumber,dateOfDiagnosis,primarySite"
    assert re.fullmatch(r"\d{8},2022,C504", csv_text.splitlines()[1])
    assert client.post("/releases/new", data={**form, "purpose": ""}).status_code == 422


def test_timeliness_page_and_patient_link(site, client, login):
    login("reg")
    page = client.get("/submissions/timeliness").get_data(as_text=True)
    assert "2022-01" in page and "180 days" in page
    assert f'href="/patients/{site["good"].id}/disclosures"' in client.get(
        f"/patients/{site['good'].id}").get_data(as_text=True)
