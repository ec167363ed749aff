"""One suppression step for every output (charts, tables, CSV, JSON): rows in, rows out with ``suppressed``.

Applies :mod:`registry.reports.stats.disclosure` (counts below 16 suppressed, complementary suppression so no
suppressed cell follows from totals) to a table given as a pandas DataFrame or a list of dicts, one row per cell,
with one or two dimension columns. Rows whose dimension value equals ``total`` are the table's totals; totals that
are not in the input are still treated as public (they can be reported elsewhere) unless they are themselves
below the threshold, or unless structural zeros leave no other way to protect the table (then such a total is
suppressed in the model and must not be published by the caller either). Suppressed rows have their count and
derived values blanked (None). Rates from fewer than 20 cases are flagged ``unstable`` (NCHS/WISQARS,
methods-and-standards §3.6); suppressed rows carry no rate and are not flagged, so the flag never narrows a
blanked count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from registry.reports.stats.disclosure import SUPPRESS_BELOW, margin_mask, protect, with_totals
from registry.reports.stats.rates import UNSTABLE_BELOW

TOTAL = "Total"
KEEP = ("population",)
TableLike = TypeVar("TableLike", pd.DataFrame, list)


def _positions(frame: pd.DataFrame, dims: Sequence[str], total: Any) -> tuple[list[tuple[int, ...]], tuple[int, ...]]:
    """Where each row sits in the table-with-totals array (a total sits in the last position of its axis)."""
    axes = []
    for dim in dims:
        categories = list(dict.fromkeys(v for v in frame[dim] if v != total))
        axes.append([categories.index(v) if v != total else len(categories) for v in frame[dim]])
    shape = tuple(len(dict.fromkeys(v for v in frame[d] if v != total)) + 1 for d in dims)
    return list(zip(*axes, strict=True)), shape


def suppression_flags(
    frame: pd.DataFrame,
    *,
    count: str = "count",
    dims: Sequence[str],
    total: Any = TOTAL,
    threshold: int = SUPPRESS_BELOW,
) -> pd.Series:
    """Boolean Series (frame's index): which rows of one 1-D or 2-D table must be suppressed.

    Interior cells missing from ``frame`` are structural zeros known to the public. A total missing from ``frame``
    is assumed public when it is at least ``threshold``; only if the table cannot be protected that way are such
    totals allowed to be suppressed too (they are not in the output, so the caller must not publish them either).
    """
    if len(dims) > 2:
        raise ValueError("suppression handles 1 or 2 dimensions; put further columns in 'by'")
    if dims and frame.duplicated(list(dims)).any():
        raise ValueError(f"rows repeat the same {', '.join(dims)}")
    counts = pd.to_numeric(frame[count])
    if counts.isna().any() or (counts < 0).any():
        raise ValueError("every row needs a count that is not negative")
    if not dims:  # single cells, no totals: primary suppression only
        return (counts > 0) & (counts < threshold)
    positions, shape = _positions(frame, dims, total)
    margin = margin_mask(shape)
    interior = np.zeros(tuple(n - 1 for n in shape), dtype=np.int64)
    present = np.zeros(shape, dtype=bool)
    for pos, value in zip(positions, counts, strict=True):
        present[pos] = True
        if not margin[pos]:
            interior[pos] = int(value)
    values = with_totals(interior)
    for pos, value in zip(positions, counts, strict=True):
        if margin[pos]:
            values[pos] = max(values[pos], int(value))  # a given total may also hold cases of unknown category
    structural = ~present & ~margin
    try:
        prot = protect(values, threshold=threshold, fixed=structural | (~present & margin & (values >= threshold)))
    except RuntimeError:
        prot = protect(values, threshold=threshold, fixed=structural)
    return pd.Series([bool(prot.suppressed[pos]) for pos in positions], index=frame.index)


def suppress_table(
    table: TableLike,
    *,
    count: str = "count",
    dims: Sequence[str],
    by: Sequence[str] = (),
    total: Any = TOTAL,
    keep: Sequence[str] = KEEP,
    threshold: int = SUPPRESS_BELOW,
    unstable_below: int = UNSTABLE_BELOW,
) -> TableLike:
    """Return ``table`` (same type, rows in the same order) with ``suppressed`` and ``unstable`` columns.

    ``dims``: the one or two columns spanning the table (none: independent cells, primary suppression only);
    ``by``: columns whose values split independent tables (each protected on its own, e.g. one table per year).
    Every column other than ``dims``, ``by`` and ``keep`` (default: population) is blanked to None on suppressed
    rows.
    """
    frame = pd.DataFrame(table).reset_index(drop=True)
    flags = pd.Series(False, index=frame.index)
    groups = frame.groupby(list(by), sort=False, dropna=False) if by else [((), frame)]
    for _, part in groups:
        flags[part.index] = suppression_flags(part, count=count, dims=dims, total=total, threshold=threshold)
    blank = [c for c in frame.columns if c not in {*dims, *by, *keep}]
    out = frame.astype({c: object for c in blank})
    out.loc[flags, blank] = None
    out["suppressed"] = flags.to_numpy(dtype=bool)
    out["unstable"] = (~flags & (frame[count] < unstable_below)).to_numpy(dtype=bool)
    if isinstance(table, pd.DataFrame):
        return out
    return [{k: (None if _is_missing(v) else _plain(v)) for k, v in row.items()} for row in out.to_dict("records")]


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
