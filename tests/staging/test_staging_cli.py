"""``registry staging derive``: JSON lines in, JSON lines out (docs/cli-contract.md)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from registry.staging.cli import cli

BREAST = {"site": "C502", "hist": "8500", "behavior": "3", "year_dx": "2020", "eod_primary_tumor": "100",
          "eod_regional_nodes": "200", "eod_mets": "00", "grade_clin": "1", "grade_path": "1"}


def _run(stdin: str, *args: str):
    return CliRunner().invoke(cli, ["derive", *args], input=stdin)


def test_derive_writes_one_result_per_line() -> None:
    lines = [json.dumps(BREAST), json.dumps({"site": "C111", "hist": "8200"})]
    result = _run("\n".join(lines) + "\n", "--algorithm", "eod_public", "--version", "3.3")
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {**BREAST, "result": "STAGED", "schema_id": "breast", "errors": [],
                     "output": {"naaccr_schema_id": "00480", "derived_version": "3.3", "ss2018_derived": "3",
                                "derived_summary_grade": "1"}}
    assert second["result"] == "FAILED_MULTIPLE_MATCHING_SCHEMAS" and second["schema_id"] is None
    assert {e["key"] for e in second["errors"]} == {"year_dx", "discriminator_1", "discriminator_2"}
    assert result.stderr == ""


def test_bad_lines_are_reported_and_the_rest_processed() -> None:
    stdin = "\n".join(["{not json", json.dumps(BREAST), "[1, 2]", json.dumps({"site": "C502", "hist": 8500}), ""])
    result = _run(stdin, "--algorithm", "eod_public", "--version", "3.3")
    assert result.exit_code == 1
    assert [json.loads(line)["result"] for line in result.stdout.splitlines()] == ["STAGED"]
    assert "line 1: not valid JSON" in result.stderr
    assert "line 3: expected a JSON object" in result.stderr
    assert "line 4: values must be strings" in result.stderr and "hist" in result.stderr


def test_invalid_input_is_reported_by_key() -> None:
    result = _run(json.dumps({**BREAST, "eod_mets": "77"}), "--algorithm", "eod_public", "--version", "3.3")
    assert result.exit_code == 0
    errors = json.loads(result.stdout)["errors"]
    assert {"key": "eod_mets", "message": "Invalid 'eod_mets' value (77)"} in errors


def test_cs_and_pediatric_algorithms() -> None:
    urethra = {"site": "C680", "hist": "8000", "behavior": "3", "grade": "9", "year_dx": "2013",
               "cs_input_version_original": "020550", "extension": "100", "nodes": "100", "mets": "10", "ssf1": "020"}
    result = _run(json.dumps(urethra), "--algorithm", "cs", "--version", "02.05.50")
    assert json.loads(result.stdout)["output"]["ajcc7_stage"] == "IV"
    ovarian = {"site": "C569", "hist": "9081", "year_dx": "2021", "age_dx": "16", "behavior": "3",
               "ped_primary_tumor": "200"}
    result = _run(json.dumps(ovarian), "--algorithm", "pediatric", "--version", "1.3")
    assert json.loads(result.stdout)["output"]["pediatric_id"] == "10c2"


def test_unknown_algorithm_is_a_usage_error() -> None:
    result = _run("", "--algorithm", "tnm", "--version", "2.1")
    assert result.exit_code == 2
    assert "no staging algorithm tnm 2.1" in result.stderr and result.stdout == ""
    assert _run("", "--algorithm", "eod_public").exit_code == 2


def test_algorithms_list() -> None:
    result = CliRunner().invoke(cli, ["algorithms", "--json"])
    assert result.exit_code == 0
    assert {"algorithm": "eod_public", "version": "3.3"} in json.loads(result.stdout)
