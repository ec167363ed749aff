"""The casefinding queue: enter or import suspected cases, then abstract, link or mark not reportable."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from registry.abstracting.access import open_patient, tumor_to_change
from registry.abstracting.casefinding import (
    CasefindingCase,
    CasefindingError,
    add_case,
    import_cases,
    link_case,
    mark_not_reportable,
)
from registry.abstracting.forms import CaseForm, CaseImportForm, NotReportableForm, choices
from registry.abstracting.intake import abstract_case, check_duplicates
from registry.abstracting.intake_views import facility_choices
from registry.abstracting.models import Facility
from registry.core.permissions import (
    EDITOR_ROLES,
    facility_scope,
    identified_access,
    in_facility_scope,
    roles_required,
)
from registry.core.web import current_actor, transaction
from registry.extensions import db

bp = Blueprint("casefinding", __name__, url_prefix="/casefinding")
_editors = roles_required(*sorted(EDITOR_ROLES))


def _facilities() -> dict[str, Facility]:
    codes = {c for c, _label in facility_choices()}
    return {f.code: f for f in db.session.scalars(select(Facility)) if f.code in codes}


def _open_case(case_id: int) -> CasefindingCase:
    """A case to read or resolve: cases without a facility are every identified user's; the others their
    facility's only."""
    case = db.session.get(CasefindingCase, case_id) or abort(404)
    if case.facility is not None and not in_facility_scope(current_user, case.facility.code):
        abort(403)
    return case


def _case_list(status: str, page: int):
    stmt = select(CasefindingCase).where(CasefindingCase.status == status)
    scope = facility_scope(current_user)
    if scope is not None:
        stmt = stmt.outerjoin(Facility).where(or_(CasefindingCase.facility_id.is_(None), Facility.code.in_(scope)))
    per_page = current_app.config["PAGE_SIZE"]
    rows = list(db.session.scalars(stmt.order_by(CasefindingCase.created_at, CasefindingCase.id)
                                    .offset((page - 1) * per_page).limit(per_page + 1)))
    return rows[:per_page], len(rows) > per_page


def _page(form: CaseForm, status_code: int = 200):
    status = request.args.get("status", "open")
    page = max(1, request.args.get("page", 1, type=int))
    rows, has_next = _case_list(status, page)
    return render_template("abstracting/casefinding.html", form=form, import_form=CaseImportForm(), rows=rows,
                           status=status, page=page, has_next=has_next), status_code


def _case_form() -> CaseForm:
    form = CaseForm()
    form.facility.choices = choices([("", "—"), *facility_choices()])
    return form


@bp.get("")
@identified_access
def index():
    return _page(_case_form())


@bp.post("")
@_editors
@transaction
def add():
    form = _case_form()
    if not form.validate_on_submit():
        return _page(form, 422)
    if form.facility.data and form.facility.data not in _facilities():
        flash("Not added: choose one of the facilities you report for.", "error")
        return _page(form, 422)
    try:
        case = add_case(form.data, current_actor(), facility=_facilities().get(form.facility.data))
    except CasefindingError as exc:
        db.session.rollback()
        flash(f"Not added: {exc}.", "error")
        return _page(form, 422)
    flash(f"Case added: {case.display_name}.", "success")
    return redirect(url_for("casefinding.index"), 303)


@bp.post("/import")
@_editors
@transaction
def import_file():
    form = CaseImportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        count = import_cases(form.file.data.read().decode("utf-8-sig"), current_actor(), _facilities())
    except (CasefindingError, UnicodeDecodeError) as exc:
        db.session.rollback()
        flash(f"Nothing imported: {exc}.", "error")
        return redirect(url_for("casefinding.index"), 303)
    flash(f"{count} case(s) imported.", "success")
    return redirect(url_for("casefinding.index"), 303)


@bp.get("/<int:case_id>")
@identified_access
def show(case_id: int):
    case = _open_case(case_id)
    check = check_duplicates(current_user, case.patient_items(), case.medical_record_number or "")
    return render_template("abstracting/case.html", case=case, check=check, not_reportable=NotReportableForm())


@bp.post("/<int:case_id>/abstract")
@_editors
@transaction
def abstract(case_id: int):
    case = _open_case(case_id)
    patient_id = request.form.get("patient_id", type=int)
    patient = open_patient(patient_id) if patient_id else None
    try:
        tumor = abstract_case(case, current_actor(), patient=patient)
    except CasefindingError as exc:
        flash(str(exc), "error")
        return redirect(url_for("casefinding.show", case_id=case.id), 303)
    return redirect(url_for("abstract.show", tumor_id=tumor.id), 303)


@bp.post("/<int:case_id>/link")
@_editors
@transaction
def link(case_id: int):
    case = _open_case(case_id)
    tumor = tumor_to_change(request.form.get("tumor_id", type=int))
    try:
        link_case(case, tumor, current_actor())
    except CasefindingError as exc:
        flash(str(exc), "error")
        return redirect(url_for("casefinding.show", case_id=case.id), 303)
    flash(f"Case linked to tumor {tumor.tumorRecordNumber} of {tumor.patient.display_name}.", "success")
    return redirect(url_for("casefinding.index"), 303)


@bp.post("/<int:case_id>/not-reportable")
@_editors
@transaction
def not_reportable(case_id: int):
    case = _open_case(case_id)
    form = NotReportableForm()
    if not form.validate_on_submit():
        abort(400)
    reason = form.reason.data + (f": {form.note.data.strip()}" if (form.note.data or "").strip() else "")
    try:
        mark_not_reportable(case, reason, current_actor())
    except CasefindingError as exc:
        flash(str(exc), "error")
        return redirect(url_for("casefinding.show", case_id=case.id), 303)
    flash("Marked not reportable.", "success")
    return redirect(url_for("casefinding.index"), 303)
