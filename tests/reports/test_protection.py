"""Report-table protection: the economy-SVD derivability test agrees with the null-space definition, and a
2-D table that zero cells leave unprotectable (while other pages publish its totals) is withheld whole."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import null_space

from registry.reports.protection import exposed, protect_rows
from registry.reports.stats.disclosure import additivity, derivable, with_totals


@pytest.mark.parametrize("seed", range(20))
def test_derivable_matches_the_null_space_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(2, 7)), int(rng.integers(2, 7)))
    equations = additivity(shape)
    mask = rng.random(shape[0] * shape[1]) < 0.35
    idx = np.flatnonzero(mask)
    expected = np.zeros(mask.size, dtype=bool)
    if idx.size:
        sub = equations[:, idx]
        sub = sub[np.any(sub != 0, axis=1)]
        basis = null_space(sub)
        norms = np.linalg.norm(basis, axis=1) if basis.size else np.zeros(idx.size)
        expected[idx] = norms < 1e-9
    np.testing.assert_array_equal(derivable(equations, mask), expected)


def _rows(table: dict[str, tuple[int, int]]) -> list[dict]:
    rows = []
    for age, (male, female) in table.items():
        rows += [{"sex": "1", "age": age, "count": male}, {"sex": "2", "age": age, "count": female}]
    return rows


def test_unprotectable_table_is_withheld() -> None:
    # every age group has cases of one sex only: no cycle of non-zero cells can hide male 50-54 (5)
    out = protect_rows(_rows({"30": (0, 7), "45": (0, 20), "50": (5, 0), "60": (0, 40), "70": (30, 0)}),
                       dims=["sex", "age"])
    assert all(r["suppressed"] and r["count"] is None and r["withheld"] for r in out)


def test_protectable_table_keeps_its_cells() -> None:
    out = protect_rows(_rows({"45": (20, 22), "50": (5, 30), "60": (40, 41), "70": (30, 33)}), dims=["sex", "age"])
    assert not any(r.get("withheld") for r in out)
    assert sum(r["suppressed"] for r in out) >= 4  # the small cell and a cycle of complements
    published = [r["count"] for r in out if not r["suppressed"]]
    assert all(c >= 16 for c in published)


def test_exposed_uses_every_total_of_16_or_more() -> None:
    counts = np.array([[30, 0], [5, 40]])  # totals: rows 30 and 45, columns 35 and 40, all public
    assert exposed(counts, np.array([[False, False], [True, False]]))  # row total minus the 40
    assert exposed(counts, np.array([[True, False], [True, False]]))  # the published zero pins the 30
    assert not exposed(counts, np.ones((2, 2), dtype=bool))
    assert with_totals(counts)[-1, -1] == 75
