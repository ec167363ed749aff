"""New patient (with the duplicate-patient warning) and new tumor for a known patient."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from registry.abstracting.access import open_patient
from registry.abstracting.forms import NewPatientForm, NewTumorForm, choices
from registry.abstracting.intake import check_duplicates, match_reasons, start_abstract
from registry.abstracting.models import Facility
from registry.core.permissions import EDITOR_ROLES, facility_scope, roles_required, whole_registry
from registry.core.web import current_actor, transaction
from registry.extensions import db

bp = Blueprint("intake", __name__)
PATIENT_ITEMS = ("nameLast", "nameFirst", "dateOfBirth", "sexAssignedAtBirth", "socialSecurityNumber")


def facility_choices() -> list[tuple[str, str]]:
    """The facilities the signed-in user may report for."""
    scope = facility_scope(current_user)
    facilities = db.session.scalars(db.select(Facility).order_by(Facility.code)).all()
    return [(f.code, f"{f.code} {f.name}") for f in facilities if scope is None or f.code in scope]


def may_report_for(code: str) -> bool:
    """A reporting facility the signed-in user may give a new tumor: one of theirs, or none when not limited."""
    return code in {c for c, _label in facility_choices()} or (code == "" and whole_registry(current_user))


@bp.route("/patients/new", methods=["GET", "POST"])
@roles_required(*sorted(EDITOR_ROLES))
@transaction
def new_patient():
    form = NewPatientForm()
    form.reportingFacility.choices = choices(facility_choices())
    valid = form.validate_on_submit()
    if valid and not may_report_for(form.reportingFacility.data or ""):
        form.reportingFacility.errors.append("choose one of the facilities you report for")
        valid = False
    if valid:
        items = {k: (getattr(form, k).data or "").strip() for k in PATIENT_ITEMS}
        items["nameLast"], items["nameFirst"] = items["nameLast"].upper(), items["nameFirst"].upper()
        mrn = (form.medicalRecordNumber.data or "").strip()
        check = check_duplicates(current_user, items, mrn)
        if not check.found or request.form.get("create_anyway") == "yes":
            tumor = start_abstract(items, {"medicalRecordNumber": mrn,
                                           "reportingFacility": form.reportingFacility.data or ""}, current_actor())
            flash("Patient and tumor created: start abstracting.", "success")
            return redirect(url_for("abstract.show", tumor_id=tumor.id), 303)
        flash("This person may already be in the registry: check the patients below before creating a new one.",
              "error")
        return render_template("abstracting/new_patient.html", form=form, check=check,
                               reasons={p.id: match_reasons(p, items, mrn) for p in check.shown},
                               tumor_form=NewTumorForm()), 409
    return render_template("abstracting/new_patient.html", form=form, check=None, reasons={},
                           tumor_form=NewTumorForm()), 422 if form.errors else 200


@bp.post("/patients/<int:patient_id>/tumors")
@roles_required(*sorted(EDITOR_ROLES))
@transaction
def new_tumor(patient_id: int):
    patient = open_patient(patient_id)
    allowed = facility_choices()
    form = NewTumorForm()
    form.reportingFacility.choices = choices(allowed)
    if not form.validate() or form.reportingFacility.data not in {c for c, _ in allowed}:
        abort(400)
    tumor = start_abstract({}, {"reportingFacility": form.reportingFacility.data}, current_actor(), patient=patient)
    flash(f"Tumor {tumor.tumorRecordNumber} added to {patient.display_name}.", "success")
    return redirect(url_for("abstract.show", tumor_id=tumor.id), 303)
