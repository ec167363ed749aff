"""``registry naaccr validate`` and ``convert`` through click, as docs/cli-contract.md fixes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.naaccr.cli import cli

DATA = Path(__file__).parent / "data"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_group_is_named_naaccr() -> None:
    assert cli.name == "naaccr" and {"validate", "convert"} <= set(cli.commands)


def test_validate_json_valid() -> None:
    result = run("validate", "--json", str(DATA / "xml-valid/valid_standard-file-1.xml"))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"valid": True, "patients": 2, "tumors": 1, "errors": []}
    assert result.stderr == ""


def test_validate_json_invalid_exits_1_with_the_contract_shape() -> None:
    result = run("validate", "--json", str(DATA / "xml-invalid-library-only/invalid_bad-data-item-2.xml"))
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert set(body) == {"valid", "patients", "tumors", "errors"}
    assert body["errors"] == [
        {
            "line": 8,
            "kind": "wrong-level",
            "naaccrId": "primarySite",
            "message": "item 'primarySite' belongs at Tumor level, not Patient",
        }
    ]


def test_validate_text_report() -> None:
    result = run("validate", str(DATA / "xml-invalid-library-only/invalid_value-to-long-1.xml"))
    assert result.exit_code == 1
    assert "NOT valid (1 patients, 1 tumors, 1 errors)" in result.stdout
    assert "line 8: too-long patientIdNumber:" in result.stdout


def test_validate_relaxed_flag() -> None:
    path = str(DATA / "xml-invalid-relaxed/invalid_default-namespace-missing-1.xml")
    assert run("validate", path).exit_code == 1
    assert run("validate", "--relaxed", path).exit_code == 0


@pytest.mark.parametrize(("mode", "code"), [("error", 1), ("ignore", 0), ("keep", 0)])
def test_validate_unknown_items_option(mode: str, code: int) -> None:
    path = str(DATA / "xml-invalid-library-only/invalid_unknown-data-item-1.xml")
    assert run("validate", "--unknown-items", mode, path).exit_code == code


def test_validate_user_dictionaries(test_user_dictionaries: list[Path]) -> None:
    files = [arg for path in test_user_dictionaries for arg in ("--user-dictionary", str(path))]
    target = str(DATA / "xml-reader-cases/xml-reader-user-dict-mult-1.xml")
    assert run("validate", target).exit_code == 1
    assert run("validate", *files, target).exit_code == 0


def test_a_bad_user_dictionary_is_refused_on_stderr() -> None:
    bad = str(DATA / "user-dictionary-cases/testing-user-dictionary-220-bad1.xml")
    result = run("validate", "--json", "--user-dictionary", bad, str(DATA / "xml-valid/valid_standard-file-1.xml"))
    assert result.exit_code == 1 and result.stdout == ""
    assert "user dictionary refused" in result.stderr and "something" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "missing.xml")).exit_code == 2
    assert run("validate", "--unknown-items", "drop", str(DATA / "xml-valid/valid_standard-file-1.xml")).exit_code == 2


def test_validate_flat_and_gzip() -> None:
    flat = run("validate", "--json", str(DATA / "flat/synthetic-data_naaccr-180-incidence_10-records.txt"))
    assert (flat.exit_code, json.loads(flat.stdout)["tumors"]) == (0, 10)
    gz = run("validate", "--json", str(DATA / "synthetic/naaccr-xml-sample-v250-abstract-1000.xml.gz"))
    assert (gz.exit_code, json.loads(gz.stdout)["patients"]) == (0, 943)


def test_convert_flat_to_xml_and_back(tmp_path: Path) -> None:
    src = DATA / "flat/synthetic-data_naaccr-180-incidence_10-records.txt"
    xml, back = tmp_path / "x.xml", tmp_path / "back.txt"
    result = run("convert", str(src), str(xml))
    assert result.exit_code == 0 and "10 patients, 10 tumors" in result.stdout
    assert run("convert", str(xml), str(back)).exit_code == 0
    assert back.read_bytes() == src.read_bytes()


def test_convert_options_and_refusals(tmp_path: Path) -> None:
    src = str(DATA / "synthetic/naaccr-xml-sample-v250-abstract-10.xml.gz")
    refused = run("convert", src, str(tmp_path / "x.txt"))
    assert refused.exit_code == 1 and "no fixed-width layout" in refused.stderr
    incidence = tmp_path / "i.xml"
    assert run("convert", "--record-type", "I", "--version", "260", src, str(incidence)).exit_code == 0
    assert run("validate", str(incidence)).exit_code == 0
    assert 'recordType="I"' in incidence.read_text()
    broken = run(
        "convert", "--version", "180", str(DATA / "xml-invalid/invalid_garbage-1.xml"), str(tmp_path / "g.txt")
    )
    assert broken.exit_code == 1 and "malformed-xml" in broken.stderr
