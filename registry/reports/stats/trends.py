"""Trends in rates: percent change, annual percent change (APC) and average APC.

Source: SEER*Stat trend algorithms (seer.cancer.gov/help/seerstat/equations-and-algorithms/trend-algorithms),
methods-and-standards §3.4:
* ``PC = (End - Initial) / Initial × 100``;
* APC: fit ``ln(r_t) = b + m·t`` by least squares, weighted (SEER*Stat default) or not;
  ``APC = 100 (e^m - 1)``; CI ``100 (exp(m ± t_{n-2} SE_m) - 1)``; two-sided test of ``m = 0`` on ``n-2`` df;
  needs at least 3 years and no zero rate.
  Weights are the inverse variances of ``ln r_t`` by the delta method: ``Var(ln r) ≈ (SE(r)/r)²``.
* AAPC (Joinpoint; Clegg et al. 2009): ``100 (exp(Σ w_k b_k / Σ w_k) - 1)``, ``w_k`` = years of segment k.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from registry.reports.stats.distributions import stats


@dataclass(frozen=True)
class TrendResult:
    """Annual percent change with its (1-α) interval and the underlying log-linear fit."""

    apc: float
    lower: float
    upper: float
    slope: float
    intercept: float
    se_slope: float
    p_value: float
    years: int
    weighted: bool


def percent_change(initial: float, end: float) -> float:
    """``(End - Initial) / Initial × 100`` (SEER*Stat)."""
    if initial == 0:
        raise ValueError("the initial rate is zero; percent change is undefined")
    return (end - initial) / initial * 100.0


def _fit(t: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Weighted least squares of ``y = b + m t``: coefficients, covariance, residual variance (n-2 df)."""
    x = np.column_stack([np.ones_like(t), t])
    sw = np.sqrt(w)
    coef, _, _, _ = np.linalg.lstsq(x * sw[:, None], y * sw, rcond=None)
    resid = (y - x @ coef) * sw
    sigma2 = float(resid @ resid) / (t.size - 2)
    cov = sigma2 * np.linalg.inv((x * w[:, None]).T @ x)
    return coef, cov, sigma2


def annual_percent_change(
    years: npt.ArrayLike,
    rates: npt.ArrayLike,
    se: npt.ArrayLike | None = None,
    *,
    weighted: bool = True,
    alpha: float = 0.05,
) -> TrendResult:
    """APC of ``rates`` over ``years`` by (weighted) log-linear regression, as SEER*Stat computes it.

    With ``weighted=True`` the standard errors ``se`` of the rates are required and each year is weighted by
    ``(r_t / SE_t)²``. Raises ``ValueError`` for fewer than 3 years, repeated years or a rate that is not
    positive (SEER*Stat does not compute the APC then).
    """
    t = np.asarray(years, dtype=float)
    r = np.asarray(rates, dtype=float)
    if t.shape != r.shape or t.ndim != 1:
        raise ValueError("years and rates must be one-dimensional and of the same length")
    if t.size < 3 or np.unique(t).size != t.size:
        raise ValueError("the APC needs at least 3 distinct years")
    if np.any(~np.isfinite(r)) or np.any(r <= 0):
        raise ValueError("the APC is not computed when a rate is zero or missing")
    if weighted:
        if se is None:
            raise ValueError("weighted APC needs the standard errors of the rates")
        s = np.asarray(se, dtype=float)
        if s.shape != r.shape or np.any(s <= 0):
            raise ValueError("standard errors must be positive and one per rate")
        w = (r / s) ** 2
    else:
        w = np.ones_like(r)
    coef, cov, _ = _fit(t, np.log(r), w)
    m, se_m = float(coef[1]), float(np.sqrt(cov[1, 1]))
    df = t.size - 2
    tcrit = float(stats.t.ppf(1 - alpha / 2, df))
    p_value = float(2 * stats.t.sf(abs(m / se_m), df)) if se_m > 0 else 0.0
    return TrendResult(
        apc=100 * (np.exp(m) - 1),
        lower=100 * (np.exp(m - tcrit * se_m) - 1),
        upper=100 * (np.exp(m + tcrit * se_m) - 1),
        slope=m,
        intercept=float(coef[0]),
        se_slope=se_m,
        p_value=p_value,
        years=int(t.size),
        weighted=weighted,
    )


def average_annual_percent_change(slopes: npt.ArrayLike, segment_years: npt.ArrayLike) -> float:
    """AAPC ``100 (exp(Σ w_k b_k / Σ w_k) - 1)`` from Joinpoint segment slopes ``b_k`` and their lengths ``w_k``."""
    b = np.asarray(slopes, dtype=float)
    w = np.asarray(segment_years, dtype=float)
    if b.shape != w.shape or b.size == 0 or np.any(w <= 0):
        raise ValueError("one positive segment length per slope is required")
    return float(100 * (np.exp(np.sum(w * b) / np.sum(w)) - 1))
