"""Imports that must change nothing: outside the user's facilities, too many tumors, damaged files; runs of a
killed import; retention of uploaded files. Real files, real web uploads, SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select

from registry.abstracting.models import Patient, Tumor
from registry.core.audit import AuditEvent
from registry.core.base import utcnow
from registry.extensions import db
from registry.naaccr.exchange.importer import import_file
from registry.naaccr.exchange.models import ImportRun
from registry.naaccr.exchange.runs import mark_stale_runs
from registry.naaccr.exchange.uploads import purge_uploads, upload_dir

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE_GZ = DATA / "synthetic" / "naaccr-xml-sample-v250-abstract-10.xml.gz"
FLAT = DATA / "flat" / "synthetic-data_naaccr-180-incidence_10-records.txt"
HEAD = ('<?xml version="1.0"?>\n<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml"'
        ' recordType="A" specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">\n')


def _patient(pid: str, last: str, *tumors: tuple[str, str]) -> str:
    """A Patient element; tumors as (tumorRecordNumber or "", reportingFacility or "")."""
    body = "".join(
        "<Tumor>" + (f'<Item naaccrId="tumorRecordNumber">{number}</Item>' if number else "")
        + (f'<Item naaccrId="reportingFacility">{facility}</Item>' if facility else "")
        + '<Item naaccrId="primarySite">C504</Item></Tumor>\n' for number, facility in tumors)
    return (f'<Patient><Item naaccrId="patientIdNumber">{pid}</Item><Item naaccrId="nameLast">{last}</Item>\n'
            f"{body}</Patient>\n")


def _file(tmp_path: Path, *patients: str, name: str = "upload.xml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + "".join(patients) + "</NaaccrData>\n")
    return path


def _state() -> tuple:
    """Everything an import could change: patients, tumors (with their items) and the audit trail."""
    patients = sorted((p.patientIdNumber, tuple(sorted(p.items().items())))
                      for p in db.session.scalars(select(Patient)))
    tumors = sorted((t.patient_id, tuple(sorted(t.items().items()))) for t in db.session.scalars(select(Tumor)))
    return patients, tumors, db.session.query(AuditEvent).count()


A, B = "0000000001", "0000000002"


@pytest.fixture
def facilities(make_facility):
    make_facility(A, "Facility A")
    make_facility(B, "Facility B")


# -- facility limits ---------------------------------------------------------------------------------
def test_a_facility_limited_import_cannot_touch_another_facility_s_patient(ctx, actor, facilities, make_patient,
                                                                            tmp_path):
    """The issue's case: a registrar of A renames B's patient by an import naming it."""
    make_patient(patientIdNumber="00000001", nameLast="BROWN", tumors=[{"tumorRecordNumber": "01",
                                                                       "reportingFacility": B}])
    before = _state()
    path = _file(tmp_path, _patient("00000001", "CHANGED", ("02", A)))
    result = import_file(path, actor, facilities=frozenset({A}))
    assert result.status == "refused" and (result.created, result.updated) == (0, 0)
    assert [(e.kind, e.naaccr_id, e.line) for e in result.errors] == [("out-of-scope", "patientIdNumber", 3)]
    assert "patient 00000001" in result.errors[0].message
    assert _state() == before
    run = db.session.get(ImportRun, result.run_id)
    assert run.status == "refused" and "outside your facilities" in run.message
    # The same file by an unlimited user goes in, but its Patient ID Number is facility A's key, not an identity
    # (issue 13): it does not rename the registry's patient 00000001 (it was "1 updated" before).
    unlimited = import_file(path, actor)
    assert (unlimited.status, unlimited.updated) == ("imported", 0)
    assert db.session.scalar(select(Patient.nameLast).where(Patient.source_registry_id == "")) == "BROWN"


def test_every_record_outside_the_user_s_facilities_is_named(ctx, actor, facilities, make_patient, tmp_path):
    make_patient(patientIdNumber="00000001", tumors=[{"tumorRecordNumber": "01", "reportingFacility": A},
                                                     {"tumorRecordNumber": "02", "reportingFacility": B}])
    before = _state()
    path = _file(tmp_path,
                 _patient("00000001", "SHARED", ("01", A), ("02", A)),  # changes B's tumor 02 into A's
                 _patient("00000009", "NEW", ("01", B)),  # a new tumor reported by B
                 _patient("00000010", "NEW", ("01", "")))  # a new tumor reported by nobody
    result = import_file(path, actor, skip_invalid=True, facilities=frozenset({A}))
    assert result.status == "refused"
    assert [(e.kind, e.naaccr_id) for e in result.errors] == [("out-of-scope", "reportingFacility")] * 3
    assert [e.line for e in result.errors] == sorted(e.line for e in result.errors)
    messages = " | ".join(e.message for e in result.errors)
    assert "tumor 02 of facility 0000000002" in messages and "00000009" in messages and "(none)" in messages
    assert _state() == before
    assert result.rejection_file is None and not (tmp_path / "upload.rejected.xml").exists()


def test_a_facility_limited_user_imports_their_own_records(ctx, actor, facilities, make_patient, tmp_path):
    make_patient(patientIdNumber="00000001", tumors=[{"tumorRecordNumber": "01", "reportingFacility": A},
                                                     {"tumorRecordNumber": "02", "reportingFacility": B}])
    path = _file(tmp_path, _patient("00000001", "SHARED", ("01", A), ("03", A)), _patient("00000002", "NEW", ("", A)))
    result = import_file(path, actor, facilities=frozenset({A}))
    # Facility A's Patient ID Number 00000001 is A's own key, not the registry's patient 00000001 (issue 13: it was
    # "1 updated", renaming that patient): both of A's records are new persons (linkage finds no match).
    assert (result.status, result.created, result.updated) == ("imported", 2, 0), result.errors
    shared = db.session.scalar(select(Patient).where(Patient.patientIdNumber == "00000001",
                                                     Patient.source_registry_id == ""))
    assert shared.nameLast == "Doe"
    assert sorted((t.tumorRecordNumber, t.reportingFacility) for t in shared.tumors) == [("01", A), ("02", B)]
    again = import_file(_file(tmp_path, _patient("00000001", "SHARED", ("01", A), ("03", A), ("04", A))), actor,
                        facilities=frozenset({A}))  # A corrects its own report: its own person
    assert (again.status, again.created, again.updated, again.intake.corrected) == ("imported", 0, 1, 1)
    own = db.session.scalar(select(Patient).where(Patient.source_registry_id == f"facility:{A}",
                                                  Patient.patientIdNumber == "00000001"))
    assert own.nameLast == "SHARED" and sorted(t.tumorRecordNumber for t in own.tumors) == ["01", "03", "04"]


def test_records_are_checked_again_as_they_are_written(ctx, actor, facilities, make_patient, tmp_path):
    """The import re-checks each record when writing it, in case the database changed since the first check."""
    from registry.naaccr.exchange.importer import _import
    from registry.naaccr.exchange.keys import ImportConflict

    stored = make_patient(patientIdNumber="00000001", tumors=[{"tumorRecordNumber": "01", "reportingFacility": B}])
    stored.source_registry_id = f"facility:{A}"  # first reported by facility A: A's key 00000001 names it
    db.session.commit()
    for patient in (_patient("00000001", "CHANGED", ("01", A)), _patient("00000002", "NEW", ("01", B))):
        with pytest.raises(ImportConflict, match=r"other facilities only|is not one of yours"):
            _import(_file(tmp_path, patient), actor, False, (), None, note="test", derive=False,
                    facilities=frozenset({A}))
        db.session.rollback()


def _wait(client, run_id: int) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = client.get(f"/imports/{run_id}/status.json").get_json()
        if status["status"] in ("imported", "refused", "failed"):
            return status
        time.sleep(0.2)
    raise AssertionError("the import did not finish")


def _upload(client, data: bytes, name: str, **form) -> int:
    response = client.post("/imports/", data={"file": (io.BytesIO(data), name), **form},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.data[:500]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_web_upload_by_a_facility_limited_registrar_changes_nothing(client, make_user, login, facilities,
                                                                     make_patient, tmp_path):
    make_patient(patientIdNumber="00000001", nameLast="BROWN", tumors=[{"tumorRecordNumber": "01",
                                                                       "reportingFacility": B}])
    make_user("rega", "registrar", facilities=[A])
    make_user("other", "registrar")
    before = _state()
    data = _file(tmp_path, _patient("00000001", "CHANGED", ("01", B))).read_bytes()
    login("rega")
    run_id = _upload(client, data, "five-lines.xml")
    status = _wait(client, run_id)
    assert status["status"] == "refused" and "outside your facilities" in status["message"]
    page = client.get(f"/imports/{run_id}").data.decode()
    assert "out-of-scope" in page and "patient 00000001" in page
    db.session.expire_all()
    assert _state() == before
    assert db.session.get(ImportRun, run_id).stored_file is None  # the refused upload is gone
    assert not [p for p in upload_dir().iterdir() if p.name.endswith("_five-lines.xml")]
    client.post("/logout")
    login("other")
    other_run = _upload(client, data, "other.xml")
    _wait(client, other_run)
    client.post("/logout")
    login("rega")  # a facility-limited registrar sees only their own imports
    assert client.get(f"/imports/{other_run}").status_code == 404
    assert client.get(f"/imports/{other_run}/status.json").status_code == 404
    listing = client.get("/imports/").data.decode()
    assert "five-lines.xml" in listing and "other.xml" not in listing
    assert f"records of your facilities only ({A})" in listing


# -- too many tumors, damaged files ------------------------------------------------------------------
def test_one_patient_id_used_for_too_many_tumors_is_refused(ctx, actor, tmp_path):
    path = _file(tmp_path, *[_patient("00000001", "SAME", ("", "")) for _ in range(101)])
    result = import_file(path, actor)
    assert result.status == "refused"
    assert [(e.kind, e.line) for e in result.errors] == [("too-many-tumors", 3 + 99 * 3)]  # the 100th
    assert "patient 00000001 would have 100 tumors" in result.errors[0].message
    assert _state() == ([], [], 0)
    assert db.session.get(ImportRun, result.run_id).status == "refused"


def test_a_flat_patient_of_more_than_99_lines_is_refused(ctx, actor, tmp_path):
    path = tmp_path / "same.txt"
    path.write_bytes(FLAT.read_bytes().splitlines(keepends=True)[0] * 100)
    result = import_file(path, actor, skip_invalid=True)
    assert [e.kind for e in result.errors] == ["too-many-tumors"] and result.created == 0
    assert _state() == ([], [], 0)
    same = _file(tmp_path, _patient("00000009", "X", ("", "")), _patient("00000009", "BAD", ("1", "")),
                 *[_patient("00000001", "SAME", ("", "")) for _ in range(100)], name="conflict.xml")
    result = import_file(same, actor, skip_invalid=True)  # the conflict is found while writing
    assert sorted(e.kind for e in result.errors) == ["too-many-tumors"]
    assert result.rejection_file is None and not (tmp_path / "conflict.rejected.xml").exists()
    assert _state() == ([], [], 0)


def test_cli_import_of_a_truncated_gzip_exits_1_with_a_plain_message(app, ctx, tmp_path):
    from registry.cli import cli

    path = tmp_path / "cut.xml.gz"
    path.write_bytes(SAMPLE_GZ.read_bytes()[:-40])
    result = CliRunner().invoke(cli, ["naaccr", "import", str(path)], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 1, result.output
    assert "gzip file is truncated or corrupt" in result.stderr and "Aborted" not in result.output
    assert "could not be read to its end" in result.stderr and "--skip-invalid" not in result.stderr
    assert _state() == ([], [], 0)
    flat = tmp_path / "cut.txt.gz"
    flat.write_bytes(gzip.compress(FLAT.read_bytes())[:-100])
    result = CliRunner().invoke(cli, ["naaccr", "validate", str(flat)], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 1 and "gzip file is truncated or corrupt" in result.output


def test_web_upload_of_a_truncated_gzip_is_refused(client, make_user, login):
    make_user("reg", "registrar")
    login("reg")
    before = _state()
    run_id = _upload(client, SAMPLE_GZ.read_bytes()[:-40], "cut.xml.gz")
    assert _wait(client, run_id)["status"] == "refused"
    assert "gzip file is truncated or corrupt" in client.get(f"/imports/{run_id}").data.decode()
    db.session.expire_all()
    assert _state() == before


# -- runs whose process is gone ------------------------------------------------------------------------
def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_run_whose_process_is_gone_is_marked_failed_when_runs_are_listed(client, make_user, login, actor):
    from registry.naaccr.exchange.lifeline import host_name

    dead = ImportRun(username="x", file_name="a.xml", checksum_sha256="0" * 64, status="running",
                     pid=_dead_pid(), host=host_name())
    alive = ImportRun(username="x", file_name="b.xml", checksum_sha256="0" * 64, status="running",
                      pid=os.getpid(), host=host_name())
    elsewhere = ImportRun(username="x", file_name="c.xml", checksum_sha256="0" * 64, status="running",
                          pid=_dead_pid(), host="another-host.example")
    reused = ImportRun(username="x", file_name="d.xml", checksum_sha256="0" * 64, status="running",
                       pid=os.getpid(), host=host_name(), started_at=utcnow() - timedelta(days=400))
    db.session.add_all([dead, alive, elsewhere, reused])
    db.session.commit()
    make_user("reg", "registrar")
    login("reg")
    assert "a.xml" in client.get("/imports/").data.decode()
    db.session.expire_all()
    assert [r.status for r in (dead, alive, elsewhere, reused)] == ["failed", "running", "running", "failed"]
    assert "ended before it finished" in dead.message and dead.finished_at is not None
    assert mark_stale_runs() == 0


# -- retention of uploads ------------------------------------------------------------------------------
def test_accepted_uploads_are_kept_for_the_retention_period_then_purged(app, client, make_user, login):
    from registry.cli import cli

    make_user("reg", "registrar")
    login("reg")
    run_id = _upload(client, SAMPLE_GZ.read_bytes(), "kept.xml.gz")
    assert _wait(client, run_id)["status"] == "imported"
    run = db.session.get(ImportRun, run_id)
    stored = upload_dir() / run.stored_file
    assert stored.exists() and not (upload_dir() / f"{run_id}.progress.json").exists()
    orphan, fresh = upload_dir() / "old_leftover.xml", upload_dir() / "fresh_leftover.xml"
    orphan.write_text("PHI")
    fresh.write_text("PHI")
    old = time.time() - 31 * 86400
    os.utime(orphan, (old, old))
    assert purge_uploads().files == ["old_leftover.xml"]  # 30 days by default: the upload stays
    assert stored.exists() and fresh.exists()
    later = purge_uploads(now=utcnow() + timedelta(days=31))  # other tests' leftovers are old by then too
    assert stored.name in later.files and "fresh_leftover.xml" in later.files and not stored.exists()
    db.session.expire_all()
    assert db.session.get(ImportRun, run_id).stored_file is None
    fresh.write_text("PHI")
    second = _upload(client, SAMPLE_GZ.read_bytes(), "second.xml.gz")
    _wait(client, second)
    app.config["IMPORT_UPLOAD_RETENTION_DAYS"] = 0
    try:
        result = CliRunner().invoke(cli, ["naaccr", "purge-uploads", "--json"], obj=ScriptInfo(create_app=lambda: app))
    finally:
        app.config["IMPORT_UPLOAD_RETENTION_DAYS"] = 30
    assert result.exit_code == 0, result.output
    assert "Removed 1 file(s)" in result.stderr and fresh.exists()  # a file written within the hour stays
    assert json.loads(result.stdout)["removed"] == 1
    assert not [p for p in upload_dir().iterdir() if p.name.endswith("_second.xml.gz")]
    fresh.unlink()
