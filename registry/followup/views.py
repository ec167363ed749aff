"""The follow-up area: due list (filters, CSV, letters), patient follow-up page with contact entry.

Identified pages (due list, patient page, letters, death clearance) are for admin, registrar and reviewer and
respect a user's facility limits; entering contacts and printing letters need admin or registrar. The rates
dashboard (``rate_views``) is aggregate only and open to every role.
"""

from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from registry.abstracting.access import open_patient
from registry.abstracting.models import Patient
from registry.abstracting.operations import StaleRecord, record_view
from registry.core import csvsafe
from registry.core.permissions import facility_scope, identified_access, roles_required
from registry.core.web import current_actor, transaction
from registry.extensions import db
from registry.followup.forms import FormError, contact_from_form, day_arg, due_filters, version_from_form
from registry.followup.letter_operations import letters_of
from registry.followup.models import FollowUpLetter
from registry.followup.operations import ContactError, contact_history, record_contact
from registry.followup.queries import LIST_COLUMNS, due_table, followup_frame, patient_frame
from registry.followup.settings import followup_settings
from registry.followup.status import followup_status
from registry.naaccr.lookups import codes

bp = Blueprint("followup", __name__, url_prefix="/followup")
EDITORS = ("admin", "registrar")
SHOWN_ROWS = 500
CSV_COLUMNS = ("patientIdNumber", "nameLast", "nameFirst", "status", "reason", "dateOfLastContact",
               "reportingFacility", "physicianManaging")


def _due(args):
    """(as-of date, filters, statuses, the due table) from the query string."""
    as_of = day_arg(args, "as_of", date.today())
    filters, statuses = due_filters(args, facility_scope(current_user))
    table = due_table(followup_frame(LIST_COLUMNS), as_of, followup_settings(), filters, statuses)
    return as_of, table


def _open_letters(patient_ids: list[int]) -> dict[int, date]:
    """The latest unanswered letter date of each listed patient."""
    if not patient_ids:
        return {}
    stmt = (select(FollowUpLetter.patient_id, func.max(FollowUpLetter.letter_date))
            .where(FollowUpLetter.answered_by_contact_id.is_(None)).group_by(FollowUpLetter.patient_id))
    wanted = set(patient_ids)
    return {pid: day for pid, day in db.session.execute(stmt) if pid in wanted}


@bp.route("/")
@identified_access
def index():
    try:
        as_of, table = _due(request.args)
    except FormError as exc:
        flash(str(exc), "error")
        return redirect(url_for("followup.index"))
    shown = table.head(SHOWN_ROWS).to_dict("records")
    counts = table["status"].value_counts().to_dict()
    return render_template("followup/due.html", rows=shown, total=len(table), counts=counts, as_of=as_of,
                           args=request.args, open_letters=_open_letters([r["patient_id"] for r in shown]),
                           query=request.query_string.decode(), can_send=current_user.role in EDITORS)


@bp.route("/due.csv")
@identified_access
def due_csv():
    try:
        as_of, table = _due(request.args)
    except FormError as exc:
        return Response(f"{exc}\n", status=400, mimetype="text/plain")
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in table.to_dict("records"):
        writer.writerow([row.get(c, "") for c in CSV_COLUMNS])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="followup-due-{as_of.isoformat()}.csv"'})


def _patient_status(patient: Patient) -> dict:
    """The patient's follow-up status today (the same rules as the due list)."""
    frame = patient_frame(patient)
    if frame is None:
        return {"status": "excluded", "reason": "no tumors"}
    row = followup_status(frame, date.today(), **followup_settings().months).iloc[0]
    return {"status": row["status"], "reason": row["reason"]}


def _render_patient(patient: Patient, form=None, status_code: int = 200):
    return render_template(
        "followup/patient.html", patient=patient, status=_patient_status(patient),
        contacts=contact_history(patient.id), letters=letters_of(patient.id), form=form or {},
        sources=codes("followUpSource"), central_sources=codes("followUpSourceCentral"),
        cancer_statuses=codes("cancerStatus"), can_enter=current_user.role in EDITORS), status_code


@bp.route("/patients/<int:patient_id>")
@identified_access
@transaction
def patient(patient_id: int):
    found = open_patient(patient_id)
    record_view(found, current_actor(), what="followup")
    return _render_patient(found)


@bp.route("/patients/<int:patient_id>/contacts", methods=["POST"])
@roles_required(*EDITORS)
@transaction
def add_contact(patient_id: int):
    found = open_patient(patient_id)
    try:
        contact = contact_from_form(request.form, found)
        record_contact(found, contact, current_actor(), expected_version=version_from_form(request.form))
    except (FormError, ContactError, StaleRecord) as exc:
        db.session.rollback()
        flash(f"The contact was not saved: {exc}", "error")
        return _render_patient(db.session.get(Patient, patient_id), request.form, 400)
    flash("Contact saved.", "success")
    return redirect(url_for("followup.patient", patient_id=patient_id))


from registry.followup import death_views, letter_views, rate_views  # noqa: E402,F401  (routes on bp)
