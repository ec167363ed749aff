"""The abstract screen: show, save (with conflict merge), review, and the JSON the screen's script reads."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from registry.abstracting.access import facility_problems, open_tumor, tumor_to_change
from registry.abstracting.coding import search_histology, search_topography, site_type_warning, staging_help
from registry.abstracting.conflicts import baseline_of, merge, parse_baseline
from registry.abstracting.field_html import field_html
from registry.abstracting.fields import read_form, spec_for, specs_json
from registry.abstracting.forms import AbstractForm, ReviewForm
from registry.abstracting.operations import StaleRecord, record_view
from registry.abstracting.queues import QueueSpec, next_in_queue
from registry.abstracting.saving import review_abstract, save_abstract
from registry.abstracting.screen import SHORTCUTS, build_screen, saved_values
from registry.core.permissions import EDITOR_ROLES, can_change_tumor, facility_scope, identified_access, roles_required
from registry.core.web import current_actor, transaction
from registry.extensions import db

bp = Blueprint("abstract", __name__, url_prefix="/abstracts")
REVIEWER_ROLES = ("admin", "reviewer")


def _render(screen, form: AbstractForm, status: int = 200):
    """The screen at the record's current versions; the baseline is what is saved now."""
    return render_template(
        "abstracting/abstract.html", s=screen, form=form, review_form=ReviewForm(), shortcuts=SHORTCUTS,
        can_save=current_user.role in EDITOR_ROLES and can_change_tumor(current_user, screen.tumor),
        can_review=current_user.role in REVIEWER_ROLES and can_change_tumor(current_user, screen.tumor),
        queue_args=form.queue.data or "", specs_by_id=spec_for, field_html=field_html,
        baseline=baseline_of(saved_values(screen.tumor)),
    ), status


@bp.get("/<int:tumor_id>")
@identified_access
@transaction
def show(tumor_id: int):
    tumor = open_tumor(tumor_id)
    record_view(tumor.patient, current_actor(), what="tumor")
    form = AbstractForm(formdata=None, queue=request.args.get("queue", ""))
    return _render(build_screen(tumor), form)


@bp.post("/<int:tumor_id>")
@roles_required(*sorted(EDITOR_ROLES))
@transaction
def save(tumor_id: int):
    tumor = tumor_to_change(tumor_id)
    form = AbstractForm()
    if not form.validate():
        abort(400)
    values, problems = read_form(request.form)
    problems += facility_problems(values)
    try:
        outcome = save_abstract(tumor, values, problems, current_actor(), patient_version=form.patient_version.data,
                                tumor_version=form.tumor_version.data, complete=form.intent.data == "complete")
    except StaleRecord as exc:
        return _conflict(tumor_id, values, form, exc)
    if not outcome.saved:
        shown = {**saved_values(tumor), **values}
        screen = build_screen(tumor, shown, problems={p.item: p for p in outcome.problems})
        flash("Nothing was saved: correct the fields marked below (your entries are kept on the screen).", "error")
        return _render(screen, form, 422)
    _flash_outcome(outcome)
    target = url_for("abstract.show", tumor_id=tumor.id, queue=form.queue.data or None)
    if outcome.completed and form.queue.data:
        target = url_for("abstract.next_case", tumor_id=tumor.id, queue=form.queue.data)
    return redirect(target, 303)


def _flash_outcome(outcome) -> None:
    errors = sum(1 for f in outcome.failures if f.severity == "error")
    if outcome.completed:
        flash("Saved and completed: the abstract is now awaiting review.", "success")
    elif outcome.blockers:
        flash("Saved, but not completed: " + "; ".join(outcome.blockers[:6]), "error")
    elif errors:
        flash(f"Saved. {errors} edit error(s) to fix before the abstract can be completed.", "info")
    else:
        flash("Saved.", "success")


def _conflict(tumor_id: int, values: dict, form: AbstractForm, exc: StaleRecord):
    db.session.rollback()
    tumor = tumor_to_change(tumor_id)
    result = merge(values, saved_values(tumor), parse_baseline(form.baseline.data))
    screen = build_screen(tumor, result.values, merge=result)
    flash(f"{exc} Below: your changes merged with theirs; where you both changed a field, choose a value.", "error")
    return _render(screen, form, 409)


@bp.post("/<int:tumor_id>/review")
@roles_required(*REVIEWER_ROLES)
@transaction
def review(tumor_id: int):
    tumor = tumor_to_change(tumor_id)
    form = ReviewForm()
    if not form.validate():
        abort(400)
    try:
        review_abstract(tumor, form.decision.data == "approve", form.comment.data or "", current_actor())
    except ValueError as exc:
        flash(f"Not recorded: {exc}.", "error")
        return redirect(url_for("abstract.show", tumor_id=tumor.id), 303)
    flash("Approved." if form.decision.data == "approve" else "Returned to the abstractor.", "success")
    return redirect(url_for("queues.index", queue="review"), 303)


@bp.get("/<int:tumor_id>/next")
@identified_access
def next_case(tumor_id: int):
    """Open the case after this one in the queue the registrar came from."""
    tumor = open_tumor(tumor_id)
    query = request.args.get("queue", "")
    spec = QueueSpec.from_args(dict(parse_qsl(query)))
    following = next_in_queue(db.session, spec, facility_scope(current_user), tumor)
    if following is None:
        flash("That was the last case in this queue.", "info")
        return redirect(url_for("queues.index", **spec.as_args()), 303)
    return redirect(url_for("abstract.show", tumor_id=following, queue=urlencode(spec.as_args())), 303)


@bp.get("/fields.json")
@identified_access
def fields_json():
    response = jsonify(specs_json())
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/lookup/<kind>")
@identified_access
def lookup(kind: str):
    query = request.args.get("q", "")
    if kind == "topography":
        return jsonify(search_topography(query))
    if kind == "histology":
        return jsonify(search_histology(query))
    abort(404)


@bp.get("/coding")
@identified_access
def coding():
    """Site/type warning and staging help for the values on the screen (read from the query)."""
    record = {k: v.strip() for k, v in request.args.items()}
    warning = site_type_warning(record.get("primarySite", ""), record.get("histologicTypeIcdO3", ""),
                                record.get("behaviorCodeIcdO3", ""))
    return jsonify({"siteType": warning, "staging": staging_help(record).as_json()})
