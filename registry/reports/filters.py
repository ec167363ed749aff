"""The report filter bar: which tumors a report covers, as SQL conditions over tumor and patient.

The same :class:`ReportFilter` is built from the page's query string and from the CLI options, so every output
of a report covers the same cases. Category codes are those of :mod:`registry.reports.codes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, func, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from registry.abstracting.models import Patient, Tumor
from registry.reports.codes import ANALYTIC_CLASSES, STAGE_GROUP

BEHAVIORS = ("malignant", "in-situ", "all")
CLASSES = ("all", "analytic")


class FilterError(ValueError):
    """A filter value that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class ReportFilter:
    """Cases a report covers. ``None``/empty means no restriction on that item."""

    year_from: int | None = None
    year_to: int | None = None
    sex: str | None = None
    race: str | None = None
    sites: tuple[str, ...] = field(default_factory=tuple)
    stage: str | None = None
    age_from: int | None = None
    age_to: int | None = None
    state: str | None = None
    county: str | None = None
    behavior: str = "malignant"
    class_of_case: str = "all"

    def __post_init__(self) -> None:
        if self.behavior not in BEHAVIORS:
            raise FilterError(f"behavior must be one of {', '.join(BEHAVIORS)}")
        if self.class_of_case not in CLASSES:
            raise FilterError(f"class of case must be one of {', '.join(CLASSES)}")
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise FilterError("the first year is after the last year")
        if self.age_from is not None and self.age_to is not None and self.age_from > self.age_to:
            raise FilterError("the lowest age is above the highest age")

    def needs_patient(self) -> bool:
        return bool(self.sex or self.race)

    def describe(self) -> str:
        """Plain-words summary for the method note under each chart."""
        parts = []
        if self.year_from or self.year_to:
            parts.append(f"diagnosed {self.year_from or '…'}-{self.year_to or '…'}")
        for name in ("sex", "race", "stage", "state", "county"):
            if getattr(self, name):
                parts.append(f"{name} {getattr(self, name)}")
        if self.sites:
            parts.append("site recode " + ", ".join(self.sites))
        if self.age_from is not None or self.age_to is not None:
            parts.append(f"age {self.age_from if self.age_from is not None else 0}-{self.age_to or '…'}")
        parts.append(f"behavior {self.behavior}")
        if self.class_of_case != "all":
            parts.append("analytic cases only")
        return "; ".join(parts)

    def with_state(self, state: str | None) -> ReportFilter:
        return self if self.state or not state else replace(self, state=state)

    def as_query(self) -> dict[str, Any]:
        """Non-default values as query-string parameters (for CSV and JSON links)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "", ()) or value == f.default:
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


class unindexed(FunctionElement):  # noqa: N801 (an SQL construct, named as the SQL it stands for)
    """A column the planner should not walk an index for: ``column + 0`` on SQLite, whose planner (no statistics
    unless ANALYZE ran) would otherwise walk the index over most of the table and fetch rows out of order; the
    plain column elsewhere (PostgreSQL estimates a range from its statistics, which ``+ 0`` would hide: with a
    row estimate of 0.5 % it sorts a million rows to group them instead of hashing)."""

    type = Integer()
    inherit_cache = True


@compiles(unindexed)
def _plain_column(element: unindexed, compiler, **kw) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(unindexed, "sqlite")
def _column_plus_zero(element: unindexed, compiler, **kw) -> str:
    return f"({compiler.process(next(iter(element.clauses)), **kw)} + 0)"


def stage_code():
    """Summary Stage 2018 as reported: derived when present, else the directly coded item."""
    return func.coalesce(func.nullif(Tumor.derivedSummaryStage2018, ""), Tumor.summaryStage2018)


def _behavior(behavior: str) -> ColumnElement[bool] | None:
    bladder = Tumor.primarySite.between("C670", "C679")
    if behavior == "malignant":
        return or_(Tumor.behaviorCodeIcdO3 == "3", and_(Tumor.behaviorCodeIcdO3 == "2", bladder))
    if behavior == "in-situ":
        return Tumor.behaviorCodeIcdO3 == "2"
    return None


def _race(group: str) -> ColumnElement[bool]:
    if group == "1":
        return Patient.race1 == "01"
    if group == "2":
        return Patient.race1 == "02"
    if group == "3":
        return Patient.race1.between("03", "97")
    if group == "9":
        return or_(Patient.race1.is_(None), Patient.race1.in_(("98", "99")))
    raise FilterError("race must be 1 (White), 2 (Black), 3 (Other) or 9 (Unknown)")


def _stage(group: str) -> ColumnElement[bool]:
    codes = [code for code, g in STAGE_GROUP.items() if g == group]
    if group == "9":
        return or_(stage_code().is_(None), stage_code().notin_(list(STAGE_GROUP)))
    if not codes:
        raise FilterError("stage must be 0 (in situ), 1 (localized), 2 (regional), 7 (distant) or 9 (unknown)")
    return stage_code().in_(codes)


def conditions(filt: ReportFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions over ``tumor`` (and ``patient`` when :meth:`ReportFilter.needs_patient`)."""
    # A report that multiple-primary rules judged the same primary as another tumor is not a case of its own.
    out: list[ColumnElement[bool]] = [Tumor.status != "same_primary"]
    # report ranges span most rows, so a full scan beats the (dx_year, primary_site) index (see unindexed)
    year = unindexed(Tumor.dx_year)
    if filt.year_from:
        out.append(year >= filt.year_from)
    if filt.year_to:
        out.append(year <= filt.year_to)
    if filt.sex:
        out.append(Patient.sexAssignedAtBirth == filt.sex if filt.sex in ("1", "2")
                   else or_(Patient.sexAssignedAtBirth.is_(None), Patient.sexAssignedAtBirth.notin_(("1", "2"))))
    if filt.race:
        out.append(_race(filt.race))
    if filt.sites:
        out.append(Tumor.site_recode.in_(filt.sites))
    if filt.stage:
        out.append(_stage(filt.stage))
    if filt.age_from is not None:
        out.append(Tumor.ageAtDiagnosis >= f"{filt.age_from:03d}")
    if filt.age_to is not None:
        out.append(Tumor.ageAtDiagnosis <= f"{filt.age_to:03d}")
    if filt.age_from is not None or filt.age_to is not None:
        out.append(Tumor.ageAtDiagnosis < "999")
    if filt.state:
        out.append(Tumor.addrAtDxState == filt.state)
    if filt.county:
        out.append(Tumor.countyAtDx == filt.county)
    if (behavior := _behavior(filt.behavior)) is not None:
        out.append(behavior)
    if filt.class_of_case == "analytic":
        out.append(Tumor.classOfCase.in_(ANALYTIC_CLASSES))
    return out


def _int(value: Any, name: str, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise FilterError(f"{name} must be a whole number") from exc
    if not low <= number <= high:
        raise FilterError(f"{name} must be between {low} and {high}")
    return number


def parse_filter(values: Mapping[str, Any], sites: list[str] | tuple[str, ...] = ()) -> ReportFilter:
    """A filter from strings (query string or CLI options); raises :class:`FilterError` on a bad value."""
    def text(name: str) -> str | None:
        value = values.get(name)
        return str(value).strip() or None if value not in (None, "") else None

    return ReportFilter(
        year_from=_int(values.get("year_from"), "year_from", 1900, 2100),
        year_to=_int(values.get("year_to"), "year_to", 1900, 2100),
        sex=text("sex"), race=text("race"), stage=text("stage"),
        sites=tuple(s.strip() for s in sites if s and s.strip()),
        age_from=_int(values.get("age_from"), "age_from", 0, 120),
        age_to=_int(values.get("age_to"), "age_to", 0, 120),
        state=(text("state") or "").upper() or None, county=text("county"),
        behavior=text("behavior") or "malignant", class_of_case=text("class_of_case") or "all",
    )
