"""Suppression for report tables: :func:`registry.reports.stats.suppression.suppress_table`, then a check that
holds across pages.

Other pages publish every category total of 16 or more (e.g. the 1-D table by age group, the table by sex), so a
2-D table is only safe if no suppressed cell follows from its published cells *and all those totals*. When zero
cells leave no complementary cells (suppress_table then counts on totals staying unpublished), every interior
cell of that table is suppressed instead and the rows say so (``withheld``). The check is the linear-algebra
derivability test of :mod:`registry.reports.stats.disclosure`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from registry.reports.stats.disclosure import SUPPRESS_BELOW, additivity, derivable, margin_mask, with_totals
from registry.reports.stats.suppression import KEEP, suppress_table


def _matrix(frame: pd.DataFrame, dims: Sequence[str], column: str) -> np.ndarray:
    rows = list(dict.fromkeys(frame[dims[0]]))
    cols = list(dict.fromkeys(frame[dims[1]]))
    out = np.zeros((len(rows), len(cols)), dtype=object)
    for r, c, v in zip(frame[dims[0]], frame[dims[1]], frame[column], strict=True):
        out[rows.index(r), cols.index(c)] = v
    return out


def exposed(counts: np.ndarray, suppressed: np.ndarray) -> bool:
    """True when some suppressed interior cell of a 2-D count table follows from the published interior cells
    and the totals of at least 16 (totals below 16 counted as unpublished). Remembered per table, as
    :func:`registry.reports.stats.disclosure.protect` is."""
    counts = np.ascontiguousarray(np.asarray(counts).astype(np.int64))
    return _exposed(counts.tobytes(), np.ascontiguousarray(suppressed, dtype=bool).tobytes(), counts.shape)


@functools.lru_cache(maxsize=512)
def _exposed(counts: bytes, suppressed: bytes, shape: tuple[int, int]) -> bool:
    full = with_totals(np.frombuffer(counts, dtype=np.int64).reshape(shape))
    mask = np.zeros(full.shape, dtype=bool)
    mask[:-1, :-1] = np.frombuffer(suppressed, dtype=bool).reshape(shape)
    margin = margin_mask(full.shape)
    mask |= margin & (full < SUPPRESS_BELOW) & (full > 0)
    return bool(derivable(additivity(full.shape), mask.ravel()).reshape(full.shape)[:-1, :-1].any())


def protect_rows(rows: list[dict[str, Any]], *, dims: Sequence[str], by: Sequence[str] = (),
                 keep: Sequence[str] = KEEP) -> list[dict[str, Any]]:
    """Suppressed copies of ``rows`` (see the module docstring); same order, plus ``suppressed``/``unstable``."""
    if not rows:
        return []
    out = suppress_table(rows, dims=list(dims), by=list(by), keep=list(keep))
    if len(dims) != 2:
        return out
    original, published = pd.DataFrame(rows), pd.DataFrame(out)
    groups = original.groupby(list(by), sort=False).groups if by else {(): original.index}
    blank = [c for c in original.columns if c not in {*dims, *by, *keep}]
    for index in groups.values():
        counts = _matrix(original.loc[index], dims, "count")
        mask = _matrix(published.loc[index], dims, "suppressed").astype(bool)
        if exposed(counts, mask):
            for i in index:
                out[i].update({c: None for c in blank}, suppressed=True, unstable=False, withheld=True)
    return out
