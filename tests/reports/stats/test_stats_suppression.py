"""Suppression: no published count below 16, and no suppressed cell derivable from the published cells.

Derivability is checked independently of the implementation by linear programming: a suppressed cell is safe
when its minimum and maximum over all non-negative tables agreeing with the published cells differ.
"""

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from registry.reports.stats.disclosure import additivity, protect, suppress_counts, with_totals
from registry.reports.stats.suppression import suppress_table


def _range_of_cells(values: np.ndarray, suppressed: np.ndarray) -> list[tuple[float, float]]:
    """Min and max of each suppressed cell given the published ones, totals' additivity and x >= 0."""
    eq = additivity(values.shape)
    flat, sup = values.ravel().astype(float), suppressed.ravel()
    a = eq[:, sup]
    b = -eq[:, ~sup] @ flat[~sup]
    out = []
    for k in range(sup.sum()):
        c = np.zeros(sup.sum())
        c[k] = 1
        lo = linprog(c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        hi = linprog(-c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        assert lo.status == 0 and hi.status in (0, 3)  # 3: unbounded, e.g. when the total is suppressed too
        out.append((lo.fun, -hi.fun if hi.status == 0 else np.inf))
    return out


def _check(prot) -> None:
    published = prot.values[~prot.suppressed]
    assert not np.any((published > 0) & (published < 16))
    for low, high in _range_of_cells(prot.values, prot.suppressed):
        assert high - low > 0.5


def _random_table(rng, shape):
    small = rng.integers(0, 16, shape)
    large = rng.integers(16, 400, shape)
    return np.where(rng.random(shape) < 0.35, small, large)


@pytest.mark.parametrize("seed", range(25))
def test_random_one_dimensional_tables_are_protected(seed):
    rng = np.random.default_rng(seed)
    prot = suppress_counts(_random_table(rng, rng.integers(1, 12)))
    _check(prot)


@pytest.mark.parametrize("seed", range(25))
def test_random_two_dimensional_tables_are_protected(seed):
    rng = np.random.default_rng(100 + seed)
    prot = suppress_counts(_random_table(rng, tuple(rng.integers(1, 7, 2))))
    _check(prot)


def test_the_check_detects_a_lone_suppressed_cell():
    values = with_totals(np.array([5, 40, 100]))
    only_primary = np.array([True, False, False, False])
    assert _range_of_cells(values, only_primary) == [(5.0, 5.0)]


def test_one_dimensional_complement_is_the_smallest_other_cell():
    prot = suppress_counts([5, 40, 100, 17])
    assert prot.suppressed.tolist() == [True, False, False, True, False]
    assert prot.primary.tolist() == [True, False, False, False, False]
    prot = suppress_counts([5, 40, 100])
    assert prot.suppressed.tolist() == [True, True, False, False]


def test_two_dimensional_complement_closes_the_cheapest_cycle():
    table = np.array([[5, 40, 100], [30, 50, 20], [17, 18, 90]])
    prot = suppress_counts(table)
    expected = np.zeros((4, 4), dtype=bool)
    expected[0, 0] = expected[0, 1] = expected[2, 0] = expected[2, 1] = True  # 5 + 40 + 17 + 18
    assert (prot.suppressed == expected).all()


def test_zeros_are_published_and_never_complements():
    prot = suppress_counts([0, 5, 0, 300])
    assert prot.suppressed.tolist() == [False, True, False, True, False]


def test_small_total_is_suppressed_too():
    prot = suppress_counts([3, 4])
    assert prot.suppressed.all()


def test_structural_zeros_are_fixed():
    values = with_totals(np.array([[5, 0], [30, 40]]))
    fixed = np.zeros(values.shape, dtype=bool)
    fixed[0, 1] = True
    prot = protect(values, fixed=fixed)
    assert not prot.suppressed[0, 1]
    _check(prot)


def test_suppress_table_on_rows_blanks_values_and_flags_unstable():
    rows = [
        {"county": "A", "count": 5, "population": 1000, "crude": 500.0},
        {"county": "B", "count": 40, "population": 1000, "crude": 4000.0},
        {"county": "C", "count": 17, "population": 1000, "crude": 1700.0},
        {"county": "D", "count": 18, "population": 1000, "crude": 1800.0},
        {"county": "Total", "count": 80, "population": 4000, "crude": 2000.0},
    ]
    out = suppress_table(rows, dims=["county"])
    assert [r["suppressed"] for r in out] == [True, False, True, False, False]
    assert out[0] == {"county": "A", "count": None, "population": 1000, "crude": None, "suppressed": True,
                      "unstable": False}
    assert [r["unstable"] for r in out] == [False, False, False, True, False]
    assert out[3]["count"] == 18 and isinstance(out[3]["count"], int)


def test_suppress_table_two_dims_with_by_and_missing_cells():
    frame = pd.DataFrame(
        {
            "year": [2020] * 5 + [2021] * 4,
            "sex": ["M", "M", "F", "F", "Total", "M", "M", "F", "F"],
            "site": ["lung", "colon", "lung", "breast", "Total", "lung", "colon", "lung", "colon"],
            "count": [5, 60, 70, 200, 335, 50, 60, 70, 80],
            "adjusted": [1.0] * 9,
        }
    )
    out = suppress_table(frame, dims=["sex", "site"], by=["year"])
    assert list(out.columns) == ["year", "sex", "site", "count", "adjusted", "suppressed", "unstable"]
    y2020 = out[out["year"] == 2020]
    # M-breast and F-colon are structural zeros, so no interior cycle exists through M-lung: the cycle runs
    # through M-colon and the (unlisted) lung and colon totals, which therefore must not be published either
    assert y2020["suppressed"].tolist() == [True, True, False, False, False]
    assert out.loc[0, "count"] is None and out.loc[0, "adjusted"] is None
    assert not out[out["year"] == 2021]["suppressed"].any()


def test_suppress_table_without_dims_is_primary_only():
    out = suppress_table(pd.DataFrame({"count": [3, 0, 16]}), dims=[])
    assert out["suppressed"].tolist() == [True, False, False]


def test_suppress_table_refusals():
    with pytest.raises(ValueError, match="repeat"):
        suppress_table([{"a": "x", "count": 1}, {"a": "x", "count": 2}], dims=["a"])
    with pytest.raises(ValueError, match="1 or 2 dimensions"):
        suppress_table([{"a": 1, "b": 1, "c": 1, "count": 1}], dims=["a", "b", "c"])
    with pytest.raises(ValueError, match="not negative"):
        suppress_table([{"a": "x", "count": -1}], dims=["a"])


def test_suppress_table_with_all_totals_listed():
    rows = []
    for sex, counts in (("M", [5, 40, 30]), ("F", [3, 50, 60])):
        rows += [{"sex": sex, "site": site, "count": v} for site, v in zip("abc", counts, strict=True)]
        rows.append({"sex": sex, "site": "Total", "count": sum(counts)})
    rows += [{"sex": "Total", "site": site, "count": v} for site, v in zip("abc", [8, 90, 90], strict=True)]
    rows.append({"sex": "Total", "site": "Total", "count": 188})
    out = suppress_table(rows, dims=["sex", "site"])
    flags = np.array([r["suppressed"] for r in out]).reshape(3, 4)
    # the site-a total (8) is itself below 16; the c column closes the cycles of the a column
    assert flags.tolist() == [[True, False, True, False], [True, False, True, False], [True, False, True, False]]
    values = np.array([r["count"] if r["count"] is not None else 0 for r in rows]).reshape(3, 4)
    for low, high in _range_of_cells(values, flags):
        assert high - low > 0.5


def test_protect_remembers_tables_without_sharing_its_masks() -> None:
    """protect() is cached on the counts: the same answer as the uncached computation, and a caller that writes
    into its masks cannot change what the next caller gets."""
    from registry.reports.stats.disclosure import _complement, _masks

    rng = np.random.default_rng(3)
    for _ in range(20):
        table = with_totals(rng.integers(0, 40, size=(6, 4)))
        fixed = np.zeros(table.shape, dtype=bool)
        primary = (table > 0) & (table < 16)
        first = protect(table)
        assert np.array_equal(first.suppressed, _complement(table, primary, fixed))
        assert np.array_equal(first.primary, primary) and first.values is table
        first.suppressed[:] = ~first.suppressed
        again = protect(table.copy())
        assert np.array_equal(again.suppressed, _complement(table, primary, fixed))
    assert _masks.cache_info().hits >= 20
    assert np.array_equal(protect(with_totals(np.array([5.0, 20.0, 30.0]))).suppressed,
                          protect(with_totals(np.array([5, 20, 30]))).suppressed)  # float counts: not cached
