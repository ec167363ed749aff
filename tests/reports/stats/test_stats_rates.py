"""Rates against hand computations with the SEER*Stat / Fay-Feuer / Tiwari formulas (methods §3.1-3.3)."""

import math

import numpy as np
import pytest
from scipy import stats

from registry.reports.stats.rates import age_adjusted_rate, age_specific_rates, crude_rate, rate_ratio

# Three age groups, standard sizes 300/500/200 -> W = 0.3, 0.5, 0.2
STD = [300, 500, 200]
D = [2, 5, 9]
N = [10_000, 20_000, 5_000]


def test_crude_rate_and_exact_poisson_interval():
    r = crude_rate(16, 200_000)
    assert r.rate == pytest.approx(8.0)  # 16 / 200,000 x 100,000
    assert r.se == pytest.approx(math.sqrt(16) / 200_000 * 1e5)
    assert r.lower == pytest.approx(stats.chi2.ppf(0.025, 32) / 2 / 200_000 * 1e5, rel=1e-12)
    assert r.upper == pytest.approx(stats.chi2.ppf(0.975, 34) / 2 / 200_000 * 1e5, rel=1e-12)
    assert r.unstable  # fewer than 20 cases
    assert not crude_rate(20, 1000).unstable


def test_crude_rate_zero_count_has_zero_lower_limit():
    r = crude_rate(0, 1000)
    assert (r.rate, r.lower) == (0.0, 0.0)
    assert r.upper == pytest.approx(stats.chi2.ppf(0.975, 2) / 2 / 1000 * 1e5)


def test_age_adjusted_rate_by_hand_fay_feuer():
    # rates 2e-4, 2.5e-4, 1.8e-3; AAR = 0.3*2e-4 + 0.5*2.5e-4 + 0.2*1.8e-3 = 5.45e-4
    r = age_adjusted_rate(D, N, STD)
    assert r.rate == pytest.approx(54.5, rel=1e-12)
    # w_i = W_i/n_i = 3e-5, 2.5e-5, 4e-5 ; y = 5.45e-4 ; v = 9e-10*2 + 6.25e-10*5 + 1.6e-9*9 = 1.9325e-8
    y, v = 5.45e-4, 1.9325e-8
    assert r.se == pytest.approx(math.sqrt(v) * 1e5, rel=1e-12)
    lower = stats.gamma.ppf(0.025, y**2 / v, scale=v / y)
    ys, vs = y + 4e-5, v + 4e-5**2  # max w = 4e-5
    upper = stats.gamma.ppf(0.975, ys**2 / vs, scale=vs / ys)
    assert r.lower == pytest.approx(lower * 1e5, rel=1e-10)
    assert r.upper == pytest.approx(upper * 1e5, rel=1e-10)
    assert r.count == 16 and not r.population_adjusted


def test_age_adjusted_rate_by_hand_tiwari():
    r = age_adjusted_rate(D, N, STD, method="tiwari")
    y, v = 5.45e-4, 1.9325e-8
    w_mean = (3e-5 + 2.5e-5 + 4e-5) / 3
    w2_mean = (9e-10 + 6.25e-10 + 1.6e-9) / 3
    ys, vs = y + w_mean, v + w2_mean
    assert r.upper == pytest.approx(stats.gamma.ppf(0.975, ys**2 / vs, scale=vs / ys) * 1e5, rel=1e-10)
    assert r.lower == pytest.approx(stats.gamma.ppf(0.025, y**2 / v, scale=v / y) * 1e5, rel=1e-10)
    assert r.upper < age_adjusted_rate(D, N, STD).upper  # Tiwari is narrower than Fay-Feuer here


def test_single_group_adjusted_equals_crude_exact_interval():
    adj = age_adjusted_rate([7], [12_345], [1])
    crude = crude_rate(7, 12_345)
    assert (adj.rate, adj.lower, adj.upper) == pytest.approx((crude.rate, crude.lower, crude.upper), rel=1e-10)


def test_zero_population_with_cases_uses_count_and_flags():
    r = age_adjusted_rate([2, 0, 3], [0, 0, 1000], STD)
    # group 1: n set to d = 2 -> rate 1 ; group 2: d = n = 0 -> rate 0 ; group 3: 3e-3
    assert r.rate == pytest.approx((0.3 * 1 + 0.2 * 3e-3) * 1e5)
    assert r.population_adjusted


def test_us2000_standard_default_weights():
    counts = np.zeros(19)
    pops = np.full(19, 1000.0)
    counts[0] = 1  # only the <1 group: AAR = 13,818/1e6 x 1/1000 x 1e5
    assert age_adjusted_rate(counts, pops).rate == pytest.approx(0.013818 * 100, rel=1e-12)
    with pytest.raises(ValueError, match="19 age groups"):
        age_adjusted_rate([1, 2], [10, 10])


def test_unknown_interval_method_refused():
    with pytest.raises(ValueError, match="tiwari"):
        age_adjusted_rate(D, N, STD, method="normal")


def test_age_specific_rates():
    t = age_specific_rates([0, 4], [1000, 0])
    assert t.loc[0, "rate"] == 0 and t.loc[0, "lower"] == 0
    assert t.loc[0, "upper"] == pytest.approx(stats.chi2.ppf(0.975, 2) / 2 / 1000 * 1e5)
    assert math.isnan(t.loc[1, "rate"])
    assert t["unstable"].tolist() == [True, True]


def test_rate_ratio_single_group_is_exact_conditional_interval():
    # Poisson rate ratio: exact Clopper-Pearson on the binomial split of d1 | d1 + d2
    d1, n1, d2, n2 = 12, 40_000, 30, 90_000
    rr = rate_ratio([d1], [n1], [d2], [n2], [1])
    assert rr.ratio == pytest.approx((d1 / n1) / (d2 / n2))
    p_low = stats.beta.ppf(0.025, d1, d2 + 1)
    p_up = stats.beta.ppf(0.975, d1 + 1, d2)
    assert rr.lower == pytest.approx(n2 / n1 * p_low / (1 - p_low), rel=1e-9)
    assert rr.upper == pytest.approx(n2 / n1 * p_up / (1 - p_up), rel=1e-9)


def test_rate_ratio_by_hand_f_interval():
    d2, n2 = [4, 10, 6], [8_000, 30_000, 4_000]
    rr = rate_ratio(D, N, d2, n2, STD)
    y1, v1 = 5.45e-4, 1.9325e-8
    w2 = [0.3 / 8_000, 0.5 / 30_000, 0.2 / 4_000]
    y2 = sum(w * d for w, d in zip(w2, d2, strict=True))
    v2 = sum(w * w * d for w, d in zip(w2, d2, strict=True))
    y1s, v1s = y1 + 4e-5, v1 + 4e-5**2
    y2s, v2s = y2 + max(w2), v2 + max(w2) ** 2
    lower = y1 / y2s * stats.f.ppf(0.025, 2 * y1**2 / v1, 2 * y2s**2 / v2s)
    upper = y1s / y2 * stats.f.ppf(0.975, 2 * y1s**2 / v1s, 2 * y2**2 / v2)
    assert rr.ratio == pytest.approx(y1 / y2)
    assert (rr.lower, rr.upper) == pytest.approx((lower, upper), rel=1e-10)
    tiwari = rate_ratio(D, N, d2, n2, STD, method="tiwari")
    assert tiwari.lower >= rr.lower and tiwari.upper <= rr.upper


def test_rate_ratio_zero_reference_refused():
    with pytest.raises(ValueError, match="reference rate is zero"):
        rate_ratio([1], [10], [0], [10], [1])
