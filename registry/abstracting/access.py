"""Opening a patient for a page: 404 when there is none, 403 when the signed-in user may not see it."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from registry.abstracting.models import Patient
from registry.core.permissions import can_open_patient
from registry.extensions import db


def open_patient(patient_id: int) -> Patient:
    patient = db.session.get(Patient, patient_id)
    if patient is None:
        abort(404)
    if not can_open_patient(current_user, patient):
        abort(403)
    return patient
