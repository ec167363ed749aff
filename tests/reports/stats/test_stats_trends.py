"""APC against an ordinary weighted least-squares fit (numpy lstsq), SEER*Stat trend algorithm (methods §3.4)."""

import numpy as np
import pytest
from scipy import stats

from registry.reports.stats.trends import annual_percent_change, average_annual_percent_change, percent_change

YEARS = np.arange(2010, 2020)
RATES = np.array([40.1, 41.3, 40.8, 42.9, 44.0, 43.1, 45.6, 46.2, 45.9, 48.3])
SE = np.array([1.2, 1.3, 1.1, 1.4, 1.2, 1.5, 1.3, 1.2, 1.6, 1.4])


def _wls(t, y, w):
    """Reference fit: lstsq on sqrt(w)-scaled rows; SE from sigma^2 (X'WX)^-1 with n-2 df."""
    x = np.column_stack([np.ones_like(t), t])
    coef = np.linalg.lstsq(x * np.sqrt(w)[:, None], y * np.sqrt(w), rcond=None)[0]
    resid = y - x @ coef
    sigma2 = np.sum(w * resid**2) / (len(t) - 2)
    cov = sigma2 * np.linalg.inv(x.T @ np.diag(w) @ x)
    return coef[1], np.sqrt(cov[1, 1])


def test_weighted_apc_matches_reference_wls():
    res = annual_percent_change(YEARS, RATES, SE)
    w = (RATES / SE) ** 2  # Var(ln r) = (SE/r)^2
    m, se_m = _wls(YEARS.astype(float), np.log(RATES), w)
    t = stats.t.ppf(0.975, len(YEARS) - 2)
    assert res.slope == pytest.approx(m, rel=1e-10)
    assert res.se_slope == pytest.approx(se_m, rel=1e-8)
    assert res.apc == pytest.approx(100 * (np.exp(m) - 1), rel=1e-10)
    assert res.lower == pytest.approx(100 * (np.exp(m - t * se_m) - 1), rel=1e-8)
    assert res.upper == pytest.approx(100 * (np.exp(m + t * se_m) - 1), rel=1e-8)
    assert res.p_value == pytest.approx(2 * stats.t.sf(abs(m / se_m), len(YEARS) - 2), rel=1e-8)
    assert res.weighted and res.years == 10


def test_unweighted_apc_matches_polyfit():
    res = annual_percent_change(YEARS, RATES, weighted=False)
    slope = np.polyfit(YEARS, np.log(RATES), 1)[0]
    assert res.slope == pytest.approx(slope, rel=1e-10)
    assert res.slope != pytest.approx(annual_percent_change(YEARS, RATES, SE).slope, rel=1e-6)


def test_exact_five_percent_growth():
    years = np.arange(2000, 2006)
    res = annual_percent_change(years, 10 * 1.05 ** (years - 2000), weighted=False)
    assert res.apc == pytest.approx(5.0, rel=1e-10)


@pytest.mark.parametrize(
    ("years", "rates", "message"),
    [([2000, 2001], [1.0, 2.0], "at least 3"), ([2000, 2001, 2002], [1.0, 0.0, 2.0], "zero"),
     ([2000, 2000, 2001], [1.0, 1.0, 2.0], "at least 3")],
)
def test_apc_refusals(years, rates, message):
    with pytest.raises(ValueError, match=message):
        annual_percent_change(years, rates, weighted=False)


def test_weighted_apc_needs_standard_errors():
    with pytest.raises(ValueError, match="standard errors"):
        annual_percent_change(YEARS, RATES)


def test_percent_change_and_aapc():
    assert percent_change(40.0, 50.0) == pytest.approx(25.0)
    # two segments: slopes 0.02 over 4 years and -0.01 over 6 years -> mean slope 0.002
    assert average_annual_percent_change([0.02, -0.01], [4, 6]) == pytest.approx(100 * (np.exp(0.002) - 1))
