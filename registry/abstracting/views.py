"""Patient search, the patient page and the tumor page (read-only views; the abstract screen edits)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from registry.abstracting.access import open_patient, open_tumor
from registry.abstracting.intake_views import facility_choices
from registry.abstracting.operations import record_view
from registry.abstracting.queries import PatientSearch, search_patients
from registry.abstracting.sections import group_items
from registry.core import audit
from registry.core.permissions import can_edit, facility_scope, identified_access
from registry.core.web import current_actor, transaction
from registry.extensions import db
from registry.naaccr import lookups
from registry.naaccr.dates import format_naaccr_date
from registry.naaccr.dictionary import current

bp = Blueprint("abstracting", __name__)


def describe(naaccr_id: str, value: str) -> dict:
    """What a page shows for one item: NAACCR name and number, the value and its code label."""
    item = current().get(naaccr_id)
    shown = format_naaccr_date(value) if item and item.is_date else value
    return {
        "id": naaccr_id,
        "name": item.name if item else naaccr_id,
        "number": item.number if item else None,
        "value": shown,
        "label": lookups.label(naaccr_id, value) if value else None,
    }


@bp.route("/patients")
@identified_access
def search():
    args = request.args
    criteria = PatientSearch(
        name=args.get("name", "").strip(),
        date_of_birth=args.get("dob", "").strip(),
        medical_record_number=args.get("mrn", "").strip(),
        accession_number=args.get("accession", "").strip(),
        patient_id_number=args.get("pid", "").strip(),
    )
    page = max(1, request.args.get("page", 1, type=int))
    rows, has_next = [], False
    if not criteria.empty:
        rows, has_next = search_patients(
            db.session, criteria, facility_scope(current_user), page=page, per_page=current_app.config["PAGE_SIZE"]
        )
    return render_template("abstracting/search.html", criteria=criteria, rows=rows, page=page, has_next=has_next)


@bp.route("/patients/<int:patient_id>")
@identified_access
@transaction
def patient(patient_id: int):
    patient = open_patient(patient_id)
    record_view(patient, current_actor())
    items = patient.items()
    return render_template("abstracting/patient.html", patient=patient, sections=group_items(items), items=items,
                           describe=describe, facilities=facility_choices() if can_edit(current_user) else [])


@bp.route("/tumors/<int:tumor_id>")
@identified_access
@transaction
def tumor(tumor_id: int):
    tumor = open_tumor(tumor_id)
    patient = tumor.patient
    record_view(patient, current_actor(), what="tumor")
    items = {**patient.items(), **tumor.items()}
    return render_template("abstracting/tumor.html", patient=patient, tumor=tumor, items=items,
                           sections=group_items(items), describe=describe)


@bp.route("/patients/<int:patient_id>/history")
@identified_access
@transaction
def history(patient_id: int):
    patient = open_patient(patient_id)
    record_view(patient, current_actor(), what="history")
    return render_template("abstracting/history.html", patient=patient, events=audit.history(patient.id))
