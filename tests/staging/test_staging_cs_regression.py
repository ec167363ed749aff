"""Collaborative Stage 02.05.50: both 10,000-case regression files of the reference engine, every case.

The harness rules (how a line becomes inputs and expected outputs) are in ``staging_reference.py``.
"""

from __future__ import annotations

import pytest
from staging_reference import CS_CELLS, CS_FILES, cs_cells, cs_lines, cs_mismatches

from registry.staging.engine import Algorithm


@pytest.mark.parametrize("name", CS_FILES)
def test_cs_regression_file(cs: Algorithm, name: str) -> None:
    failures, staged = [], 0
    lines = cs_lines(name)
    assert len(lines) == 10000
    for number, line in enumerate(lines, start=1):
        cells = cs_cells(line)
        assert len(cells) == CS_CELLS, f"line {number} has {len(cells)} cells"
        inputs, wrong = cs_mismatches(cs, cells)
        staged += 1
        if wrong:
            failures.append(f"line {number}: {wrong[:5]} inputs={inputs}")
    assert staged == 10000
    assert not failures, f"{len(failures)} cases differ; first: " + "\n".join(failures[:10])
