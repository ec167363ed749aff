"""``registry edits run`` through click's CliRunner: the --json shape, the text summary, exits and usage errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from registry.edits.cli import cli
from registry.edits.results import results_for

CLEAN = {"primarySite": "C504", "dateOfDiagnosis": "20150115", "laterality": "1"}
LATERALITY_0 = {"primarySite": "C504", "dateOfDiagnosis": "20160115", "laterality": "0"}  # IF044 error
WARNING_ONLY = {"primarySite": "C504", "dateOfDiagnosis": "20170115", "summaryStage2018": "1"}  # IF125 warning


def test_run_json_shape_and_exit_1_on_errors(make_patient, make_facility):
    make_facility("0000000001", "North Hospital")
    patient = make_patient(tumors=[{**LATERALITY_0, "reportingFacility": "0000000001"}, WARNING_ONLY])
    result = CliRunner().invoke(cli, ["run", "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert list(data)[:4] == ["tumors", "failing_tumors", "by_edit", "by_facility"]
    assert data["tumors"] == 2 and data["failing_tumors"] == 1
    assert [(e["id"], e["severity"], e["failing_tumors"]) for e in data["by_edit"]] == [
        ("IF044", "error", 1), ("IF125", "warning", 1)]
    assert data["by_facility"][0] == {"facility": "0000000001", "name": "North Hospital", "tumors": 1,
                                      "failing_tumors": 1}
    assert [r.edit_id for r in results_for(patient.tumors[0].id)] == ["IF044"]


def test_run_exit_0_with_only_warnings_and_a_text_summary(make_patient):
    make_patient(tumors=[CLEAN, WARNING_ONLY])
    result = CliRunner().invoke(cli, ["run", "--dx-year-from", "2015", "--dx-year-to", "2017"])
    assert result.exit_code == 0, result.output
    assert "2 tumors edited (hospital): 0 failing" in result.stdout
    assert "IF125" in result.stdout and "(no facility)" in result.stdout


def test_run_selection_options(make_patient):
    make_patient(tumors=[{**LATERALITY_0, "reportingFacility": "0000000001"},
                         {**LATERALITY_0, "reportingFacility": "0000000002"}])
    result = CliRunner().invoke(cli, ["run", "--json", "--facility", "0000000002", "--set", "import"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["tumors"] == 1 and data["edit_set"] == "import"
    assert [f["facility"] for f in data["by_facility"]] == ["0000000002"]
    result = CliRunner().invoke(cli, ["run", "--json", "--dx-year-from", "2020"])
    assert result.exit_code == 0 and json.loads(result.stdout)["tumors"] == 0


def test_run_usage_errors_exit_2(ctx):
    result = CliRunner().invoke(cli, ["run", "--set", "nightly"])
    assert result.exit_code == 2 and "nightly" in result.output
    result = CliRunner().invoke(cli, ["run", "--dx-year-from", "2020", "--dx-year-to", "2019"])
    assert result.exit_code == 2 and "--dx-year-from is after --dx-year-to" in result.output
