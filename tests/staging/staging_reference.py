"""The reference cases of the staging tests and how the reference harness maps and checks them (one copy).

* Collaborative Stage 02.05.50 regression files (``data/cs_AJCC_*.txt.gz``). Harness rules of the reference
  (IntegrationUtils): a line is split on commas (trailing empty cells dropped) and must have 80 cells; year
  2019/2020 is rewritten to 2049 (an invalid year); the case is staged only when the lookup by site, histology
  and SSF25 finds exactly one schema, otherwise every expected output is blank; expected values are trimmed and
  a missing output counts as blank.
* ``data/staging_test_cases_from_repo.json``: cases transcribed from the reference engine's unit tests, per
  algorithm: ``stage_cases`` (result, schema, error count, path and output size, outputs) and
  ``stage_failure_cases`` (a failing result and no output).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from registry.staging.engine import Algorithm
from registry.staging.results import StagingResult

DATA = Path(__file__).parent / "data"
CS_FILES = ("cs_AJCC_6.V020550.10000.txt.gz", "cs_AJCC_7.V020550.10000.txt.gz")
CS_CELLS = 80

INPUTS = [
    "site", "hist", "year_dx", "cs_input_version_original", "behavior", "grade", "age_dx", "lvi", "size",
    "extension", "extension_eval", "nodes", "nodes_eval", "nodes_pos", "nodes_exam", "mets", "mets_eval",
    *(f"ssf{i}" for i in range(1, 26)),
]
_DESCRIBED = ("t", "tdescriptor", "n", "ndescriptor", "m", "mdescriptor", "stage")
OUTPUTS = [
    *(f"ajcc6_{k}" for k in _DESCRIBED), *(f"ajcc7_{k}" for k in _DESCRIBED),
    "t77", "n77", "m77", "ss77", "t2000", "n2000", "m2000", "ss2000",
    *(f"stor_ajcc6_{k}" for k in _DESCRIBED), *(f"stor_ajcc7_{k}" for k in _DESCRIBED),
    "stor_ss77", "stor_ss2000",
]

CASES = json.loads((DATA / "staging_test_cases_from_repo.json").read_text(encoding="utf-8"))
ALGORITHMS = {
    "eod_public_3.3": ("eod_public", "3.3"),
    "pediatric_1.3": ("pediatric", "1.3"),
    "cs_02.05.50": ("cs", "02.05.50"),
}
# the reference spells this status with a typo; our status names are spelled correctly
STATUS_SPELLING = {"FAILED_MULITPLE_MATCHING_SCHEMAS": "FAILED_MULTIPLE_MATCHING_SCHEMAS"}


def cs_lines(name: str) -> list[str]:
    """The lines of one CS regression file, in file order."""
    with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
        return list(handle)


def cs_cells(line: str) -> list[str]:
    cells = line.rstrip("\r\n").split(",")
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def cs_inputs(cells: list[str]) -> dict[str, str]:
    """The algorithm inputs of a regression line, mapped as the reference harness maps them."""
    inputs = dict(zip(INPUTS, cells[:42], strict=True))
    if inputs["year_dx"] in ("2019", "2020"):
        inputs["year_dx"] = "2049"
    return inputs


def cs_expected(cells: list[str]) -> dict[str, str]:
    return {key: cells[42 + i].strip() for i, key in enumerate(OUTPUTS)}


def cs_mismatches(cs: Algorithm, cells: list[str]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """(inputs, [(output key, expected, actual)] for every output that differs) for one regression line."""
    inputs = cs_inputs(cells)
    schemas = cs.lookup_schema(site=inputs["site"], hist=inputs["hist"], ssf25=inputs["ssf25"])
    actual = cs.stage(inputs).output if len(schemas) == 1 else {}
    return inputs, [(k, v, actual.get(k, "")) for k, v in cs_expected(cells).items() if actual.get(k, "") != v]


def reference_cases(section: str) -> list[tuple[str, dict]]:
    """(algorithm group, case) of one section of the transcribed reference cases, over every algorithm."""
    return [(group, case) for group in ALGORITHMS for case in CASES[group].get(section, [])]


def stage_case_problems(case: dict, result: StagingResult) -> list[str]:
    """How a result differs from a ``stage_cases`` case's expectations (empty when it matches)."""
    expected, problems = case["expected"], []
    if result.result != expected["result"]:
        problems.append(f"result {result.result} != {expected['result']} ({[e.message for e in result.errors]})")
    if result.schema_id != expected["schema_id"]:
        problems.append(f"schema {result.schema_id} != {expected['schema_id']}")
    if len(result.errors) != expected["errors"]:
        problems.append(f"{len(result.errors)} errors != {expected['errors']}: {[e.message for e in result.errors]}")
    if "path_size" in expected and len(result.path) != expected["path_size"]:
        problems.append(f"path {result.path} is not {expected['path_size']} long")
    if "output_size" in expected and len(result.output) != expected["output_size"]:
        problems.append(f"{len(result.output)} outputs != {expected['output_size']}")
    problems += [f"{key} = {result.output.get(key)!r} != {value!r}"
                 for key, value in expected.get("output", {}).items() if result.output.get(key) != value]
    return problems


def failure_case_problems(case: dict, result: StagingResult) -> list[str]:
    """How a result differs from a ``stage_failure_cases`` case (the failing status, no output)."""
    expected = STATUS_SPELLING.get(case["expected_result"], case["expected_result"])
    problems = [] if result.result == expected else [f"result {result.result} != {expected}"]
    return problems + ([f"output {result.output}"] if result.output else [])
