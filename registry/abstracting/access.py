"""Opening a patient or tumor for a page: 404 when there is none, 403 when the signed-in user may not see it.

Every route that takes a patient or tumor id, in the URL or in a form field, opens it through these functions
(never with a bare ``db.session.get``), so that role and facility limits are checked in one place.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from registry.abstracting.fields import Problem
from registry.abstracting.models import Patient, Tumor
from registry.core.permissions import can_change_tumor, can_open_patient, in_facility_scope
from registry.extensions import db


def open_patient(patient_id: int | None) -> Patient:
    patient = db.session.get(Patient, patient_id) if patient_id else None
    if patient is None:
        abort(404)
    if not can_open_patient(current_user, patient):
        abort(403)
    return patient


def open_tumor(tumor_id: int | None) -> Tumor:
    """A tumor to read: the user may open its patient."""
    tumor = db.session.get(Tumor, tumor_id) if tumor_id else None
    if tumor is None:
        abort(404)
    if not can_open_patient(current_user, tumor.patient):
        abort(403)
    return tumor


def tumor_to_change(tumor_id: int | None) -> Tumor:
    """A tumor to save, review or link a case to: it is reported by one of the user's facilities."""
    tumor = open_tumor(tumor_id)
    if not can_change_tumor(current_user, tumor):
        abort(403)
    return tumor


def facility_problems(values: dict[str, str]) -> list[Problem]:
    """A save may not move a tumor to a facility the user does not work for (a blocking problem)."""
    if "reportingFacility" not in values or in_facility_scope(current_user, values["reportingFacility"]):
        return []
    return [Problem("reportingFacility", "scope", "not one of the facilities you report for")]
