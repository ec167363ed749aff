"""The multiple-primary review page: open items side by side (new report vs existing tumors), and the answer.

Registrars, reviewers and admins see the queue (identified data: never epidemiologists); registrars and admins
answer. Registrars limited to facilities see the patients of their facilities only. The logic is in
:mod:`registry.multiple_primaries.review`.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from registry.core.permissions import (
    EDITOR_ROLES,
    can_open_patient,
    facility_scope,
    identified_access,
    roles_required,
)
from registry.core.web import current_actor, transaction
from registry.extensions import db
from registry.multiple_primaries.decision import NEW, SAME
from registry.multiple_primaries.models import DECIDED, OPEN, RESOLVED, MpDecision
from registry.multiple_primaries.review import PAGE, ROW_LABELS, ReviewError, count, queue, resolve, side_by_side

bp = Blueprint("multiple_primaries", __name__, url_prefix="/multiple-primaries")
TABS = {OPEN: "To review", RESOLVED: "Resolved", DECIDED: "Decided by the rules"}


@bp.get("/")
@identified_access
def index():
    status = request.args.get("status", OPEN)
    if status not in TABS:
        abort(404)
    page = max(1, request.args.get("page", 1, type=int))
    scope = facility_scope(current_user)
    items = queue(status, facilities=scope, page=page)
    return render_template("multiple_primaries/queue.html", items=items, status=status, tabs=TABS, page=page,
                           total=count(status, facilities=scope), per_page=PAGE, labels=ROW_LABELS,
                           columns={d.id: side_by_side(d) for d in items}, same=SAME, new=NEW)


def _decision(decision_id: int) -> MpDecision:
    """An item of the queue: 404 also when the user may not open its patient (as if not in their queue)."""
    decision = db.session.get(MpDecision, decision_id) or abort(404)
    if not can_open_patient(current_user, decision.patient):
        abort(404)
    return decision


@bp.post("/<int:decision_id>/resolve")
@roles_required(*sorted(EDITOR_ROLES))
@transaction
def answer(decision_id: int):
    decision = _decision(decision_id)
    choice = request.form.get("answer", "")
    resolution, matched = (SAME, int(choice[5:])) if choice.startswith("same:") and choice[5:].isdigit() else (
        choice, None)
    try:
        resolve(decision, resolution, current_actor(), matched_tumor_id=matched, note=request.form.get("note", ""))
    except ReviewError as exc:
        flash(f"Not saved: {exc}.", "error")
        return redirect(url_for("multiple_primaries.index"), 303)
    what = "the same primary" if resolution == SAME else "a new primary"
    flash(f"Recorded: the report for {decision.patient.display_name} is {what}.", "success")
    return redirect(url_for("multiple_primaries.index"), 303)
