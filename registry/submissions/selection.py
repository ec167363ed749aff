"""Which cases go into a profile's next batch: the profile's case rules, then new cases and corrections.

A tumor is *new* when no batch of the profile that was sent (or accepted) contains it, and a *correction*
when one did but the tumor's ``version`` or its patient's ``version`` has changed since the last such batch
(every change through ``registry.abstracting.operations`` raises the row's version). An unchanged tumor is
never sent twice; a rejected or blocked batch does not count as sent, so its cases go again.

Reportable behaviour: ICD-O-3 behaviour codes listed in the profile (usually 2 in situ, 3 malignant) and, with
``benign_brain``, behaviour 0/1 of the brain and CNS sites C70.0-C72.9, C75.1-C75.3 (Benign Brain Tumor
Cancer Registries Amendment Act, Public Law 107-260, reportable for diagnoses from 2004).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from registry.abstracting.models import Patient, Tumor
from registry.extensions import db
from registry.submissions.models import SENT_STATUSES, SubmissionBatch, SubmissionItem
from registry.submissions.profiles import Profile, Selection

NEW, CORRECTION = "new", "correction"
BENIGN_BRAIN_SITES = ("C751", "C752", "C753")


@dataclass(frozen=True, slots=True)
class Candidate:
    tumor_id: int
    patient_id: int
    tumor_version: int
    patient_version: int
    kind: str  # NEW or CORRECTION


def case_conditions(sel: Selection) -> list:
    """SQL conditions on Tumor for the profile's case rules."""
    conds = []
    if sel.dx_year_from is not None:
        conds.append(Tumor.dx_year >= sel.dx_year_from)
    if sel.dx_year_to is not None:
        conds.append(Tumor.dx_year <= sel.dx_year_to)
    if sel.class_of_case:
        conds.append(Tumor.classOfCase.in_(sel.class_of_case))
    if sel.facilities:
        conds.append(Tumor.reportingFacility.in_(sel.facilities))
    if sel.statuses:
        conds.append(Tumor.status.in_(sel.statuses))
    behavior = [Tumor.behaviorCodeIcdO3.in_(sel.behaviors)] if sel.behaviors else []
    if sel.benign_brain:
        brain = or_(Tumor.primarySite.between("C700", "C729"), Tumor.primarySite.in_(BENIGN_BRAIN_SITES))
        behavior.append(and_(Tumor.behaviorCodeIcdO3.in_(("0", "1")), brain, Tumor.dx_year >= 2004))
    if behavior:
        conds.append(or_(*behavior))
    return conds


def last_sent_versions(profile_id: int) -> dict[int, tuple[int, int]]:
    """tumor id -> (tumor version, patient version) as last sent to this profile's recipient."""
    stmt = (
        select(SubmissionItem.tumor_id, SubmissionItem.tumor_version, SubmissionItem.patient_version)
        .join(SubmissionBatch, SubmissionBatch.id == SubmissionItem.batch_id)
        .where(SubmissionBatch.profile_id == profile_id, SubmissionBatch.status.in_(SENT_STATUSES),
               SubmissionItem.tumor_id.is_not(None))
        .order_by(SubmissionBatch.id)
    )
    return {tumor_id: (tv, pv) for tumor_id, tv, pv in db.session.execute(stmt)}


def select_cases(profile: Profile, profile_id: int | None) -> list[Candidate]:
    """The tumors of the next batch, in patient then tumor order."""
    sent = last_sent_versions(profile_id) if profile_id is not None else {}
    stmt = (
        select(Tumor.id, Tumor.patient_id, Tumor.version, Patient.version)
        .join(Patient, Patient.id == Tumor.patient_id)
        .where(*case_conditions(profile.selection))
        .order_by(Tumor.patient_id, Tumor.id)
    )
    chosen: list[Candidate] = []
    for tumor_id, patient_id, tumor_version, patient_version in db.session.execute(stmt):
        before = sent.get(tumor_id)
        if before is None:
            kind = NEW
        elif before != (tumor_version, patient_version) and profile.send == "corrections":
            kind = CORRECTION
        else:
            continue
        chosen.append(Candidate(tumor_id, patient_id, tumor_version, patient_version, kind))
    return chosen
