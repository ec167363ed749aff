"""Clean demo tumors pass the edits (after the stage items are derived, as ``registry demo`` does).

The work queue of the demo should show the planted errors and the incomplete abstracts, not the registry:
surgery codes from the diagnosis year's SEER table (IF070/IF072), SSDIs and grades valid for the schema
(IF121), the required SSDIs present (IF122), first contact in order with diagnosis by class of case (IF110).
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from registry.demo.generator import DemoPatient
from registry.demo.ssdi import any_code, schema_items
from registry.edits.engine import run_edits
from registry.edits.schemas import eod_schemas, parse_cells
from registry.staging.naaccr_mapping import derive_for_record

SAMPLE = 1500  # patients of the session's 5,000-patient registry


@pytest.fixture(scope="module")
def clean_failures(registry_5000: list[DemoPatient]) -> tuple[int, Counter, Counter]:
    """(clean tumors, tumors failing each edit, tumors failing each error-level edit)."""
    tumors, by_edit, errors = 0, Counter(), Counter()
    for p in registry_5000[:SAMPLE]:
        planted = {i for i, _ in p.planted_errors}
        for i, record in enumerate(p.flat_tumors()):
            if i in planted or p.tumor_status[i] != "complete":
                continue
            record.update(derive_for_record(record)[0])
            failures = run_edits(record)
            tumors += 1
            by_edit.update({f.edit_id for f in failures})
            errors.update({f.edit_id for f in failures if f.severity == "error"})
    return tumors, by_edit, errors


@pytest.mark.parametrize("edit_id", ["IF070", "IF072", "IF110", "IF121", "IF122", "IF058", "IF090", "IF112"])
def test_clean_tumors_pass(clean_failures: tuple[int, Counter, Counter], edit_id: str) -> None:
    tumors, by_edit, _ = clean_failures
    assert tumors > 1000
    assert by_edit[edit_id] == 0


def test_clean_tumors_are_nearly_free_of_errors(clean_failures: tuple[int, Counter, Counter]) -> None:
    tumors, _, errors = clean_failures
    assert sum(errors.values()) <= 0.01 * tumors, errors.most_common(5)


def test_breast_markers_are_realistic(registry_5000: list[DemoPatient]) -> None:
    er = Counter(t["estrogenReceptorSummary"] for p in registry_5000 for t in p.tumors
                 if "estrogenReceptorSummary" in t)
    assert sum(er.values()) > 100
    assert 0.7 <= er["1"] / sum(er.values()) <= 0.9


def test_invalid_values_are_replaced_and_required_ones_filled() -> None:
    lymphoma = eod_schemas()["00790"]
    record = {"classOfCase": "14", "regionalNodesPositive": "98", "regionalNodesExamined": "00", "bSymptoms": "1"}
    out = schema_items(random.Random(1), record, lymphoma, 2022)
    assert out["regionalNodesPositive"] == "99" and out["regionalNodesExamined"] == "99"
    assert "bSymptoms" not in out  # a valid value is kept
    assert out["hivStatus"] in ("0", "1", "7", "8", "9")


def test_any_code_formats_numeric_ranges_like_their_bounds() -> None:
    rng = random.Random(3)
    psa = parse_cells(["0.1", "0.2-999.9", "XXX.9"])
    values = {any_code(rng, psa) for _ in range(200)}
    assert all(v in psa for v in values)
    assert any("." in v and v[-2] == "." for v in values if v != "0.1" and "X" not in v)
    cores = parse_cells(["01-99", "X9"])
    assert all(len(any_code(rng, cores)) == 2 for _ in range(50))
