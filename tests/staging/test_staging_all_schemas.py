"""Every schema of every shipped algorithm stages a case built from its own selection table."""

from __future__ import annotations

import pytest

from registry.staging.engine import Algorithm, load_algorithm
from registry.staging.ranges import parse_cell, translate
from registry.staging.results import STATUSES

ALGORITHMS = [("eod_public", "3.3"), ("cs", "02.05.50"), ("pediatric", "1.3")]
YEARS = {"eod_public": "2022", "cs": "2012", "pediatric": "2024"}


def _case(algorithm: Algorithm, schema_id: str) -> dict[str, str]:
    """Lowest value of each INPUT cell of the first selection row (``*`` cells left out)."""
    table = algorithm.table(algorithm.schema(schema_id).selection_table)
    context = algorithm.context_values()
    case: dict[str, str] = {}
    for column, cell in zip(table.columns, table.raw_rows[0], strict=True):
        entries = parse_cell(cell) if column.type == "INPUT" else None
        if entries:
            case[column.key] = translate(entries[0].low, context) or ""
    if not case.get("year_dx"):
        case["year_dx"] = YEARS[algorithm.name]
    return case


@pytest.mark.parametrize(("name", "version"), ALGORITHMS)
def test_every_schema_stages(name: str, version: str) -> None:
    algorithm = load_algorithm(name, version)
    problems = []
    for schema_id in algorithm.schema_ids:
        case = _case(algorithm, schema_id)
        case = {k: v for k, v in case.items() if k in algorithm.schema(schema_id).input_map}
        result = algorithm.stage(case)
        assert result.result in STATUSES
        if result.result != "STAGED" or result.schema_id != schema_id or not result.output:
            problems.append((schema_id, case, result.result, result.schema_id))
    assert not problems, problems
