"""Cell syntax and table matching (staging-edits-codes.md §1.2), on small tables built like the shipped ones."""

from __future__ import annotations

import pytest

from registry.staging.ranges import is_number, parse_cell
from registry.staging.tables import Table, TableError


def _table(rows: list[list[str]], inputs: tuple[str, ...] = ("a",)) -> Table:
    definition = [{"key": k, "name": k, "type": "INPUT"} for k in inputs]
    definition.append({"key": "out", "name": "out", "type": "ENDPOINT"})
    return Table({"id": "t", "definition": definition, "rows": rows})


@pytest.mark.parametrize(
    ("cell", "value", "expected"),
    [
        ("*", "anything", True),
        ("C500-C506", "C503", True),
        ("C500-C506", "C507", False),
        ("C500-C506", "C50", False),  # string ranges need equal lengths
        ("8000-8700", "8500", True),
        ("8000-8700", "08500", True),  # numeric ranges compare numbers
        ("8000-8700", "8500.5", False),  # no decimals in an integer range
        ("001-999", "5", True),
        ("0.1-99.9", "5.5", True),
        ("1", "01", False),  # single values are exact strings
        ("N0(mol-)", "N0(mol-)", True),  # halves of different length: one literal
        ("NONE,U,NA", "U", True),
        ("", "", True),  # empty cell matches only blank
        ("", "1", False),
        ("2025-9998, 9999,", "", True),  # trailing empty entry: blank also matches
        ("2025-9998, 9999,", "2030", True),
        ("2025-9998, 9999,", "2024", False),
    ],
)
def test_cell_matching(cell: str, value: str, expected: bool) -> None:
    table = _table([[cell, "MATCH"]])
    assert (table.find_row({"a": value}) is not None) is expected


def test_reference_ranges_use_the_context() -> None:
    table = _table([["2018-{{ctx_year_current}},9999", "MATCH"]], ("year_dx",))
    assert table.find_row({"year_dx": "2030", "ctx_year_current": "2031"}) == 0
    assert table.find_row({"year_dx": "2030", "ctx_year_current": "2026"}) is None
    same = _table([["{{b}}", "MATCH"]])
    assert same.find_row({"a": "7", "b": "7"}) == 0
    assert same.find_row({"a": "7", "b": "8"}) is None


def test_first_matching_row_wins_over_all_columns() -> None:
    table = _table([["1", "*", "VALUE:x"], ["*", "2", "VALUE:y"], ["*", "*", "VALUE:z"]], ("a", "b"))
    assert table.find_row({"a": "1", "b": "2"}) == 0
    assert table.find_row({"a": "3", "b": "2"}) == 1
    assert table.find_row({"a": "3", "b": "3"}) == 2
    assert table.match({"a": "3", "b": "3"})[0].value == "z"
    assert table.find_row({"a": "3", "b": "3"}, keys={"a"}) == 1  # only the listed columns are tested


def test_endpoints_parse_value_remove_jump_and_errors() -> None:
    table = _table([["1", "VALUE:"], ["2", "VALUE"], ["3", "JUMP:other"], ["4", "ERROR:bad"], ["5", "STOP"]])
    kinds = [(e.type, e.value) for row in table.rows_endpoints for e in row]
    assert kinds == [("VALUE", ""), ("VALUE", None), ("JUMP", "other"), ("ERROR", "bad"), ("STOP", None)]
    with pytest.raises(TableError):
        _table([["1", "SET:x"]])
    with pytest.raises(TableError):
        _table([["1"]])


def test_single_input_values_expand_numeric_ranges() -> None:
    table = Table({"id": "h", "definition": [{"key": "hist", "type": "INPUT"}], "rows": [["8000-8002"], ["9999"]]})
    assert table.single_input_values() == {"8000", "8001", "8002", "9999"}


def test_number_syntax_matches_the_reference() -> None:
    assert all(is_number(v) for v in ("1", "-1", "1.5", ".5", "-.5", "007"))
    assert not any(is_number(v) for v in ("", "-", "1.", "1.2.3", "+1", "1e5", "C50"))
    assert parse_cell("*") is None
    parsed = [(r.low, r.high) for r in parse_cell("1-5,N0(mol-), 7")]
    assert parsed == [("1", "5"), ("N0(mol-)", "N0(mol-)"), ("7", "7")]
