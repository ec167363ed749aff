"""The edits report: counts of failing tumors by edit, facility and year of diagnosis, from the stored results.

Everything is aggregated in SQL over ``edit_result`` joined to ``tumor`` (registry/edits/results.py). Filters:
the edit set that produced the results, the reporting facility, the year of diagnosis, the severity (errors by
default: the NAACCR EDITS convention that errors block a record and warnings ask for review; the "Failing edits"
work queue uses the same rule) and, for the list of failing records, one edit. A user limited to facilities
sees only their tumors (registry/core/permissions.py ``facility_scope``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select

from registry.abstracting.models import Facility, Patient, Tumor
from registry.edits.engine import EDIT_SETS
from registry.edits.model import SEVERITIES
from registry.edits.results import EditResult
from registry.extensions import db

Scope = frozenset[str] | None


@dataclass(frozen=True)
class ReportFilter:
    edit_set: str = ""
    facility: str = ""
    year: int | None = None
    severity: str = "error"  # "error", "warning" or "" (both)
    edit_id: str = ""

    @classmethod
    def from_args(cls, args) -> ReportFilter:
        """Read the filter from query arguments; unknown values fall back to the defaults."""
        edit_set, severity, year = args.get("set", ""), args.get("severity", "error"), args.get("year", "")
        return cls(edit_set=edit_set if edit_set in EDIT_SETS else "", facility=args.get("facility", "").strip(),
                   year=int(year) if year.isdigit() else None,
                   severity="" if severity == "all" else severity if severity in SEVERITIES else "error",
                   edit_id=args.get("edit", "").strip()[:40])

    def as_args(self, **changes) -> dict[str, str]:
        """Query arguments that reproduce this filter (with ``changes``), for links and the pager."""
        values = {**asdict(self), **changes}
        names = {"edit_set": "set", "edit_id": "edit"}
        out = {names.get(k, k): "" if v is None else str(v) for k, v in values.items()}
        out["severity"] = values["severity"] or "all"
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class EditCount:
    edit_id: str
    name: str
    severity: str
    tumors: int


@dataclass(frozen=True)
class GroupCount:
    key: str | int | None
    label: str
    tumors: int
    failing: int

    @property
    def percent(self) -> float:
        return 100.0 * self.failing / self.tumors if self.tumors else 0.0


def _tumor_conditions(f: ReportFilter, scope: Scope) -> list:
    conditions = []
    if f.facility:
        conditions.append(Tumor.reportingFacility == f.facility)
    if f.year:
        conditions.append(Tumor.dx_year == f.year)
    if scope is not None:
        conditions.append(Tumor.reportingFacility.in_(sorted(scope)))
    return conditions


def _result_conditions(f: ReportFilter) -> list:
    conditions = []
    if f.edit_set:
        conditions.append(EditResult.edit_set == f.edit_set)
    if f.severity:
        conditions.append(EditResult.severity == f.severity)
    if f.edit_id:
        conditions.append(EditResult.edit_id == f.edit_id)
    return conditions


def _failing_join(f: ReportFilter, scope: Scope, *columns):
    return (select(*columns).select_from(EditResult).join(Tumor, Tumor.id == EditResult.tumor_id)
            .where(*_result_conditions(f), *_tumor_conditions(f, scope)))


def failing_tumor_count(f: ReportFilter, scope: Scope) -> int:
    """Distinct tumors with at least one stored result matching the filter."""
    return db.session.scalar(_failing_join(f, scope, func.count(func.distinct(EditResult.tumor_id)))) or 0


def tumor_count(f: ReportFilter, scope: Scope) -> int:
    """All tumors of the facility/year selection (the denominator)."""
    return db.session.scalar(select(func.count(Tumor.id)).where(*_tumor_conditions(f, scope))) or 0


def last_run_at(f: ReportFilter, scope: Scope) -> datetime | None:
    """When the newest of the selected results was stored."""
    return db.session.scalar(_failing_join(f, scope, func.max(EditResult.run_at)))


def by_edit(f: ReportFilter, scope: Scope) -> list[EditCount]:
    """Failing tumors per edit, most first."""
    tumors = func.count(func.distinct(EditResult.tumor_id))
    stmt = (_failing_join(f, scope, EditResult.edit_id, func.max(EditResult.name), EditResult.severity, tumors)
            .group_by(EditResult.edit_id, EditResult.severity).order_by(tumors.desc(), EditResult.edit_id))
    return [EditCount(*row) for row in db.session.execute(stmt)]


def _grouped(f: ReportFilter, scope: Scope, column) -> tuple[dict, dict]:
    failing = dict(db.session.execute(_failing_join(f, scope, column, func.count(func.distinct(EditResult.tumor_id)))
                                      .group_by(column)).all())
    totals = dict(db.session.execute(select(column, func.count(Tumor.id)).where(*_tumor_conditions(f, scope))
                                     .group_by(column)).all())
    return failing, totals


def by_facility(f: ReportFilter, scope: Scope) -> list[GroupCount]:
    """Failing and all tumors per reporting facility (code order; tumors without a facility last)."""
    failing, totals = _grouped(f, scope, Tumor.reportingFacility)
    names = dict(db.session.execute(select(Facility.code, Facility.name)).all())
    keys = sorted(totals, key=lambda k: (k is None, k or ""))
    return [GroupCount(k, f"{k} {names.get(k, '')}".strip() if k else "(no facility)", totals[k],
                       failing.get(k, 0)) for k in keys]


def by_year(f: ReportFilter, scope: Scope) -> list[GroupCount]:
    """Failing and all tumors per year of diagnosis (newest first; unknown year last)."""
    failing, totals = _grouped(f, scope, Tumor.dx_year)
    keys = sorted(totals, key=lambda k: (k is None, -(k or 0)))
    return [GroupCount(k, str(k) if k else "(unknown)", totals[k], failing.get(k, 0)) for k in keys]


def failing_records(f: ReportFilter, scope: Scope, *, page: int = 1, per_page: int = 25):
    """One page of (tumor, patient, [matching results]) for tumors failing the filter, by tumor id; has_next."""
    ids = _failing_join(f, scope, EditResult.tumor_id).distinct()
    stmt = (select(Tumor, Patient).join(Patient, Tumor.patient_id == Patient.id).where(Tumor.id.in_(ids))
            .order_by(Tumor.id).offset((page - 1) * per_page).limit(per_page + 1))
    rows = [tuple(r) for r in db.session.execute(stmt)]
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    results: dict[int, list[EditResult]] = {t.id: [] for t, _p in rows}
    if results:
        stmt = (select(EditResult).where(EditResult.tumor_id.in_(list(results)), *_result_conditions(f))
                .order_by(EditResult.tumor_id, EditResult.severity, EditResult.edit_id))
        for r in db.session.scalars(stmt):
            results[r.tumor_id].append(r)
    return [(t, p, results[t.id]) for t, p in rows], has_next
