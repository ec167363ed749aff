"""Observed survival life table with monthly intervals (actuarial and Kaplan-Meier variants).

SEER*Stat survival output table algorithm (Algorithms_for_the_Survival_Output_Table.htm in the SEER*Stat help,
seer.cancer.gov/seerstat/WebHelp; methods-and-standards §3.5):

* ``L_x`` alive at start, ``D_x`` deaths, ``C_x`` censored (lost or withdrawn alive), ``L_{x+1} = L_x - D_x - C_x``;
* actuarial ``L'_x = L_x - C_x/2``; Kaplan-Meier (SEER*Stat form) ``L'_x = L_x``;
* ``P_x = 1 - D_x/L'_x``, ``CP_x = Π_{j≤x} P_j``;
* Greenwood ``SE(CP_x) = CP_x sqrt(Σ_{j≤x} D_j / (L'_j (L'_j - D_j)))``;
* log(-log) interval ``CP_x ^ exp(± z SE(CP_x) / (CP_x ln CP_x))``.

A case with ``m`` whole survival months ends in interval ``m + 1`` (the row with ``interval_end_months`` k covers
months [k-1, k), cli-contract.md). All counting is vectorised with ``numpy.bincount``. Cases may come grouped:
``weights`` gives the number of cases each (months, event) entry stands for, and the table is the same as for the
cases one by one (the counts are exact integers either way).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from registry.reports.stats.distributions import stats

LifeTableMethod = Literal["km", "actuarial"]

#: Row keys of ``reports survival --json`` (cli-contract.md), in order.
CONTRACT_COLUMNS = (
    "interval_end_months",
    "alive_at_start",
    "deaths",
    "censored",
    "observed",
    "se",
    "lower",
    "upper",
    "expected",
    "relative",
)


def _check(months: npt.ArrayLike, event: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    m = np.asarray(months)
    e = np.asarray(event, dtype=bool)
    if m.shape != e.shape or m.ndim != 1:
        raise ValueError("months and event must be one-dimensional and of the same length")
    if m.size and (not np.issubdtype(m.dtype, np.integer) or m.min() < 0):
        raise ValueError("survival months must be whole numbers, not negative")
    return m.astype(np.int64), e


def case_weights(weights: npt.ArrayLike | None, size: int) -> np.ndarray:
    """Cases per entry (whole numbers, not negative); one each when ``weights`` is None."""
    if weights is None:
        return np.ones(size, dtype=np.int64)
    w = np.asarray(weights)
    if w.shape != (size,):
        raise ValueError("weights must have one entry per case")
    if w.size and (not np.issubdtype(w.dtype, np.integer) or w.min() < 0):
        raise ValueError("weights must be whole numbers of cases, not negative")
    return w.astype(np.int64)


def weighted_bincount(index: np.ndarray, weights: np.ndarray, length: int) -> np.ndarray:
    """``numpy.bincount`` of ``index`` counting ``weights`` cases per entry, as int64."""
    return np.bincount(index, weights=weights, minlength=length).round().astype(np.int64)


def interval_count(months: np.ndarray, max_months: int | None) -> int:
    """Number of monthly intervals: up to the last case's interval, or ``max_months`` when given."""
    if max_months is not None:
        if max_months < 1:
            raise ValueError("max_months must be at least 1")
        return int(max_months)
    return int(months.max()) + 1 if months.size else 0


def interval_counts(
    months: npt.ArrayLike, event: npt.ArrayLike, n_intervals: int, weights: npt.ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(alive_at_start, deaths, censored)`` per interval 1..n; cases past the last interval stay at risk."""
    m, e = _check(months, event)
    w = case_weights(weights, m.size)
    inside = m < n_intervals
    deaths = weighted_bincount(m[inside & e], w[inside & e], n_intervals)
    censored = weighted_bincount(m[inside & ~e], w[inside & ~e], n_intervals)
    exits = np.cumsum(deaths + censored)
    alive = int(w.sum()) - np.concatenate(([0], exits[:-1])) if n_intervals else np.zeros(0, dtype=np.int64)
    return alive.astype(np.int64), deaths.astype(np.int64), censored.astype(np.int64)


def effective_at_risk(alive: np.ndarray, censored: np.ndarray, method: LifeTableMethod) -> np.ndarray:
    """``L'_x``: ``L_x - C_x/2`` (actuarial) or ``L_x`` (Kaplan-Meier, as SEER*Stat)."""
    if method == "actuarial":
        return alive - censored / 2.0
    if method == "km":
        return alive.astype(float)
    raise ValueError(f"unknown life-table method {method!r}; use 'km' or 'actuarial'")


def cumulative_survival(deaths: np.ndarray, at_risk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(CP_x, Σ_{j≤x} D_j/(L'_j(L'_j-D_j)))``; an interval with nobody at risk has ``P_x = 1``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(at_risk > 0, 1.0 - deaths / at_risk, 1.0)
        term = np.where(at_risk > deaths, deaths / (at_risk * (at_risk - deaths)), 0.0)
    return np.cumprod(p), np.cumsum(term)


def loglog_limits(cp: np.ndarray, se: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """log(-log) limits ``CP ^ exp(± z SE/(CP ln CP))``; equal to CP where CP is 0 or 1."""
    z = float(stats.norm.ppf(1 - alpha / 2))
    inner = (cp > 0) & (cp < 1)
    safe = np.where(inner, cp, 0.5)
    theta = np.where(inner, z * se / (safe * np.log(safe)), 0.0)
    lower = np.where(inner, safe ** np.exp(-theta), cp)
    upper = np.where(inner, safe ** np.exp(theta), cp)
    return lower, upper


def life_table(
    months: npt.ArrayLike,
    event: npt.ArrayLike,
    *,
    method: LifeTableMethod = "km",
    max_months: int | None = None,
    alpha: float = 0.05,
    weights: npt.ArrayLike | None = None,
) -> pd.DataFrame:
    """Monthly observed-survival life table.

    ``months``: whole survival months per case (see :func:`~registry.reports.stats.survival_time.survival_months`);
    ``event``: True where the case died (for cause-specific survival pass :func:`cause_specific_event`);
    ``weights``: cases per entry when the cases come grouped (module docstring).
    Returns one row per interval with the contract columns (``expected``/``relative`` are NaN here; see
    :mod:`registry.reports.stats.relative`).
    """
    m, e = _check(months, event)
    k = interval_count(m, max_months)
    alive, deaths, censored = interval_counts(m, e, k, weights)
    at_risk = effective_at_risk(alive, censored, method)
    cp, green = cumulative_survival(deaths, at_risk)
    se = cp * np.sqrt(green)
    lower, upper = loglog_limits(cp, se, alpha)
    return pd.DataFrame(
        {
            "interval_end_months": np.arange(1, k + 1, dtype=np.int64),
            "alive_at_start": alive,
            "deaths": deaths,
            "censored": censored,
            "observed": cp,
            "se": se,
            "lower": lower,
            "upper": upper,
            "expected": np.full(k, np.nan),
            "relative": np.full(k, np.nan),
        }
    )


def cause_specific_event(dead: npt.ArrayLike, due_to_cancer: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Event indicator for cause-specific survival: deaths not due to the cancer count as censored
    (SEER cause-specific survival, methods-and-standards §3.5). ``due_to_cancer`` is decided by the caller."""
    d = np.asarray(dead, dtype=bool)
    c = np.asarray(due_to_cancer, dtype=bool)
    if d.shape != c.shape:
        raise ValueError("dead and due_to_cancer must have the same length")
    return d & c
