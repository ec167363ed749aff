"""Saving the abstract screen: one call that stores the work, derives staging, runs edits and sets the status.

Rules (the issue "abstracting workspace", point 4):

* the work is always kept: values that fit their items are saved even when edits fail; the status then
  stays (or becomes) incomplete and the failing edits are stored with the tumor;
* values that cannot be stored (too long, wrong type, impossible date) refuse the save; nothing is written
  and the screen shows the registrar's values with the reasons;
* "complete" is granted only when :func:`completion.completion_blockers` finds nothing;
* optimistic locking: the form carries the versions of the patient and the tumor it was opened at; if either
  changed since, :class:`~registry.abstracting.operations.StaleRecord` is raised and nothing is written;
* staging items are re-derived on every save (``registry.staging.naaccr_mapping.derive_for_record``), Date
  Case Last Changed [2090] is set on a change and Date Case Completed [2092] when completed;
* saving changes to a completed or reviewed abstract reopens it (incomplete) unless it is completed again;
* every save writes an audit entry (the field changes, or a "save" entry when nothing changed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from registry.abstracting.completion import completion_blockers
from registry.abstracting.fields import Problem, spec_for
from registry.abstracting.models import Patient, Tumor
from registry.abstracting.operations import StaleRecord, set_status, update_patient, update_tumor
from registry.core import audit
from registry.edits.results import store_results
from registry.extensions import db

EDIT_SET = "hospital"


@dataclass
class SaveOutcome:
    saved: bool = False
    changes: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    failures: list = field(default_factory=list)
    completed: bool = False
    blockers: list[str] = field(default_factory=list)


def run_record_edits(record: Mapping[str, str]) -> list:
    """The hospital edit set on one flat record (the edits package's engine)."""
    from registry.edits.engine import run_edits

    return run_edits(record, EDIT_SET)


def derive_staging(record: Mapping[str, str]) -> dict[str, str]:
    """Staging items derived from the record by the algorithm of its year (the staging package)."""
    from registry.staging.naaccr_mapping import derive_for_record

    updates, _result = derive_for_record(record)
    return updates


def split_values(values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(patient items, tumor items) of the screen's values, by each item's NAACCR level."""
    patient, tumor = {}, {}
    for key, value in values.items():
        spec = spec_for(key)
        (patient if spec is not None and spec.level == "Patient" else tumor)[key] = value
    return patient, tumor


def _changed(current: Mapping[str, str], wanted: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in wanted.items() if (current.get(k) or "") != v}


def check_versions(patient: Patient, tumor: Tumor, patient_version: int, tumor_version: int) -> None:
    """Both records must still be at the versions the form was opened at."""
    if patient.version != patient_version:
        raise StaleRecord("patient", patient.id, patient_version, patient.version)
    if tumor.version != tumor_version:
        raise StaleRecord("tumor", tumor.id, tumor_version, tumor.version)


def _tumor_updates(patient: Patient, tumor: Tumor, tumor_changes: dict[str, str], patient_changed: bool) -> dict:
    record = {**patient.items(), **tumor.items(), **tumor_changes}
    derived = {k: v for k, v in derive_staging(record).items() if (tumor.items().get(k) or "") != v}
    updates = {**tumor_changes, **derived}
    if updates or patient_changed:
        updates["dateCaseLastChanged"] = date.today().strftime("%Y%m%d")
    return updates


def save_abstract(
    tumor: Tumor, values: Mapping[str, str], problems: list[Problem], actor: audit.Actor,
    *, patient_version: int, tumor_version: int, complete: bool = False,
) -> SaveOutcome:
    """Save the screen's values for a tumor and its patient; see the module rules. The caller commits."""
    outcome = SaveOutcome(problems=list(problems))
    if any(p.blocking for p in problems):
        return outcome
    patient = tumor.patient
    check_versions(patient, tumor, patient_version, tumor_version)
    patient_values, tumor_values = split_values(values)
    patient_changes = _changed(patient.items(), patient_values)
    tumor_updates = _tumor_updates(patient, tumor, _changed(tumor.items(), tumor_values), bool(patient_changes))
    outcome.changes.update(update_patient(patient, patient_changes, actor, expected_version=patient_version))
    outcome.changes.update(update_tumor(tumor, tumor_updates, actor, expected_version=tumor_version))
    outcome.saved = True
    record = {**patient.items(), **tumor.items()}
    outcome.failures = run_record_edits(record)
    store_results(tumor.id, outcome.failures)
    _settle_status(tumor, record, outcome, actor, complete)
    if not outcome.changes and not outcome.completed:
        audit.record(actor, "save", "tumor", tumor.id, patient_id=tumor.patient_id, note="saved without changes")
    db.session.flush()
    return outcome


def _settle_status(tumor: Tumor, record: dict, outcome: SaveOutcome, actor: audit.Actor, complete: bool) -> None:
    if complete:
        outcome.blockers = completion_blockers(record, outcome.failures, outcome.problems)
        if not outcome.blockers:
            outcome.changes.update(update_tumor(tumor, {"dateCaseCompleted": date.today().strftime("%Y%m%d")}, actor,
                                                expected_version=None))
            set_status(tumor, "complete", actor, note="completed by the abstractor")
            outcome.completed = True
            return
    if tumor.status != "incomplete" and (outcome.changes or complete):
        set_status(tumor, "incomplete", actor, note="reopened: changed after completion")


def review_abstract(tumor: Tumor, approve: bool, comment: str, actor: audit.Actor) -> None:
    """A reviewer approves a complete abstract (reviewed) or returns it to the abstractor (incomplete)."""
    if tumor.status != "complete":
        raise ValueError("only a complete abstract can be reviewed")
    comment = comment.strip()
    if not approve and not comment:
        raise ValueError("say why the abstract is returned")
    if approve:
        set_status(tumor, "reviewed", actor, note=f"approved: {comment}" if comment else "approved")
    else:
        set_status(tumor, "incomplete", actor, note=f"returned: {comment}")
