"""Business rules for profiles and batches: save a profile, mark a batch sent, accepted or rejected.

Each function takes an :class:`~registry.core.audit.Actor`, writes the audit entry and flushes; the caller (a
view's transaction, the CLI) commits once. Sending a batch is a disclosure of identifiable data to the
recipient, required by state law (HIPAA permits it without authorisation under 45 CFR 164.512(a) and
164.512(b), and it belongs in each patient's accounting of disclosures under 45 CFR 164.528), so marking a
batch sent records one disclosure per patient in it.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from registry.core import audit
from registry.core.base import utcnow
from registry.extensions import db
from registry.submissions.models import Disclosure, SubmissionBatch, SubmissionItem, SubmissionProfile
from registry.submissions.profiles import Profile, parse_profile

SUBMISSION_BASIS = "Required by law: state cancer reporting (45 CFR 164.512(a), (b))"


class BatchStateError(ValueError):
    """The batch is not in a state that allows this step."""


def get_profile(name: str) -> SubmissionProfile | None:
    return db.session.scalar(select(SubmissionProfile).where(SubmissionProfile.name == name))


def save_profile(text: str, actor: audit.Actor, *, profile_id: int | None = None) -> SubmissionProfile:
    """Create or change a profile from its YAML (checked first: ProfileError lists the problems).

    With ``profile_id`` that profile is changed (it may be renamed); without, the profile of the same name is
    changed or a new one is made.
    """
    profile: Profile = parse_profile(text)
    row = db.session.get(SubmissionProfile, profile_id) if profile_id is not None else get_profile(profile.name)
    action = "update" if row is not None else "create"
    if row is None:
        row = SubmissionProfile(name=profile.name, recipient=profile.recipient, yaml=text, updated_by=actor.username)
        db.session.add(row)
    before = {"yaml": row.yaml}
    row.name, row.recipient, row.yaml, row.updated_by = profile.name, profile.recipient, text, actor.username
    db.session.flush()
    audit.record(actor, action, "submission_profile", row.id, changes=audit.diff(before, {"yaml": text}),
                 note=f"profile {profile.name}")
    return row


def _require(batch: SubmissionBatch, allowed: tuple[str, ...], step: str) -> None:
    if batch.status not in allowed:
        raise BatchStateError(f"batch {batch.number} is {batch.status}; only a {' or '.join(allowed)} batch "
                              f"can be {step}")


def mark_sent(batch: SubmissionBatch, actor: audit.Actor) -> int:
    """Mark a built batch sent and record the disclosure for each patient in it; returns the patients."""
    _require(batch, ("built",), "marked sent")
    batch.status, batch.sent_by, batch.sent_at = "sent", actor.username, utcnow()
    patient_ids = sorted(set(db.session.scalars(
        select(SubmissionItem.patient_id).where(SubmissionItem.batch_id == batch.id,
                                                SubmissionItem.patient_id.is_not(None)))))
    profile = batch.profile
    rows = [{"patient_id": pid, "disclosed_at": batch.sent_at, "recipient": profile.recipient,
             "purpose": "Cancer registry reporting", "legal_basis": SUBMISSION_BASIS, "batch_id": batch.id,
             "description": f"Submission {batch.file_name}: the patient's abstract(s) in NAACCR XML, "
                            "including name, address, dates, SSN and medical record number"} for pid in patient_ids]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Disclosure), rows[start:start + 5000])
    audit.record(actor, "sent", "submission_batch", batch.id, note=f"{len(patient_ids)} patients disclosed")
    db.session.flush()
    return len(patient_ids)


def close_batch(batch: SubmissionBatch, accepted: bool, actor: audit.Actor, *, note: str = "",
                report_name: str | None = None, report: bytes | None = None) -> None:
    """Record the recipient's answer (accepted or rejected) with its report attached.

    A rejected batch no longer counts as sent: its cases go into the next batch again.
    """
    _require(batch, ("sent",), "accepted or rejected")
    batch.status = "accepted" if accepted else "rejected"
    batch.closed_by, batch.closed_at = actor.username, utcnow()
    batch.response_note = note or None
    if report is not None:
        batch.response_file_name, batch.response_file = report_name or "report", report
    audit.record(actor, batch.status, "submission_batch", batch.id, note=note or None)
    db.session.flush()
