"""Crude, age-specific and age-adjusted rates with gamma confidence intervals, and rate ratios.

Sources (methods-and-standards §3.1-3.3):
* SEER*Stat rate algorithms, seer.cancer.gov/help/seerstat/equations-and-algorithms/rate-algorithms:
  ``CR = d/n``; ``SE = sqrt(d)/n``; ``AAR = Σ (d_i/n_i) W_i``; ``SE(AAR) = sqrt(Σ W_i² d_i / n_i²)``;
  ``d_i = n_i = 0`` gives rate 0; ``n_i = 0 < d_i`` sets ``n_i = d_i`` and flags the result.
* Fay MP, Feuer EJ. Stat Med 1997;16:791-801 (gamma interval) in the form of Fay's own implementation,
  with ``w_i = W_i/n_i``, ``y = Σ w_i d_i``, ``v = Σ w_i² d_i``:
  lower = GammaInv(α/2; y²/v, v/y), upper = GammaInv(1-α/2; y*²/v*, v*/y*), ``y* = y + max w``,
  ``v* = v + max w²``.  Tiwari RC, Clegg LX, Zou Z. Stat Methods Med Res 2006;15:547-69 replaces
  ``max w`` by ``mean w`` and ``max w²`` by ``mean w²`` in the upper limit.
* Rate ratios: Fay MP. Commun Stat Theory Methods 1999;28:2141-60 F-interval, and the Tiwari et al. 2006
  modification, built from the same gamma approximations: a ratio of two independent gamma variables,
  each divided by its mean, is F-distributed with ``2·shape`` degrees of freedom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from registry.reports.stats.distributions import stats
from registry.reports.stats.standards import DEFAULT_STANDARD, StandardPopulation, standard_population

PER_100K = 100_000.0
UNSTABLE_BELOW = 20  # NCHS/WISQARS: rates from fewer than 20 cases are unstable (methods §3.6)

Method = Literal["fay-feuer", "tiwari"]
StandardLike = str | StandardPopulation | npt.ArrayLike


@dataclass(frozen=True)
class Rate:
    """A rate per ``per`` persons with its standard error and (1-α) confidence interval."""

    count: float
    population: float
    rate: float
    se: float
    lower: float
    upper: float
    unstable: bool
    population_adjusted: bool = False  # SEER*Stat footnote: some n_i = 0 < d_i was set to d_i


@dataclass(frozen=True)
class RateRatio:
    """Ratio ``rate1 / rate2`` with its (1-α) F-interval."""

    rate1: Rate
    rate2: Rate
    ratio: float
    lower: float
    upper: float


@dataclass(frozen=True)
class _GammaParts:
    """Sufficient statistics of a directly standardised rate (Fay & Feuer 1997), as fractions (not per 100k)."""

    y: float
    v: float
    w_max: float
    w_mean: float
    w2_mean: float
    adjusted: bool

    def star(self, method: Method) -> tuple[float, float]:
        """``(y*, v*)`` for the upper limit: Fay-Feuer adds max w, Tiwari et al. 2006 adds mean w."""
        if method == "fay-feuer":
            return self.y + self.w_max, self.v + self.w_max**2
        if method == "tiwari":
            return self.y + self.w_mean, self.v + self.w2_mean
        raise ValueError(f"unknown interval method {method!r}; use 'fay-feuer' or 'tiwari'")


def _as_weights(standard: StandardLike, groups: int) -> npt.NDArray[np.float64]:
    if isinstance(standard, str):
        standard = standard_population(standard)
    weights = standard.weights if isinstance(standard, StandardPopulation) else np.asarray(standard, dtype=float)
    weights = weights / weights.sum()
    if weights.shape != (groups,):
        raise ValueError(f"the standard has {weights.size} age groups but the data have {groups}")
    return weights


def _check_counts(counts: npt.ArrayLike, populations: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    d = np.atleast_1d(np.asarray(counts, dtype=float))
    n = np.atleast_1d(np.asarray(populations, dtype=float))
    if d.shape != n.shape:
        raise ValueError("counts and populations must have the same length")
    if np.any(d < 0) or np.any(n < 0) or not (np.all(np.isfinite(d)) and np.all(np.isfinite(n))):
        raise ValueError("counts and populations must be finite and not negative")
    return d, n


def _gamma_parts(d: np.ndarray, n: np.ndarray, weights: np.ndarray) -> _GammaParts:
    """Apply the SEER*Stat zero-population rules, then form ``y``, ``v`` and the weight summaries."""
    adjusted = bool(np.any((n == 0) & (d > 0)))
    n = np.where((n == 0) & (d > 0), d, n)
    used = n > 0  # groups with d = n = 0 contribute a zero rate and no weight w_i
    w = np.zeros_like(weights)
    w[used] = weights[used] / n[used]
    wu = w[used]
    return _GammaParts(
        y=float(np.sum(w * d)),
        v=float(np.sum(w**2 * d)),
        w_max=float(wu.max()) if wu.size else 0.0,
        w_mean=float(wu.mean()) if wu.size else 0.0,
        w2_mean=float(np.mean(wu**2)) if wu.size else 0.0,
        adjusted=adjusted,
    )


def _gamma_limits(parts: _GammaParts, method: Method, alpha: float) -> tuple[float, float]:
    y, v = parts.y, parts.v
    lower = 0.0 if y == 0 else float(stats.gamma.ppf(alpha / 2, y * y / v, scale=v / y))
    ys, vs = parts.star(method)
    upper = 0.0 if ys == 0 else float(stats.gamma.ppf(1 - alpha / 2, ys * ys / vs, scale=vs / ys))
    return lower, upper


def crude_rate(count: float, population: float, *, alpha: float = 0.05, per: float = PER_100K) -> Rate:
    """Crude rate ``d/n × per`` with Poisson SE and the exact interval
    ``[ChiInv(α/2, 2d)/2, ChiInv(1-α/2, 2d+2)/2] / n`` (SEER*Stat, methods §3.1)."""
    d, n = _check_counts(count, population)
    if n[0] == 0:
        raise ValueError("the population is zero")
    lower = 0.0 if d[0] == 0 else float(stats.chi2.ppf(alpha / 2, 2 * d[0]) / 2)
    upper = float(stats.chi2.ppf(1 - alpha / 2, 2 * d[0] + 2) / 2)
    scale = per / n[0]
    return Rate(
        count=float(d[0]),
        population=float(n[0]),
        rate=float(d[0] * scale),
        se=float(np.sqrt(d[0]) * scale),
        lower=lower * scale,
        upper=upper * scale,
        unstable=bool(d[0] < UNSTABLE_BELOW),
    )


def age_specific_rates(
    counts: npt.ArrayLike, populations: npt.ArrayLike, *, alpha: float = 0.05, per: float = PER_100K
) -> pd.DataFrame:
    """Rate in each age group with its exact Poisson interval (crude-rate formulas per group).

    Returns columns ``count, population, rate, se, lower, upper, unstable``; a group with zero population
    gets NaN rate and limits.
    """
    d, n = _check_counts(counts, populations)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n > 0, per / n, np.nan)
    lower = np.where(d > 0, stats.chi2.ppf(alpha / 2, 2 * np.maximum(d, 1e-300)) / 2, 0.0)
    upper = stats.chi2.ppf(1 - alpha / 2, 2 * d + 2) / 2
    return pd.DataFrame(
        {
            "count": d,
            "population": n,
            "rate": d * scale,
            "se": np.sqrt(d) * scale,
            "lower": lower * scale,
            "upper": upper * scale,
            "unstable": d < UNSTABLE_BELOW,
        }
    )


def age_adjusted_rate(
    counts: npt.ArrayLike,
    populations: npt.ArrayLike,
    standard: StandardLike = DEFAULT_STANDARD,
    *,
    method: Method = "fay-feuer",
    alpha: float = 0.05,
    per: float = PER_100K,
) -> Rate:
    """Directly age-adjusted rate with its gamma interval.

    ``counts`` and ``populations`` are aligned with the standard's age groups (``standard`` is a name from
    :data:`~registry.reports.stats.standards.STANDARD_CODES`, a :class:`StandardPopulation`, or raw
    standard sizes/weights). ``method`` is ``"fay-feuer"`` (SEER*Stat default) or ``"tiwari"``.
    """
    d, n = _check_counts(counts, populations)
    parts = _gamma_parts(d, n, _as_weights(standard, d.size))
    lower, upper = _gamma_limits(parts, method, alpha)
    return Rate(
        count=float(d.sum()),
        population=float(n.sum()),
        rate=parts.y * per,
        se=float(np.sqrt(parts.v)) * per,
        lower=lower * per,
        upper=upper * per,
        unstable=bool(d.sum() < UNSTABLE_BELOW),
        population_adjusted=parts.adjusted,
    )


def rate_ratio(
    counts1: npt.ArrayLike,
    populations1: npt.ArrayLike,
    counts2: npt.ArrayLike,
    populations2: npt.ArrayLike,
    standard: StandardLike = DEFAULT_STANDARD,
    *,
    method: Method = "fay-feuer",
    alpha: float = 0.05,
    per: float = PER_100K,
) -> RateRatio:
    """Ratio of two directly standardised rates (group 1 over reference group 2) with its F-interval.

    With gamma approximations ``R_k ~ Γ(shape = y_k²/v_k, scale = v_k/y_k)`` (Fay 1999; Tiwari et al. 2006):
    lower = ``y1 / y2* · FInv(α/2; 2y1²/v1, 2y2*²/v2*)``, upper = ``y1* / y2 · FInv(1-α/2; 2y1*²/v1*, 2y2²/v2)``,
    with ``y*, v*`` as in :func:`age_adjusted_rate` for the chosen ``method``. For a single age group this is
    the exact conditional binomial interval for a Poisson rate ratio.
    """
    d1, n1 = _check_counts(counts1, populations1)
    d2, n2 = _check_counts(counts2, populations2)
    weights = _as_weights(standard, d1.size)
    if d2.size != d1.size:
        raise ValueError("both groups must have the same age groups")
    p1, p2 = _gamma_parts(d1, n1, weights), _gamma_parts(d2, n2, weights)
    if p2.y == 0:
        raise ValueError("the reference rate is zero; the rate ratio is undefined")
    rate1 = age_adjusted_rate(d1, n1, weights, method=method, alpha=alpha, per=per)
    rate2 = age_adjusted_rate(d2, n2, weights, method=method, alpha=alpha, per=per)
    y1s, v1s = p1.star(method)
    y2s, v2s = p2.star(method)
    lower = 0.0
    if p1.y > 0:
        f_low = stats.f.ppf(alpha / 2, 2 * p1.y**2 / p1.v, 2 * y2s**2 / v2s)
        lower = float(p1.y / y2s * f_low)
    f_up = stats.f.ppf(1 - alpha / 2, 2 * y1s**2 / v1s, 2 * p2.y**2 / p2.v)
    upper = float(y1s / p2.y * f_up)
    return RateRatio(rate1=rate1, rate2=rate2, ratio=p1.y / p2.y, lower=lower, upper=upper)
