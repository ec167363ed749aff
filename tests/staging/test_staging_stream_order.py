"""A staging result depends on its own inputs only, never on what the same process staged before (issue #15).

Import, ``staging rederive``, ``registry demo`` and ``registry staging derive`` stage thousands of tumors in one
process, through the memos of the engine: per table column (value -> rows accepting it), per one-column input
table (value -> valid), per schema selector (site, histology -> candidate schemas) and ``range_contains``.
These tests stream every reference case through one process and check each answer, and derive a case, then a
case sharing its memo keys but not its answer, then the first again.

The streams take the whole of both 10,000-case CS regression files, so every breast case of the kind the
issue names (C500/8000/2013 with CS lymph nodes 255: 3,363 cases, 3,141 of them N1 and IIIA) is in every pass,
and every EOD, Pediatric and CS case of the transcribed reference tests; once in file order and once shuffled
(fixed seed, so that a failure can be replayed). Each pass starts from new Algorithm objects
(:func:`fresh_algorithms`), so it does not depend on the tests run before it. Both passes take about 15 s
together on the development machine (2 cores, shared), well inside the suite's budget: no sampling needed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

import pytest
from staging_reference import (
    ALGORITHMS,
    CS_FILES,
    cs_cells,
    cs_expected,
    cs_inputs,
    cs_lines,
    cs_mismatches,
    failure_case_problems,
    reference_cases,
    stage_case_problems,
)

from registry.staging.engine import Algorithm, fresh_algorithms, load_algorithm
from registry.staging.schemas import parse_schema

SHUFFLE_SEED = 15
ISSUE_BREAST = ("C500", "8000", "2013", "255")  # site, histology, year, CS lymph nodes of the issue's cases


def _stream() -> list[tuple[str, str, object]]:
    """(kind, where, case) for every reference case, in file order."""
    items: list[tuple[str, str, object]] = []
    for name in CS_FILES:
        items += [("cs", f"{name} line {n}", line) for n, line in enumerate(cs_lines(name), start=1)]
    items += [("stage", group, case) for group, case in reference_cases("stage_cases")]
    items += [("failure", group, case) for group, case in reference_cases("stage_failure_cases")]
    return items


def _problems(kind: str, where: str, case: object) -> list[str]:
    if kind == "cs":
        inputs, wrong = cs_mismatches(load_algorithm("cs", "02.05.50"), cs_cells(str(case)))
        return [f"{where}: {wrong[:6]} inputs={inputs}"] if wrong else []
    assert isinstance(case, dict)
    result = load_algorithm(*ALGORITHMS[where]).stage(case["input"])
    check = stage_case_problems if kind == "stage" else failure_case_problems
    return [f"{where} {case.get('name') or case['input']}: {p}" for p in check(case, result)]


def _is_issue_breast_case(kind: str, case: object) -> bool:
    if kind != "cs":
        return False
    inputs = cs_inputs(cs_cells(str(case)))
    return (inputs["site"], inputs["hist"], inputs["year_dx"], inputs["nodes"]) == ISSUE_BREAST


@pytest.mark.parametrize("order", ["file order", "shuffled"])
def test_every_reference_case_streamed_through_one_process(order: str) -> None:
    items = _stream()
    if order == "shuffled":
        random.Random(SHUFFLE_SEED).shuffle(items)
    failures: list[str] = []
    with fresh_algorithms():
        for kind, where, case in items:
            failures += _problems(kind, where, case)
    reference = sum(len(reference_cases(s)) for s in ("stage_cases", "stage_failure_cases"))
    assert (len(items), reference) == (20010, 10)
    assert sum(_is_issue_breast_case(kind, case) for kind, _where, case in items) == 3363
    assert not failures, f"{len(failures)} of {len(items)} cases differ ({order}); first:\n" + "\n".join(failures[:10])


def _cs_line(**wanted: str) -> dict[str, str]:
    """The first line of the AJCC 7 file whose inputs/expected outputs have these values, as inputs + expected."""
    for line in cs_lines(CS_FILES[1]):
        cells = cs_cells(line)
        row = {**cs_inputs(cells), **{f"expected_{k}": v for k, v in cs_expected(cells).items()}}
        if all(row[k] == v for k, v in wanted.items()):
            return row
    raise AssertionError(f"no line with {wanted}")


def _inputs(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if not k.startswith("expected_")}


def _expected(row: dict[str, str]) -> dict[str, str]:
    return {k.removeprefix("expected_"): v for k, v in row.items() if k.startswith("expected_")}


def _outputs(result_output: dict[str, str], keys: Iterator[str] | list[str]) -> dict[str, str]:
    return {k: result_output.get(k, "") for k in keys}


def test_cs_breast_case_then_one_with_the_same_nodes_and_site_then_the_first_again() -> None:
    """The issue's breast case (nodes 255 -> N1, T3 -> IIIA), then one sharing site, histology, year and nodes
    (the same memo keys in the selector and the nodes table) but with T2 (IIB), then the first again."""
    first = _cs_line(site="C500", hist="8000", year_dx="2013", nodes="255", expected_ajcc7_stage="IIIA",
                     expected_ajcc7_t="T3")
    second = _cs_line(site="C500", hist="8000", year_dx="2013", nodes="255", expected_ajcc7_stage="IIB")
    assert _inputs(first)["nodes"] == _inputs(second)["nodes"] and _expected(first) != _expected(second)
    with fresh_algorithms():
        cs = load_algorithm("cs", "02.05.50")
        answers = [_outputs(cs.stage(_inputs(row)).output, _expected(row)) for row in (first, second, first)]
    assert answers == [_expected(first), _expected(second), _expected(first)]


def test_eod_case_then_one_with_the_same_site_and_histology_then_the_first_again() -> None:
    """The schema candidates are cached by site and histology; the discriminators still choose the schema."""
    nasopharynx = {"site": "C111", "hist": "8200", "year_dx": "2022", "behavior": "3", "discriminator_1": "1"}
    oropharynx = {**nasopharynx, "discriminator_1": "2", "discriminator_2": "1"}
    with fresh_algorithms():
        eod = load_algorithm("eod_public", "3.3")
        schemas = [eod.stage(case).schema_id for case in (nasopharynx, oropharynx, nasopharynx)]
    assert schemas == ["nasopharynx", "oropharynx_p16_neg", "nasopharynx"]


def _table(table_id: str, columns: list[tuple[str, str]], rows: list[list[str]]) -> bytes:
    definition = [{"key": key, "name": key, "type": kind} for key, kind in columns]
    return json.dumps({"id": table_id, "definition": definition, "rows": rows}).encode()


def _reference_algorithm() -> Algorithm:
    """A one-schema algorithm whose answers depend on ``{{key}}`` cells: positive nodes are checked against the
    nodes examined (input validation) and classified against them (a mapping table).

    The shipped algorithms have ``{{key}}`` cells only for ``{{ctx_year_current}}``, which cannot change within a
    process; this schema makes a row's match depend on another input, the case the memos must not cache."""
    schema = {
        "id": "nodes_check", "schema_selection_table": "selection",
        "inputs": [
            {"key": "site", "name": "Primary Site", "table": "primary_site"},
            {"key": "hist", "name": "Histology", "table": "histology"},
            {"key": "year_dx", "name": "Year of Diagnosis"},
            {"key": "nodes_exam", "name": "Regional Nodes Examined", "table": "nodes_exam_codes"},
            {"key": "nodes_pos", "name": "Regional Nodes Positive", "table": "nodes_pos_codes",
             "used_for_staging": True},
        ],
        "outputs": [{"key": "nodes_status", "name": "Nodes status", "default": ""}],
        "mappings": [{"id": "nodes", "tables": [{"id": "nodes_status"}]}],
    }
    tables = {
        "selection": _table("selection", [("site", "INPUT"), ("hist", "INPUT")], [["C500", "8000"]]),
        "primary_site": _table("primary_site", [("site", "INPUT")], [["C500"]]),
        "histology": _table("histology", [("hist", "INPUT")], [["8000"]]),
        "nodes_exam_codes": _table("nodes_exam_codes", [("nodes_exam", "INPUT")], [["00-90"], ["95-99"]]),
        "nodes_pos_codes": _table("nodes_pos_codes", [("nodes_pos", "INPUT")],
                                  [["00-{{nodes_exam}}"], ["95-99"]]),
        "nodes_status": _table("nodes_status", [("nodes_pos", "INPUT"), ("nodes_status", "ENDPOINT")],
                               [["00", "VALUE:negative"], ["01-{{nodes_exam}}", "VALUE:positive"],
                                ["95-99", "VALUE:unknown"], ["*", "VALUE:more positive than examined"]]),
    }
    return Algorithm("reference_check", "1", [parse_schema(schema)], tables)


def test_a_cell_referring_to_another_input_is_matched_per_case_not_per_value() -> None:
    """5 positive of 10 examined, then 5 positive of 3 examined (same nodes_pos, so the same memo key in both
    the validation table and the mapping table, but another answer), then the first case again."""
    algorithm = _reference_algorithm()
    within = {"site": "C500", "hist": "8000", "year_dx": "2013", "nodes_pos": "05", "nodes_exam": "10"}
    beyond = {**within, "nodes_exam": "03"}
    answers = []
    for case in (within, beyond, within):
        result = algorithm.stage(case)
        answers.append((result.result, result.output.get("nodes_status"), [e.type for e in result.errors]))
    assert answers == [
        ("STAGED", "positive", []),
        ("STAGED", "more positive than examined", ["INVALID_REQUIRED_INPUT"]),
        ("STAGED", "positive", []),
    ]
    table = algorithm.table("nodes_status")
    assert table is not None
    rows = [table.find_row({"nodes_pos": "05", "nodes_exam": exam}) for exam in ("10", "03", "10", "05", "04")]
    assert rows == [1, 3, 1, 1, 3]
