"""The ways a report can be split ("by"): SQL expression of the raw code, grouping and labels.

Raw codes are grouped in SQL (few distinct values each) and mapped to report categories in pandas, so the
database does the heavy counting and the category rules live in one place (:mod:`registry.reports.codes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import case

from registry.abstracting.models import Patient, Tumor
from registry.naaccr import lookups
from registry.naaccr.lookups import histology_label
from registry.recodes.site_recode import site_recode_groups, site_recode_label
from registry.reports import codes
from registry.reports.filters import stage_code
from registry.reports.models import Population
from registry.reports.populations import AGE_LABELS


def _age_group_label(raw: Any) -> str:
    text = str(raw or "").strip()
    if not text.isdigit() or int(text) >= 999:
        return "Unknown"
    age = int(text)
    return AGE_LABELS[0 if age == 0 else min(age // 5 + 1, 18)]


@dataclass(frozen=True)
class Dimension:
    """One way of splitting a report."""

    name: str
    title: str
    expr: Callable[[], Any]
    group: Callable[[Any], Any]
    label: Callable[[Any], str]
    on_patient: bool = False
    population: Callable[[], Any] | None = None  # the matching population column, if denominators split by it
    order: Callable[[list], list] = sorted


def _site_order(values: list) -> list:
    rank = {g.code: i for i, g in enumerate(site_recode_groups("2023")) if g.code}
    return sorted(values, key=lambda v: (rank.get(v, 10_000), v))


def _age_order(values: list) -> list:
    rank = {label: i for i, label in enumerate((*AGE_LABELS, "Unknown"))}
    return sorted(values, key=lambda v: rank.get(v, 99))


def _pop_race():
    return case((Population.race == "4", "3"), else_=Population.race)


def _histology_label(code: str) -> str:
    return f"{code} {histology_label(code, '3') or lookups.label('histologicTypeIcdO3', code) or ''}".strip()


def _period(year: Any) -> str | None:
    """Five-year diagnosis period holding ``year`` (2015-2019, 2020-2024, ...)."""
    if year is None:
        return None
    start = int(year) - int(year) % 5
    return f"{start}-{start + 4}"


def _pop_age_label():
    return Population.age_group


DIMENSIONS: dict[str, Dimension] = {
    d.name: d for d in (
        Dimension("year", "Year of diagnosis", lambda: Tumor.dx_year, lambda v: int(v) if v is not None else None,
                  str, population=lambda: Population.year),
        Dimension("sex", "Sex", lambda: Patient.sexAssignedAtBirth, codes.sex_group,
                  lambda v: codes.SEX_LABELS.get(v, v), on_patient=True, population=lambda: Population.sex),
        Dimension("race", "Race", lambda: Patient.race1, codes.race_group, lambda v: codes.RACE_LABELS.get(v, v),
                  on_patient=True, population=_pop_race),
        Dimension("site", "Site (SEER site recode 2023)", lambda: Tumor.site_recode,
                  lambda v: (v or "99"), lambda v: site_recode_label(v), order=_site_order),
        Dimension("stage", "Summary Stage 2018", stage_code, codes.stage_group,
                  lambda v: codes.STAGE_LABELS.get(v, v)),
        Dimension("age_group", "Age at diagnosis", lambda: Tumor.ageAtDiagnosis, _age_group_label, str,
                  population=_pop_age_label, order=_age_order),
        Dimension("histology", "Histology (ICD-O-3)", lambda: Tumor.histologicTypeIcdO3, lambda v: v or "9999",
                  _histology_label),
        Dimension("class_of_case", "Class of case", lambda: Tumor.classOfCase, lambda v: v or "99",
                  lambda v: codes.CLASS_LABELS.get(v, v)),
        Dimension("class_group", "Analytic or not", lambda: case(
            (Tumor.classOfCase.in_(codes.ANALYTIC_CLASSES), "analytic"), else_="non_analytic"), lambda v: v,
            lambda v: "Analytic (classes 00-22)" if v == "analytic" else "Non-analytic"),
        Dimension("period", "Diagnosis period (5 years)", lambda: Tumor.dx_year, _period, str),
        Dimension("county", "County at diagnosis", lambda: Tumor.countyAtDx, lambda v: v or "999", str,
                  population=lambda: Population.county),
    )
}


def dimension(name: str) -> Dimension:
    """The dimension called ``name``; ``ValueError`` naming the choices otherwise."""
    if name not in DIMENSIONS:
        raise ValueError(f"cannot split by {name!r}; choose from {', '.join(DIMENSIONS)}")
    return DIMENSIONS[name]


def label_rows(rows: list[dict[str, Any]], by: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
    """Copies of ``rows`` with a ``<dim>_label`` next to each grouping key (for HTML and CSV)."""
    out = []
    for row in rows:
        new = dict(row)
        for name in by:
            new[f"{name}_label"] = DIMENSIONS[name].label(row[name]) if row.get(name) is not None else "Total"
        out.append(new)
    return out


def map_groups(frame: pd.DataFrame, by: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Replace raw codes in the ``by`` columns with report categories."""
    out = frame.copy()
    for name in by:
        out[name] = out[name].map(DIMENSIONS[name].group)
    return out
