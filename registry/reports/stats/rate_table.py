"""Rates by group from counts and populations per age group, in the ``reports rates --json`` row shape.

Row shape (cli-contract.md): ``{... the grouping keys ..., "count", "population", "crude", "adjusted", "lower",
"upper", "suppressed"}``, rates per 100,000; ``lower``/``upper`` are the gamma limits of the adjusted rate
(:func:`registry.reports.stats.rates.age_adjusted_rate`). Suppression is applied by
:func:`registry.reports.stats.suppression.suppress_table` so every output shares it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from registry.reports.stats.rates import PER_100K, Method, age_adjusted_rate
from registry.reports.stats.standards import DEFAULT_STANDARD, StandardPopulation, standard_population
from registry.reports.stats.suppression import suppress_table


def age_group_positions(values: pd.Series, standard: StandardPopulation) -> np.ndarray:
    """Index of each row's age group: labels of the standard ("0", "1-4", …, "85+") or single ages (ints)."""
    if pd.api.types.is_integer_dtype(values):
        idx = standard.group_index(values.to_numpy())
    else:
        lookup = {label: i for i, label in enumerate(standard.labels)}
        unknown = sorted({str(v) for v in values if str(v) not in lookup})
        if unknown:
            raise ValueError(f"age groups not in the {standard.name} standard: {', '.join(unknown)}")
        idx = values.astype(str).map(lookup).to_numpy()
    return np.asarray(idx, dtype=np.int64)


def _one_group(part: pd.DataFrame, idx: np.ndarray, standard: StandardPopulation, **kw: Any) -> dict[str, Any]:
    known = idx >= 0
    size = len(standard)
    counts = np.bincount(idx[known], weights=part["count"].to_numpy(float)[known], minlength=size)
    pops = np.bincount(idx[known], weights=part["population"].to_numpy(float)[known], minlength=size)
    total_count, total_pop = float(part["count"].sum()), float(pops.sum())
    rate = age_adjusted_rate(counts, pops, standard, **kw)
    return {
        "count": int(total_count),
        "population": int(total_pop),
        "crude": total_count / total_pop * kw["per"] if total_pop > 0 else None,
        "adjusted": rate.rate,
        "lower": rate.lower,
        "upper": rate.upper,
    }


def rate_rows(
    frame: pd.DataFrame,
    *,
    by: Sequence[str],
    age: str = "age_group",
    standard: str = DEFAULT_STANDARD,
    method: Method = "fay-feuer",
    alpha: float = 0.05,
    per: float = PER_100K,
) -> pd.DataFrame:
    """Crude and age-adjusted rate per group of ``by`` from rows of ``(by..., age, count, population)``.

    ``count`` of a row with unknown age (single age 999 or missing) enters the crude count but no age group,
    as SEER*Stat excludes unknown ages from age adjustment. Rows come back in first-seen group order.
    """
    std = standard_population(standard)
    idx = pd.Series(age_group_positions(frame[age], std), index=frame.index)
    out = []
    groups = frame.groupby(list(by), sort=False, dropna=False) if by else [((), frame)]
    for key, part in groups:
        keys = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))
        out.append({**keys, **_one_group(part, idx[part.index].to_numpy(), std, method=method, alpha=alpha, per=per)})
    return pd.DataFrame(out, columns=[*by, "count", "population", "crude", "adjusted", "lower", "upper"])


def rates_json(
    frame: pd.DataFrame, *, by: Sequence[str], dims: Sequence[str] | None = None, standard: str = DEFAULT_STANDARD,
    **kw: Any,
) -> dict[str, Any]:
    """The whole ``reports rates --json`` object: rates per group, then suppression over ``dims`` (default: the
    last one or two ``by`` columns; earlier ``by`` columns split independent tables)."""
    rows = rate_rows(frame, by=by, standard=standard, **kw)
    dims = list(dims) if dims is not None else list(by[-2:])
    split = [c for c in by if c not in dims]
    return {"standard": standard, "rows": suppress_table(rows.to_dict("records"), dims=dims, by=split)}
