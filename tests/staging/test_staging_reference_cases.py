"""Every case of staging_test_cases_from_repo.json (transcribed from the reference engine's unit tests)."""

from __future__ import annotations

import pytest
from staging_reference import (
    ALGORITHMS,
    CASES,
    failure_case_problems,
    reference_cases,
    stage_case_problems,
)

from registry.staging.engine import load_algorithm


def _id(item: tuple[str, dict]) -> str:
    group, case = item
    return f"{group}:{case.get('name') or case.get('input')}"


@pytest.mark.parametrize("item", reference_cases("stage_cases"), ids=_id)
def test_stage_case(item: tuple[str, dict]) -> None:
    group, case = item
    assert stage_case_problems(case, load_algorithm(*ALGORITHMS[group]).stage(case["input"])) == []


@pytest.mark.parametrize("item", reference_cases("schema_lookup_cases"), ids=_id)
def test_schema_lookup_case(item: tuple[str, dict]) -> None:
    group, case = item
    found = [s.id for s in load_algorithm(*ALGORITHMS[group]).lookup_schema(case["input"])]
    if "expected_schemas" in case:
        assert sorted(found) == sorted(case["expected_schemas"])
    else:
        assert len(found) == case["expected_count"], found
    if "first result is 'urethra'" in case.get("note", ""):
        assert found[0] == "urethra"


@pytest.mark.parametrize("item", reference_cases("stage_failure_cases"), ids=_id)
def test_stage_failure_case(item: tuple[str, dict]) -> None:
    group, case = item
    assert failure_case_problems(case, load_algorithm(*ALGORITHMS[group]).stage(case["input"])) == []


@pytest.mark.parametrize("item", reference_cases("code_validity_cases"), ids=_id)
def test_code_validity_case(item: tuple[str, dict]) -> None:
    group, case = item
    algorithm = load_algorithm(*ALGORITHMS[group])
    assert algorithm.is_code_valid(case["schema"], case["key"], case["value"]) is case["valid"]


def test_every_reference_section_is_covered() -> None:
    """Fails if the fixture gains a section or an algorithm these tests do not read."""
    known = {"algorithm_zip", "source", "stage_cases", "schema_lookup_cases", "stage_failure_cases",
             "code_validity_cases"}
    assert set(CASES) - {"_about"} == set(ALGORITHMS)
    for group in ALGORITHMS:
        assert set(CASES[group]) <= known, set(CASES[group]) - known
