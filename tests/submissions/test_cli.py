"""``registry submissions``: load-profile, build, list, mark, timeliness, exit codes and JSON on stdout."""

from __future__ import annotations

import json

from click.testing import CliRunner

from registry.extensions import db
from registry.submissions.cli import cli
from registry.submissions.models import Disclosure, SubmissionBatch

CLEAN = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "schemaId": "00480",
         "dateOfDiagnosis": "20220115", "laterality": "1", "classOfCase": "10"}
PROFILE = """
name: cli
recipient: CLI Registry
edit_set: import
selection: {statuses: [incomplete]}
on_edit_errors: ON_ERRORS
"""


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _profile(tmp_path, on_errors: str = "hold") -> str:
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE.replace("ON_ERRORS", on_errors))
    return str(path)


def test_build_list_and_mark(make_patient, tmp_path):
    make_patient(tumors=[CLEAN])
    make_patient(tumors=[{**CLEAN, "schemaId": ""}])  # fails IF120: held back
    assert _run("load-profile", _profile(tmp_path)).exit_code == 0
    out = tmp_path / "cli.xml.gz"
    result = _run("build", "--profile", "cli", "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    built = json.loads(result.stdout)
    assert (built["status"], built["tumors"], built["held"], built["new"]) == ("built", 1, 1, 1)
    assert built["file"] == str(out.resolve()) and out.exists() and (tmp_path / "cli.manifest.json").exists()
    assert [f["edit"] for f in built["failures"]] == ["IF120"]

    listed = json.loads(_run("list", "--json").stdout)
    assert [(b["id"], b["status"]) for b in listed] == [(built["id"], "built")]
    assert _run("mark", str(built["id"]), "sent").exit_code == 0
    assert db.session.query(Disclosure).count() == 1
    report = tmp_path / "answer.txt"
    report.write_text("accepted: 1 record")
    assert _run("mark", str(built["id"]), "accepted", "--report", str(report)).exit_code == 0
    db.session.expire_all()
    batch = db.session.get(SubmissionBatch, built["id"])
    assert (batch.status, batch.response_file, batch.response_file_name) == ("accepted", b"accepted: 1 record",
                                                                             "answer.txt")
    second = _run("mark", str(built["id"]), "rejected")
    assert second.exit_code == 1 and "accepted" in second.stderr


def test_blocked_batch_exits_1_and_nothing_to_send_exits_0(make_patient, tmp_path):
    make_patient(tumors=[{**CLEAN, "schemaId": ""}])
    _run("load-profile", _profile(tmp_path, "block"))
    out = tmp_path / "b.xml.gz"
    result = _run("build", "--profile", "cli", "--out", str(out))
    assert result.exit_code == 1 and "BLOCKED" in result.stderr and not out.exists()
    assert result.stdout == ""
    db.session.query(SubmissionBatch).delete()
    db.session.commit()
    from registry.abstracting.models import Tumor

    db.session.query(Tumor).delete()
    db.session.commit()
    result = _run("build", "--profile", "cli", "--out", str(out))
    assert result.exit_code == 0 and "nothing to send" in result.stderr and not out.exists()


def test_refusals_and_usage(ctx, tmp_path):
    unknown = _run("build", "--profile", "nope", "--out", str(tmp_path / "x.xml.gz"))
    assert unknown.exit_code == 1 and "no submission profile named 'nope'" in unknown.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nedit_set: nonsense\nsend: sometimes\n")
    refused = _run("load-profile", str(bad))
    assert refused.exit_code == 1 and "edit_set" in refused.stderr and "send" in refused.stderr
    assert _run("build", "--profile", "x").exit_code == 2
    assert _run("load-profile").exit_code == 2
    assert _run("load-profile", "--demo").exit_code == 0
    assert _run("mark", "99", "sent").exit_code == 1


def test_timeliness_json(make_patient, tmp_path):
    make_patient(tumors=[CLEAN])
    _run("load-profile", _profile(tmp_path))
    rows = json.loads(_run("timeliness", "--profile", "cli", "--json").stdout)
    assert rows == [{"month": "2022-01", "cases": 1, "abstracted": 0, "abstracted_on_time": 0, "submitted": 0,
                     "submitted_on_time": 0}]
