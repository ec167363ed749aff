"""Data quality indicators reported with rates, checked against NAACCR and NPCR standards.

Indicators: % microscopically verified and % death certificate only (IARC indices, CanReg5
``DataQualityIndicators.r``), % missing age, sex, race and county. Thresholds: methods-and-standards §4.4
(NAACCR certification criteria naaccr.org/certification-criteria; NPCR standards cdc.gov/cancer/npcr/standards.htm;
USCS publication criteria). Only thresholds the methods document marks as checked [V] are used; % microscopically
verified has no NAACCR/NPCR threshold and is reported without one.

NAACCR codes: diagnosticConfirmation (item 490) 1-4 are microscopic confirmation; typeOfReportingSource
(item 500) 7 is death certificate only; ageAtDiagnosis 999, sex 9, race1 99 and countyAtDx 999 mean unknown;
an absent or empty item is missing too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Threshold:
    """A standard's limit on a percentage: pass when ``percent < limit`` (strict) or ``percent <= limit``."""

    standard: str
    limit: float
    strict: bool

    def passes(self, percent: float) -> bool:
        return percent < self.limit if self.strict else percent <= self.limit


GOLD, SILVER = "NAACCR Gold", "NAACCR Silver"
NPCR_23, NPCR_12, USCS = "NPCR 23-month", "NPCR 12-month (Advanced)", "USCS publication"


@dataclass(frozen=True)
class Indicator:
    """One indicator: the item read, the codes that count, and the thresholds that apply."""

    key: str
    label: str
    item: str
    codes: frozenset[str]
    count_missing: bool
    thresholds: tuple[Threshold, ...] = ()


INDICATORS: tuple[Indicator, ...] = (
    Indicator("microscopically_verified", "Microscopically verified", "diagnosticConfirmation",
              frozenset({"1", "2", "3", "4"}), count_missing=False),
    Indicator("death_certificate_only", "Death certificate only", "typeOfReportingSource", frozenset({"7"}),
              count_missing=False,
              thresholds=(Threshold(GOLD, 3, True), Threshold(SILVER, 5, True), Threshold(NPCR_23, 3, False),
                          Threshold(USCS, 5, False))),
    Indicator("missing_age", "Age unknown", "ageAtDiagnosis", frozenset({"999"}), count_missing=True,
              thresholds=(Threshold(GOLD, 2, True), Threshold(NPCR_23, 2, False), Threshold(NPCR_12, 3, False),
                          Threshold(USCS, 3, False))),
    Indicator("missing_sex", "Sex unknown", "sexAssignedAtBirth", frozenset({"9"}), count_missing=True,
              thresholds=(Threshold(GOLD, 2, True), Threshold(NPCR_23, 2, False), Threshold(NPCR_12, 3, False),
                          Threshold(USCS, 3, False))),
    Indicator("missing_race", "Race unknown", "race1", frozenset({"99"}), count_missing=True,
              thresholds=(Threshold(GOLD, 3, True), Threshold(NPCR_23, 3, False), Threshold(NPCR_12, 5, False),
                          Threshold(USCS, 5, False))),
    Indicator("missing_county", "County unknown", "countyAtDx", frozenset({"999"}), count_missing=True,
              thresholds=(Threshold(GOLD, 2, True), Threshold(NPCR_23, 2, False), Threshold(NPCR_12, 3, False))),
)


#: Items renamed between NAACCR versions: v26 replaced sex (item 220) by sexAssignedAtBirth (item 225).
ALIASES: dict[str, tuple[str, ...]] = {"sexAssignedAtBirth": ("sex",)}


def _value(rec: Mapping[str, str], item: str) -> str:
    for name in (item, *ALIASES.get(item, ())):
        if rec.get(name):
            return rec[name]
    return ""


def _frame(records: pd.DataFrame | Iterable[Mapping[str, str]]) -> pd.DataFrame:
    if isinstance(records, pd.DataFrame):
        return records
    items = [ind.item for ind in INDICATORS]
    return pd.DataFrame([{item: _value(rec, item) for item in items} for rec in records], columns=items)


def indicator_counts(records: pd.DataFrame, indicator: Indicator) -> int:
    """How many tumors meet ``indicator`` (vectorised over a DataFrame of NAACCR items; an item may also be
    given under its older name, see :data:`ALIASES`)."""
    column = next((c for c in (indicator.item, *ALIASES.get(indicator.item, ())) if c in records), None)
    if column is None:
        return len(records) if indicator.count_missing else 0
    values = records[column].fillna("").astype(str).str.strip()
    hits = values.isin(indicator.codes)
    if indicator.count_missing:
        hits |= values == ""
    return int(hits.sum())


def data_quality(records: pd.DataFrame | Iterable[Mapping[str, str]]) -> list[dict[str, Any]]:
    """One row per indicator: ``key, label, numerator, denominator, percent`` and ``checks``
    (``[{"standard", "limit", "comparison", "passes"}]``). ``percent`` is None when there are no tumors."""
    frame = _frame(records)
    total = len(frame)
    rows = []
    for ind in INDICATORS:
        hits = indicator_counts(frame, ind)
        percent = 100.0 * hits / total if total else None
        checks = [
            {
                "standard": t.standard,
                "limit": float(t.limit),
                "comparison": "<" if t.strict else "<=",
                "passes": None if percent is None else t.passes(percent),
            }
            for t in ind.thresholds
        ]
        rows.append({"key": ind.key, "label": ind.label, "numerator": hits, "denominator": total,
                     "percent": percent, "checks": checks})
    return rows
