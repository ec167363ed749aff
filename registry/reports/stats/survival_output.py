"""Survival tables as the public JSON shape, and the 1-, 3-, 5- and 10-year figures.

Shape: cli-contract.md, ``reports survival --json``: ``{"method", "cases", "rows": [{interval_end_months,
alive_at_start, deaths, censored, observed, se, lower, upper, expected, relative}]}``. SEER*Stat shows the
monthly table cumulatively at chosen (e.g. annual) intervals (Cumulative_Summary.htm, methods §3.5).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from registry.reports.stats.lifetable import CONTRACT_COLUMNS

INT_COLUMNS = ("interval_end_months", "alive_at_start", "deaths", "censored")
DEFAULT_YEARS = (1, 3, 5, 10)


def _clean(value: Any, integer: bool) -> int | float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if integer else float(value)


def survival_rows(table: pd.DataFrame) -> list[dict[str, int | float | None]]:
    """Rows with exactly the contract keys, plain Python numbers, NaN as None (``expected``/``relative``)."""
    records = table.loc[:, list(CONTRACT_COLUMNS)].to_dict("records")
    return [{key: _clean(row[key], key in INT_COLUMNS) for key in CONTRACT_COLUMNS} for row in records]


def survival_json(table: pd.DataFrame, method: str, cases: int) -> dict[str, Any]:
    """The whole ``reports survival --json`` object."""
    return {"method": method, "cases": int(cases), "rows": survival_rows(table)}


def survival_at_years(table: pd.DataFrame, years: Iterable[int] = DEFAULT_YEARS) -> pd.DataFrame:
    """The cumulative figures at the end of year 1, 3, 5, 10 (rows ``interval_end_months`` = 12·years).

    Years beyond the table's follow-up are left out. A ``years`` column is added; all other columns are kept
    (observed, se, limits, expected, relative and any relative/net extras).
    """
    wanted = {12 * int(y): int(y) for y in years}
    picked = table[table["interval_end_months"].isin(wanted)].copy()
    picked.insert(0, "years", picked["interval_end_months"].map(wanted).astype(int))
    return picked.reset_index(drop=True)
