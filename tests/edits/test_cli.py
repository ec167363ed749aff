"""``registry edits list`` and ``registry edits check FILE`` through click's CliRunner (contract shapes, exits)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from xml.sax.saxutils import escape

from click.testing import CliRunner
from edits_records import BASE, rec

from registry.edits.cli import cli
from registry.edits.engine import all_edits
from registry.naaccr.dictionary import current


def _items(record: dict[str, str], level: str) -> str:
    items = current()
    return "".join(f'<Item naaccrId="{k}">{escape(v)}</Item>' for k, v in record.items()
                   if v and k in items.items and items[k].level == level)


def naaccr_xml(patients: list[list[dict[str, str]]]) -> str:
    """A NAACCR XML v26 abstract file; each patient is a list of flat tumor records."""
    body = []
    for tumors in patients:
        body.append("<Patient>" + _items(tumors[0], "Patient"))
        body.extend(f"<Tumor>{_items(t, 'Tumor')}</Tumor>" for t in tumors)
        body.append("</Patient>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml" '
            'recordType="A" specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">\n'
            + "\n".join(body) + "\n</NaaccrData>\n")


def test_list_json_shape() -> None:
    result = CliRunner().invoke(cli, ["list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(all_edits())
    for row in rows:
        assert set(row) == {"id", "name", "severity", "items", "sets"}
        assert row["severity"] in ("error", "warning")
        assert isinstance(row["items"], list) and isinstance(row["sets"], list)
    assert {"id": "IF042", "severity": "error"}.items() <= next(r for r in rows if r["id"] == "IF042").items()


def test_list_text() -> None:
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 0
    assert "IF040" in result.stdout and f"{len(all_edits())} edits" in result.stdout


def test_check_clean_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "clean.xml"
    path.write_text(naaccr_xml([[BASE]]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_check_reports_failing_records_and_exits_1(tmp_path: Path) -> None:
    second = rec(patientIdNumber="00000002", primarySite="C539", sexAssignedAtBirth="1", laterality="0")
    third = rec(patientIdNumber="00000002", tumorRecordNumber="02", dateOfDiagnosis="20240101")
    path = tmp_path / "file.xml.gz"
    path.write_bytes(gzip.compress(naaccr_xml([[BASE], [second, third]]).encode()))
    result = CliRunner().invoke(cli, ["check", str(path), "--json", "--set", "hospital"])
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert rows and all(set(r) == {"patientIdNumber", "tumorRecordNumber", "edit", "severity", "items", "message"}
                        for r in rows)
    assert {r["patientIdNumber"] for r in rows} == {"00000002"}
    sex_site = [r for r in rows if r["edit"] == "IF042"]
    assert sex_site and sex_site[0]["tumorRecordNumber"] == "01" and sex_site[0]["severity"] == "error"
    assert {r["tumorRecordNumber"] for r in rows} == {"01", "02"}


def test_check_only_warnings_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "warn.xml"
    path.write_text(naaccr_xml([[rec(estrogenReceptorSummary=None)]]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["edit"] for r in rows] == ["IF122"] and rows[0]["severity"] == "warning"
    text = CliRunner().invoke(cli, ["check", str(path)])
    assert "1 tumors checked: 0 errors, 1 warnings" in text.stdout


def test_check_missing_file_and_bad_set(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["check", str(tmp_path / "nope.xml")])
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    path = tmp_path / "f.xml"
    path.write_text(naaccr_xml([[BASE]]), encoding="utf-8")
    assert CliRunner().invoke(cli, ["check", str(path), "--set", "national"]).exit_code == 2


def test_check_malformed_file_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(naaccr_xml([[BASE]])[:-20], encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--json"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:")
