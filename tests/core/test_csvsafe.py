"""Spreadsheet-safe CSV (registry.core.csvsafe): what is prefixed, what is left alone, and that every writer uses it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from registry.core import csvsafe

HOSTILE = ['=HYPERLINK("http://evil.test","Click")', "+SUM(1,2)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
           "\t=1+1", "\r=1+1", "-", "+", "-1+1", "-1e5x"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_cells_get_a_quote(value: str) -> None:
    assert csvsafe.safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-1.5", "+3", "-2e-3", "-.5", "-10.", "12", "Smith", "", "2020-01-01", "O'Neil",
                                   " =1"])
def test_numbers_and_plain_text_are_unchanged(value: str) -> None:
    assert csvsafe.safe_cell(value) == value


def test_non_strings_are_unchanged() -> None:
    assert [csvsafe.safe_cell(v) for v in (None, -1.5, 3, True)] == [None, -1.5, 3, True]


def test_writers_quote_every_cell_including_dict_rows_and_headers() -> None:
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(["=1", "ok", -2])
    writer.writerows([["@x"], ["-1.5"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1", "ok", "-2"], ["'@x"], ["-1.5"]]
    out = io.StringIO()
    dict_writer = csvsafe.dict_writer(out, ["=col", "b"], extrasaction="ignore")
    dict_writer.writeheader()
    dict_writer.writerow({"=col": "+evil()", "b": "x", "extra": "ignored"})
    dict_writer.writerows([{"=col": "-7", "b": "@x"}])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=col", "b"], ["'+evil()", "x"], ["-7", "'@x"]]
    assert csvsafe.tab_line(["=1", "due"]) == "'=1\tdue"


def test_every_csv_writer_of_the_app_goes_through_csvsafe() -> None:
    """No module but csvsafe makes a csv writer, so every CSV the app writes is spreadsheet-safe."""
    root = Path(csvsafe.__file__).resolve().parents[1]
    direct = re.compile(r"csv\.(writer|DictWriter)\(|\.to_csv\(")
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "csvsafe.py" and direct.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
