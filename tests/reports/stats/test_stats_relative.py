"""Ederer II relative survival and Pohar Perme net survival by hand on a small cohort (methods §3.5)."""

import csv
import gzip
import math

import numpy as np
import pytest
from scipy import stats

from registry.reports.stats.expected import US_TABLE, ExpectedHazards, us_life_tables
from registry.reports.stats.relative import net_survival, relative_survival
from registry.reports.stats.survival_time import DAYS_PER_MONTH

Z = stats.norm.ppf(0.975)


def _tables() -> ExpectedHazards:
    """Small life table: monthly p* = 0.99 for men aged 60, 0.98 for women aged 70, years 2000-2001."""
    hazard = np.full((3, 2, 80, 2), 1e-5)
    hazard[:, :, 60, 0] = -math.log(0.99) / DAYS_PER_MONTH
    hazard[:, :, 70, 1] = -math.log(0.98) / DAYS_PER_MONTH
    return ExpectedHazards(hazard=hazard, first_year=2000)


# case 1: man 60, died in month 0 ; case 2: woman 70, censored in month 1
# case 3: man 60, died in month 2 ; case 4: woman 70, alive past the 3 intervals
MONTHS = [0, 1, 2, 5]
DIED = [True, False, True, False]
AGE = [60, 70, 60, 70]
SEX = [1, 2, 1, 2]
YEAR = [2000, 2000, 2001, 2001]


def test_ederer2_by_hand():
    t = relative_survival(MONTHS, DIED, AGE, SEX, YEAR, max_months=3, tables=_tables())
    # P*1 = (.99+.98+.99+.98)/4 ; P*2 = (.98+.99+.98)/3 (cases 2,3,4) ; P*3 = (.99+.98)/2 (cases 3,4)
    cp_star = np.cumprod([3.94 / 4, 2.95 / 3, 1.97 / 2])
    # actuarial: P1 = 1-1/4 ; P2 = 1-0/(3-0.5) ; P3 = 1-1/2
    cp = np.array([0.75, 0.75, 0.375])
    np.testing.assert_allclose(t["expected"], cp_star, rtol=1e-12)
    np.testing.assert_allclose(t["observed"], cp, rtol=1e-12)
    np.testing.assert_allclose(t["relative"], cp / cp_star, rtol=1e-12)
    np.testing.assert_allclose(t["relative_se"], t["se"] / cp_star, rtol=1e-12)
    np.testing.assert_allclose(t["relative_upper"], t["upper"] / cp_star, rtol=1e-12)


def test_pohar_perme_by_hand():
    t = net_survival(MONTHS, DIED, AGE, SEX, YEAR, max_months=3, tables=_tables())
    lm, lf = -math.log(0.99), -math.log(0.98)  # monthly expected hazards
    # interval 1: all four at risk with weight 1/S* = 1; one death
    d1 = (1 - (2 * lm + 2 * lf)) / 4
    # interval 2: cases 2 (F), 3 (M), 4 (F); weights 1/.99 and 1/.98; no death
    n2 = 1 / 0.99 + 2 / 0.98
    d2 = -(lm / 0.99 + 2 * lf / 0.98) / n2
    # interval 3: cases 3 (M), 4 (F); weights 1/.99^2, 1/.98^2; case 3 dies
    wm, wf = 1 / 0.99**2, 1 / 0.98**2
    d3 = (wm - (wm * lm + wf * lf)) / (wm + wf)
    cum = np.cumsum([d1, d2, d3])
    np.testing.assert_allclose(t["relative"], np.exp(-cum), rtol=1e-12)
    var = np.cumsum([1 / 16, 0.0, wm**2 / (wm + wf) ** 2])
    np.testing.assert_allclose(t["net_se"], np.exp(-cum) * np.sqrt(var), rtol=1e-12)
    np.testing.assert_allclose(t["net_lower"], np.exp(-(cum + Z * np.sqrt(var))), rtol=1e-12)
    np.testing.assert_allclose(t["observed"], [0.75, 0.75, 0.375], rtol=1e-12)  # Kaplan-Meier: 3/4, 3/3, 1/2


def test_expected_steps_age_and_year_every_twelve_months():
    hazard = np.zeros((3, 2, 3, 2))
    hazard[0, 0, 1, 0] = 0.001  # year 2000, age 1, male
    hazard[0, 1, 2, 0] = 0.002  # year 2001, age 2, male
    tables = ExpectedHazards(hazard=hazard, first_year=2000)
    p = tables.monthly_survival([1], [1], [2000], [0], 13)[0]
    np.testing.assert_allclose(p[:12], math.exp(-0.001 * DAYS_PER_MONTH))
    assert p[12] == pytest.approx(math.exp(-0.002 * DAYS_PER_MONTH))
    # years past the table use its last year; ages past it the oldest age
    assert tables.monthly_survival([2], [1], [2030], [0], 1)[0, 0] == pytest.approx(math.exp(-0.002 * DAYS_PER_MONTH))


def test_us_life_table_lookup_matches_copied_file():
    with gzip.open(US_TABLE, "rt") as handle:
        rows = {(r["year"], r["age"], r["sex"]): float(r["daily_hazard"]) for r in csv.DictReader(handle)}
    tables = us_life_tables()
    p = tables.monthly_survival([65, 65, 65], [1, 2, 9], [2010, 2010, 2010], [0, 0, 0], 1)[:, 0]
    male, female = rows[("2010", "65", "male")], rows[("2010", "65", "female")]
    np.testing.assert_allclose(
        p, np.exp(-np.array([male, female, (male + female) / 2]) * DAYS_PER_MONTH), rtol=1e-12
    )
    white = tables.monthly_survival([65], [1], [2010], [1], 1)[0, 0]
    assert white != pytest.approx(p[0], rel=1e-6)  # race tables differ from all races


def test_relative_survival_on_us_tables_is_plausible():
    rng = np.random.default_rng(5)
    n = 5000
    months = rng.integers(0, 120, n)
    died = rng.random(n) < 0.3
    t = relative_survival(months, died, rng.integers(50, 80, n), rng.integers(1, 3, n), np.full(n, 2010),
                          race=np.array(["01", "02", "05"])[rng.integers(0, 3, n)])
    assert (np.diff(t["expected"]) <= 0).all() and 0.4 < t["expected"].iloc[-1] < 0.95
    assert len(t) == 120
