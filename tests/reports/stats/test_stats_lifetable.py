"""Monthly life tables: Kaplan-Meier against lifelines, actuarial and Greenwood/log(-log) by hand (methods §3.5)."""

import math

import numpy as np
import pytest
from lifelines import KaplanMeierFitter
from scipy import stats

from registry.reports.stats.lifetable import cause_specific_event, life_table
from registry.reports.stats.survival_time import months_between, naaccr_date, survival_months

Z = stats.norm.ppf(0.975)

# Six cases: (months, died)
MONTHS = np.array([0, 0, 1, 1, 2, 3])
DIED = np.array([True, False, True, True, False, True])


def _cohort(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    months = np.minimum(rng.exponential(30, n), rng.uniform(0, 120, n)).astype(np.int64)
    return months, rng.random(n) < 0.7


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kaplan_meier_matches_lifelines(seed):
    months, died = _cohort(seed, 3000)
    table = life_table(months, died, method="km")
    # interval k covers [k-1, k): a case with m months ends at k = m + 1
    kmf = KaplanMeierFitter().fit(months + 1, died)
    k = table["interval_end_months"].to_numpy()
    np.testing.assert_allclose(table["observed"], kmf.survival_function_at_times(k).to_numpy(), atol=1e-9, rtol=0)
    ci = kmf.confidence_interval_survival_function_
    ci = ci.reindex(np.union1d(ci.index, k)).ffill().loc[k]
    mask = (table["observed"] > 0).to_numpy()
    np.testing.assert_allclose(table["lower"][mask], ci.iloc[:, 0][mask], atol=1e-9, rtol=0)
    np.testing.assert_allclose(table["upper"][mask], ci.iloc[:, 1][mask], atol=1e-9, rtol=0)


def test_counts_per_interval():
    t = life_table(MONTHS, DIED)
    assert t["interval_end_months"].tolist() == [1, 2, 3, 4]
    assert t["alive_at_start"].tolist() == [6, 4, 2, 1]
    assert t["deaths"].tolist() == [1, 2, 0, 1]
    assert t["censored"].tolist() == [1, 0, 1, 0]


def test_actuarial_by_hand():
    t = life_table(MONTHS, DIED, method="actuarial")
    # interval 1: L'=6-1/2=5.5, P=1-1/5.5=9/11 ; 2: L'=4, P=1/2 ; 3: L'=2-1/2=1.5, P=1 ; 4: L'=1, P=0
    np.testing.assert_allclose(t["observed"], [9 / 11, 9 / 22, 9 / 22, 0.0], rtol=1e-12)
    g1 = 1 / (5.5 * 4.5)
    g2 = g1 + 2 / (4 * 2)
    np.testing.assert_allclose(t["se"][:3], [9 / 11 * math.sqrt(g1), 9 / 22 * math.sqrt(g2), 9 / 22 * math.sqrt(g2)])
    cp, se = 9 / 11, 9 / 11 * math.sqrt(g1)
    theta = Z * se / (cp * math.log(cp))
    assert t["lower"][0] == pytest.approx(cp ** math.exp(-theta), rel=1e-12)
    assert t["upper"][0] == pytest.approx(cp ** math.exp(theta), rel=1e-12)
    assert (t["se"][3], t["lower"][3], t["upper"][3]) == (0.0, 0.0, 0.0)


def test_kaplan_meier_by_hand():
    t = life_table(MONTHS, DIED, method="km")
    # L' = L: 5/6, then x 2/4, x 2/2, x 0/1
    np.testing.assert_allclose(t["observed"], [5 / 6, 5 / 12, 5 / 12, 0.0], rtol=1e-12)
    assert t["se"][1] == pytest.approx(5 / 12 * math.sqrt(1 / (6 * 5) + 2 / (4 * 2)), rel=1e-12)


def test_no_deaths_gives_survival_one():
    t = life_table([0, 5, 7], [False, False, False])
    assert (t["observed"] == 1).all() and (t["lower"] == 1).all() and (t["se"] == 0).all()
    assert t["expected"].isna().all() and t["relative"].isna().all()


def test_max_months_keeps_later_cases_at_risk():
    t = life_table(MONTHS, DIED, max_months=2)
    assert len(t) == 2 and t["alive_at_start"].tolist() == [6, 4]
    assert t["deaths"].tolist() == [1, 2]


def test_cause_specific_censors_other_deaths():
    from_cancer = np.array([True, False, False, True, False, True])
    event = cause_specific_event(DIED, from_cancer)
    assert event.tolist() == [True, False, False, True, False, True]
    t = life_table(MONTHS, event)
    assert t["deaths"].tolist() == [1, 1, 0, 1] and t["censored"].tolist() == [1, 1, 1, 0]


def test_bad_input_refused():
    with pytest.raises(ValueError, match="whole numbers"):
        life_table([1.5, 2.0], [True, False])
    with pytest.raises(ValueError, match="same length"):
        life_table([1, 2], [True])
    with pytest.raises(ValueError, match="'km' or 'actuarial'"):
        life_table([1, 2], [True, False], method="hazard")


def test_survival_months():
    # 365.24/12 = 30.436666... days per month
    assert survival_months([0, 30, 31, 365, 366, 3652]).tolist() == [0, 0, 1, 11, 12, 119]
    assert months_between(["2020-01-01"], ["2021-01-01"]).tolist() == [12]  # 366 days
    with pytest.raises(ValueError, match="not negative"):
        survival_months([-1])
    assert naaccr_date("20200229") == np.datetime64("2020-02-29")
    assert naaccr_date("202002") is None and naaccr_date("20210229") is None and naaccr_date("") is None
