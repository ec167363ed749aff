"""Timeliness: per diagnosis month, how many of a profile's cases were abstracted and submitted in time.

The deadline is the profile's ``deadline_days`` after ``deadline_from`` (Date of Diagnosis, or Date of First
Contact, falling back to the diagnosis date when it is blank), as state reporting rules put it (e.g. "within
180 days of diagnosis or first contact"). Cases are the profile's reportable cases whatever their status.

* abstracted: Date Case Completed (NAACCR #2090) when recorded; otherwise the first time the abstract was
  marked complete (the audit trail), or when a complete record was loaded; an incomplete case is not abstracted.
* submitted: when the first batch holding the case was marked sent (sent or accepted batches of the profile).

Cases diagnosed with only a year (no month) are counted under "YYYY-??".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select

from registry.abstracting.models import Tumor
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.naaccr.dates import parse_naaccr_date
from registry.submissions.models import SENT_STATUSES, SubmissionBatch, SubmissionItem
from registry.submissions.profiles import Profile
from registry.submissions.selection import case_conditions


@dataclass
class MonthRow:
    month: str
    cases: int = 0
    abstracted: int = 0
    abstracted_on_time: int = 0
    submitted: int = 0
    submitted_on_time: int = 0

    @property
    def abstracted_pct(self) -> float:
        return 100.0 * self.abstracted_on_time / self.cases if self.cases else 0.0

    @property
    def submitted_pct(self) -> float:
        return 100.0 * self.submitted_on_time / self.cases if self.cases else 0.0


def _completed_at() -> dict[int, date]:
    """tumor id -> the day it was first marked complete or reviewed (from the audit trail)."""
    stmt = (select(AuditEvent.entity_id, func.min(AuditEvent.at))
            .where(AuditEvent.entity == "tumor", AuditEvent.action == "status")
            .group_by(AuditEvent.entity_id))
    return {tumor_id: at.date() for tumor_id, at in db.session.execute(stmt) if tumor_id is not None}


def _submitted_at(profile_id: int) -> dict[int, date]:
    stmt = (select(SubmissionItem.tumor_id, func.min(SubmissionBatch.sent_at))
            .join(SubmissionBatch, SubmissionBatch.id == SubmissionItem.batch_id)
            .where(SubmissionBatch.profile_id == profile_id, SubmissionBatch.status.in_(SENT_STATUSES))
            .group_by(SubmissionItem.tumor_id))
    return {tumor_id: at.date() for tumor_id, at in db.session.execute(stmt) if tumor_id is not None and at}


def _month(dx: str) -> str:
    return f"{dx[:4]}-{dx[4:6]}" if len(dx) >= 6 else f"{dx[:4]}-??"


def timeliness(profile: Profile, profile_id: int | None, *, dx_year_from: int | None = None) -> list[MonthRow]:
    """One row per diagnosis month (oldest first) of the profile's cases."""
    selection = replace(profile.selection, statuses=())
    conds = case_conditions(selection) + ([Tumor.dx_year >= dx_year_from] if dx_year_from else [])
    stmt = select(Tumor.id, Tumor.dateOfDiagnosis, Tumor.dateOf1stContact, Tumor.dateCaseCompleted, Tumor.status,
                  Tumor.created_at).where(Tumor.dateOfDiagnosis.is_not(None), *conds)
    completed = _completed_at()
    submitted = _submitted_at(profile_id) if profile_id is not None else {}
    rows: dict[str, MonthRow] = {}
    for tumor_id, dx, first_contact, case_completed, status, created in db.session.execute(stmt):
        start = parse_naaccr_date(first_contact if profile.deadline_from == "dateOf1stContact" and first_contact
                                  else dx)
        row = rows.setdefault(_month(dx), MonthRow(_month(dx)))
        row.cases += 1
        deadline = start + timedelta(days=profile.deadline_days) if start else None
        done = parse_naaccr_date(case_completed) or completed.get(tumor_id) or (
            created.date() if status in ("complete", "reviewed") else None)
        if done is not None and status in ("complete", "reviewed"):
            row.abstracted += 1
            row.abstracted_on_time += bool(deadline and done <= deadline)
        sent = submitted.get(tumor_id)
        if sent is not None:
            row.submitted += 1
            row.submitted_on_time += bool(deadline and sent <= deadline)
    return [rows[k] for k in sorted(rows)]
