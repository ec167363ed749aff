"""Grouped cases (``weights``: cases per entry, as the database counts them) give exactly the tables of the same
cases one by one: observed (both methods), Ederer II relative and Pohar Perme net survival (methods §3.5)."""

import numpy as np
import pandas as pd
import pytest

from registry.reports.stats.lifetable import life_table
from registry.reports.stats.relative import net_survival, relative_survival


def _cases(seed: int, n: int = 4000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "months": np.minimum(rng.exponential(40, n), rng.uniform(0, 130, n)).astype(np.int64),
        "dead": rng.random(n) < 0.6, "age": rng.integers(40, 95, n), "sex": rng.choice([1, 2, 9], n),
        "year": rng.integers(2005, 2024, n), "race": rng.choice(["01", "02", "05"], n),
    })


def _grouped(cases: pd.DataFrame) -> pd.DataFrame:
    return cases.groupby(list(cases.columns), as_index=False).size().rename(columns={"size": "cases"})


@pytest.mark.parametrize("method", ["km", "actuarial"])
def test_grouped_life_table_is_the_case_by_case_table(method):
    cases = _cases(1)
    grouped = _grouped(cases[["months", "dead"]])
    assert len(grouped) < len(cases) / 5
    one_by_one = life_table(cases["months"], cases["dead"], method=method, max_months=120)
    counted = life_table(grouped["months"], grouped["dead"], method=method, max_months=120,
                         weights=grouped["cases"].to_numpy())
    pd.testing.assert_frame_equal(counted, one_by_one, check_exact=True)


@pytest.mark.parametrize("estimator", [relative_survival, net_survival])
def test_grouped_relative_and_net_survival_are_the_case_by_case_figures(estimator):
    cases = _cases(2)
    grouped = _grouped(cases)
    assert len(grouped) < len(cases)

    def run(frame: pd.DataFrame, weights=None) -> pd.DataFrame:
        return estimator(frame["months"], frame["dead"], frame["age"], frame["sex"], frame["year"], frame["race"],
                         max_months=120, weights=weights)

    one_by_one, counted = run(cases), run(grouped, grouped["cases"].to_numpy())
    assert counted["expected"].iloc[-1] < 0.9
    pd.testing.assert_frame_equal(counted, one_by_one, check_exact=True)


def test_bad_weights_refused():
    with pytest.raises(ValueError, match="one entry per case"):
        life_table([1, 2], [True, False], weights=[3])
    with pytest.raises(ValueError, match="whole numbers of cases"):
        life_table([1, 2], [True, False], weights=[1.5, 2.0])
    with pytest.raises(ValueError, match="whole numbers of cases"):
        life_table([1, 2], [True, False], weights=[1, -1])
