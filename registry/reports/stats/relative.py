"""Relative survival (Ederer II) and net survival (Pohar Perme) on monthly life-table intervals.

Sources (methods-and-standards §3.5):

* Ederer II (SEER*Stat cumulative expected method): ``P*_x = (1/L_x) Σ_{i alive at start of x} p*_{ix}``,
  ``CP*_x = Π_{j≤x} P*_j``; relative ``CR_x = CP_x / CP*_x``; ``SE(CR_x) ≈ SE(CP_x)/CP*_x``, and the limits of
  the observed interval divided by ``CP*_x``.
* Pohar Perme M, Stare J, Estève J. Biometrics 2012;68:113-20, on the monthly grid: with ``Y_ix`` = 1 when case i
  is alive at the start of interval x, ``d_ix`` = 1 when it dies in x, ``S*_i`` its expected survival at the start
  of x and ``λ*_ix = -ln p*_ix``:
  ``ΔΛ_x = [Σ_i d_ix/S*_i - Σ_i Y_ix λ*_ix/S*_i] / Σ_i Y_ix/S*_i``, ``S_net(x) = exp(-Σ_{j≤x} ΔΛ_j)``;
  variance ``Σ_{j≤x} Σ_i d_ij/S*_i² / (Σ_i Y_ij/S*_i)²``; limits ``exp(-(Λ ± z σ))`` (log scale; net survival
  may exceed 1, so the log(-log) transform is not used).

Cases sharing age, sex, year and race share expected survival, so sums run over those cohorts (vectorised).
Cases may come grouped (``weights``: cases per entry, e.g. counted by the database per survival month and cohort);
the at-risk and death counts, and so every figure, are the same as for the cases one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from registry.reports.stats.distributions import stats
from registry.reports.stats.expected import ExpectedHazards, race_index, us_life_tables
from registry.reports.stats.lifetable import LifeTableMethod, _check, case_weights, life_table, weighted_bincount


@dataclass(frozen=True)
class Cohorts:
    """Per-cohort matrices (cohort × interval): expected monthly survival, number at risk, deaths."""

    p_star: np.ndarray
    at_risk: np.ndarray
    deaths: np.ndarray


_YEAR_FLOOR = 1800  # earlier years give the same expected survival as 1800 for any follow-up we tabulate


def _cohort_ids(
    age: np.ndarray, sex: np.ndarray, year: np.ndarray, race: np.ndarray, tables: ExpectedHazards
) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """Cohort number of every case and each cohort's (age, sex, year, race), by counting sort over a dense key.

    Ages past the table's oldest age and years past its last year share expected survival, so they are clipped
    first; this keeps the key space small (about 220,000) and the grouping linear in the number of cases.
    """
    dims = (tables.max_age + 1, 3, tables.last_year - _YEAR_FLOOR + 1, 3)
    codes = (
        np.clip(age, 0, tables.max_age),
        np.where(sex == 1, 1, np.where(sex == 2, 2, 0)),
        np.clip(year, _YEAR_FLOOR, tables.last_year) - _YEAR_FLOOR,
        race,
    )
    keys = np.ravel_multi_index(codes, dims)
    present = np.bincount(keys, minlength=int(np.prod(dims))) > 0
    ids = np.cumsum(present) - 1
    a, s, y, r = np.unravel_index(np.flatnonzero(present), dims)
    return ids[keys], (a, np.where(s == 0, 9, s), y + _YEAR_FLOOR, r)


def cohorts(
    months: npt.ArrayLike,
    event: npt.ArrayLike,
    age: npt.ArrayLike,
    sex: npt.ArrayLike,
    year: npt.ArrayLike,
    race: npt.ArrayLike | None = None,
    *,
    n_intervals: int,
    tables: ExpectedHazards | None = None,
    weights: npt.ArrayLike | None = None,
) -> Cohorts:
    """Group cases by (age at diagnosis, sex, year of diagnosis, race) and count them per interval.

    ``age`` whole years, ``sex`` NAACCR sex code (int), ``year`` year of diagnosis, ``race`` NAACCR race1 codes;
    ``weights`` cases per entry (module docstring).
    """
    m, e = _check(months, event)
    w = case_weights(weights, m.size)
    a, s, y = (np.asarray(v, dtype=np.int64) for v in (age, sex, year))
    if not (a.shape == s.shape == y.shape == m.shape):
        raise ValueError("months, event, age, sex and year must have the same length")
    tables = tables or us_life_tables()
    inverse, (ca, cs, cy, cr) = _cohort_ids(a, s, y, race_index(race, m.size), tables)
    n, k = ca.size, n_intervals
    counts = weighted_bincount(inverse * (k + 1) + np.minimum(m, k), w, n * (k + 1)).reshape(n, k + 1)
    at_risk = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1][:, :k]
    dead = e & (m < k)
    deaths = weighted_bincount(inverse[dead] * k + m[dead], w[dead], n * k).reshape(n, k)
    p_star = tables.monthly_survival(ca, cs, cy, cr, k)
    return Cohorts(p_star=p_star, at_risk=at_risk, deaths=deaths)


def ederer2_expected(c: Cohorts) -> np.ndarray:
    """Cumulative expected survival ``CP*_x`` by Ederer II."""
    alive = c.at_risk.sum(axis=0)
    weighted = (c.at_risk * c.p_star).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        interval = np.where(alive > 0, weighted / np.maximum(alive, 1), 1.0)
    return np.cumprod(interval)


def pohar_perme(c: Cohorts, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(net, se, lower, upper)`` of Pohar Perme net survival per interval."""
    k = c.p_star.shape[1]
    s_start = np.cumprod(np.column_stack([np.ones(c.p_star.shape[0]), c.p_star[:, : k - 1]]), axis=1)[:, :k]
    w = 1.0 / s_start
    n_w = (c.at_risk * w).sum(axis=0)
    d_w = (c.deaths * w).sum(axis=0)
    e_w = (c.at_risk * w * -np.log(c.p_star)).sum(axis=0)
    d_w2 = (c.deaths * w**2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        d_lambda = np.where(n_w > 0, (d_w - e_w) / n_w, 0.0)
        d_var = np.where(n_w > 0, d_w2 / n_w**2, 0.0)
    cum_hazard = np.cumsum(d_lambda)
    sigma = np.sqrt(np.cumsum(d_var))
    net = np.exp(-cum_hazard)
    z = float(stats.norm.ppf(1 - alpha / 2))
    return net, net * sigma, np.exp(-(cum_hazard + z * sigma)), np.exp(-(cum_hazard - z * sigma))


def relative_survival(
    months: npt.ArrayLike,
    event: npt.ArrayLike,
    age: npt.ArrayLike,
    sex: npt.ArrayLike,
    year: npt.ArrayLike,
    race: npt.ArrayLike | None = None,
    *,
    method: LifeTableMethod = "actuarial",
    max_months: int | None = None,
    alpha: float = 0.05,
    tables: ExpectedHazards | None = None,
    weights: npt.ArrayLike | None = None,
) -> pd.DataFrame:
    """Life table with Ederer II ``expected`` and ``relative`` filled, plus ``relative_se/lower/upper``.

    ``event`` is all-cause death (relative survival compares it with the expected deaths). The default life-table
    method is actuarial, as SEER*Stat uses for relative survival.
    """
    table = life_table(months, event, method=method, max_months=max_months, alpha=alpha, weights=weights)
    k = len(table)
    expected = ederer2_expected(cohorts(months, event, age, sex, year, race, n_intervals=k, tables=tables,
                                        weights=weights))
    table["expected"] = expected
    table["relative"] = table["observed"] / expected
    table["relative_se"] = table["se"] / expected
    table["relative_lower"] = table["lower"] / expected
    table["relative_upper"] = table["upper"] / expected
    return table


def net_survival(
    months: npt.ArrayLike,
    event: npt.ArrayLike,
    age: npt.ArrayLike,
    sex: npt.ArrayLike,
    year: npt.ArrayLike,
    race: npt.ArrayLike | None = None,
    *,
    method: LifeTableMethod = "km",
    max_months: int | None = None,
    alpha: float = 0.05,
    tables: ExpectedHazards | None = None,
    weights: npt.ArrayLike | None = None,
) -> pd.DataFrame:
    """Life table with Pohar Perme net survival in ``relative`` (and ``net_se/lower/upper``) and the Ederer II
    cumulative expected survival in ``expected``; ``observed`` is the all-cause life table of ``method``."""
    table = life_table(months, event, method=method, max_months=max_months, alpha=alpha, weights=weights)
    c = cohorts(months, event, age, sex, year, race, n_intervals=len(table), tables=tables, weights=weights)
    net, se, lower, upper = pohar_perme(c, alpha)
    table["expected"] = ederer2_expected(c)
    table["relative"] = net
    table["net_se"] = se
    table["net_lower"] = lower
    table["net_upper"] = upper
    return table
