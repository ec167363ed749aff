"""Data quality indicators over the database: % microscopically verified, % DCO, % missing age, sex, race and
county, checked against the NAACCR / NPCR / USCS thresholds of :mod:`registry.reports.stats.quality`.

Each indicator's item is counted by value in SQL (GROUP BY), so a million tumors cost six small queries;
the thresholds and the output shape are those of :func:`registry.reports.stats.quality.data_quality`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.abstracting.models import Patient, Tumor
from registry.reports.filters import ReportFilter, conditions
from registry.reports.stats.quality import INDICATORS, Indicator

_COLUMNS = {
    "diagnosticConfirmation": Tumor.diagnosticConfirmation,
    "typeOfReportingSource": Tumor.typeOfReportingSource,
    "ageAtDiagnosis": Tumor.ageAtDiagnosis,
    "sexAssignedAtBirth": Patient.sexAssignedAtBirth,
    "race1": Patient.race1,
    "countyAtDx": Tumor.countyAtDx,
}


def _value_counts(session: Session, filt: ReportFilter, item: str) -> dict[str, int]:
    column = _COLUMNS[item]
    query = (select(column, func.count()).select_from(Tumor).join(Patient, Patient.id == Tumor.patient_id)
             .where(*conditions(filt)).group_by(column))
    return {(value or "").strip(): int(n) for value, n in session.execute(query)}


def _hits(counts: dict[str, int], indicator: Indicator) -> int:
    hits = sum(n for value, n in counts.items() if value in indicator.codes)
    if indicator.count_missing:
        hits += counts.get("", 0)
    return hits


def quality_indicators(session: Session, filt: ReportFilter) -> list[dict[str, Any]]:
    """One row per indicator: ``key, label, numerator, denominator, percent, checks`` (see stats.quality).

    Percentages of all tumors are not small cells; numerators below 16 are shown as "fewer than 16" by the
    pages (``numerator`` None, ``suppressed`` True) so no count under 16 is published."""
    rows = []
    for ind in INDICATORS:
        counts = _value_counts(session, filt, ind.item)
        total = sum(counts.values())
        hits = _hits(counts, ind)
        percent = 100.0 * hits / total if total else None
        checks = [{"standard": t.standard, "limit": float(t.limit), "comparison": "<" if t.strict else "<=",
                   "passes": None if percent is None else t.passes(percent)} for t in ind.thresholds]
        small = 0 < hits < 16 or 0 < total - hits < 16
        rows.append({"key": ind.key, "label": ind.label, "numerator": None if small else hits,
                     "denominator": total, "percent": None if small else percent,
                     "checks": checks, "suppressed": small})
    return rows
