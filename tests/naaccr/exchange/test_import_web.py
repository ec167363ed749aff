"""Uploading a file in the web UI imports it in the background and shows its progress."""

from __future__ import annotations

import io
import time
from pathlib import Path

from registry.abstracting.models import Patient
from registry.extensions import db

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "synthetic" / "naaccr-xml-sample-v250-abstract-10.xml.gz"


def _wait(client, url: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = client.get(url).get_json()
        if status["status"] in ("imported", "refused", "failed"):
            return status
        time.sleep(0.2)
    raise AssertionError("the import did not finish")


def test_upload_imports_in_the_background(client, make_user, login):
    make_user("reg", "registrar")
    login("reg")
    data = {"file": (io.BytesIO(SAMPLE.read_bytes()), SAMPLE.name)}
    response = client.post("/imports/", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    run_url = response.headers["Location"]
    status = _wait(client, run_url.rstrip("/") + "/status.json")
    assert status["status"] == "imported" and (status["patients"], status["tumors"]) == (8, 10)
    assert db.session.query(Patient).count() == 8
    page = client.get(run_url).data.decode()
    assert "Imported 8 patients and 10 tumors" in page and SAMPLE.name in page
    assert SAMPLE.name in client.get("/imports/").data.decode()


def test_a_refused_upload_lists_its_problems(client, make_user, login):
    make_user("reg", "registrar")
    login("reg")
    bad = SAMPLE.read_bytes()
    import gzip

    text = gzip.decompress(bad).decode().replace('naaccrId="primarySite">C', 'naaccrId="primarySite">CC', 1)
    response = client.post("/imports/", data={"file": (io.BytesIO(text.encode()), "bad.xml")},
                           content_type="multipart/form-data")
    status = _wait(client, response.headers["Location"].rstrip("/") + "/status.json")
    assert status["status"] == "refused"
    assert db.session.query(Patient).count() == 0
    assert "too-long" in client.get(response.headers["Location"]).data.decode()


def test_only_admins_and_registrars_import(client, make_user, login):
    make_user("epi", "epidemiologist")
    login("epi")
    assert client.get("/imports/").status_code == 403
    assert client.post("/imports/", data={}).status_code == 403
