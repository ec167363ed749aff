"""NAACCR date reading for follow-up: bounds of partial dates, 99-coded parts, impossible dates, month arithmetic."""

from __future__ import annotations

from datetime import date

import pandas as pd

from registry.followup.dates import months_before, naaccr_dates

VALUES = ["20240315", "202402", "2024", "", None, "20230230", "abc", "20249999", "20240299", "99999999", "202413",
          "20240229", "2024031", "20240315"]


def test_earliest_and_latest_bounds():
    series = pd.Series(VALUES, dtype="string")
    earliest = [None if pd.isna(v) else v.strftime("%Y%m%d") for v in naaccr_dates(series, "earliest")]
    latest = [None if pd.isna(v) else v.strftime("%Y%m%d") for v in naaccr_dates(series, "latest")]
    assert earliest == ["20240315", "20240201", "20240101", None, None, None, None, "20240101", "20240201", None,
                        None, "20240229", None, "20240315"]
    assert latest == ["20240315", "20240229", "20241231", None, None, None, None, "20241231", "20240229", None,
                      None, "20240229", None, "20240315"]


def test_keeps_index_and_object_input():
    series = pd.Series(["2023", "20230704"], index=[10, 20], dtype=object)
    out = naaccr_dates(series)
    assert list(out.index) == [10, 20] and str(out.dtype) == "datetime64[ns]"


def test_months_before_clamps_to_month_end():
    assert months_before(date(2024, 5, 31), 15) == date(2023, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2024, 6, 15), 12) == date(2023, 6, 15)
    assert months_before(date(2024, 1, 10), 1200) == date(1924, 1, 10)
