"""Death clearance pages: upload a death file, review uncertain pairs side by side, follow back the rest.

Open to admin, registrar and reviewer without facility limits (a death file is linked against the whole
registry); importing and deciding need admin or registrar.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from registry.core.permissions import identified_access, require_whole_registry, roles_required
from registry.core.web import current_actor, transaction
from registry.extensions import db
from registry.followup.clearance_operations import DecisionError, decide_match, import_death_file, mark_followed_back
from registry.followup.deathfile import DeathFileError
from registry.followup.linkage import WEIGHTS
from registry.followup.models import DeathFileImport, DeathMatch, DeathRecord
from registry.followup.operations import ContactError
from registry.followup.settings import DEATH_SOURCES, followup_settings
from registry.followup.views import EDITORS, bp

LEVELS = {"ssn": {2: "same", 1: "one digit off", 0: "different"},
          "last": {2: "same", 1: "close", 0: "different"}, "first": {2: "same", 1: "close", 0: "different"},
          "dob": {3: "same", 2: "day/month swapped", 1: "one part differs", 0: "different"},
          "sex": {1: "same", 0: "different"}}


def _counts() -> dict[str, int]:
    rows = db.session.execute(select(DeathRecord.status, func.count()).group_by(DeathRecord.status)).all()
    return {status: count for status, count in rows}


@bp.route("/deaths", methods=["GET"])
@identified_access
def deaths():
    require_whole_registry()
    imports = db.session.scalars(select(DeathFileImport).order_by(DeathFileImport.imported_at.desc()).limit(50))
    return render_template("followup/deaths.html", imports=list(imports), counts=_counts(), sources=DEATH_SOURCES,
                           default_source=followup_settings().death_source, can_import=current_user.role in EDITORS)


@bp.route("/deaths", methods=["POST"])
@roles_required(*EDITORS)
@transaction
def upload_deaths():
    require_whole_registry()
    upload = request.files.get("file")
    source = request.form.get("source") or followup_settings().death_source
    if upload is None or not upload.filename or source not in DEATH_SOURCES:
        flash("Choose a death file (CSV) and its source.", "error")
        return redirect(url_for("followup.deaths"))
    try:
        result = import_death_file(upload.read(), upload.filename, current_actor(), source_code=source)
    except DeathFileError as exc:
        db.session.rollback()
        flash(f"The death file was refused: {exc}", "error")
        return redirect(url_for("followup.deaths"))
    s = result.summary()
    if result.already_imported:
        flash(f"This file was already imported on {s['imported_at'][:10]} ({s['filename']}): nothing changed.", "info")
    else:
        flash(f"{s['records']} death records: {s['matched']} matched and applied, {s['review']} for review, "
              f"{s['unmatched']} not matched, {s['duplicates']} already known.", "success")
    return redirect(url_for("followup.deaths"))


@bp.route("/deaths/review")
@identified_access
def death_review():
    """Every death record with pairs pending review: the death record beside each candidate patient."""
    require_whole_registry()
    records = db.session.scalars(
        select(DeathRecord).where(DeathRecord.status == "review").order_by(DeathRecord.id).limit(100)
        .options(selectinload(DeathRecord.matches).selectinload(DeathMatch.patient), selectinload(DeathRecord.file)))
    return render_template("followup/review.html", records=list(records), levels=LEVELS, fields=list(WEIGHTS),
                           can_decide=current_user.role in EDITORS, counts=_counts())


@bp.route("/deaths/matches/<int:match_id>", methods=["POST"])
@roles_required(*EDITORS)
@transaction
def decide(match_id: int):
    require_whole_registry()
    match = db.session.get(DeathMatch, match_id) or abort(404)
    decision = request.form.get("decision")
    if decision not in ("accept", "reject"):
        abort(400)
    try:
        decide_match(match, decision == "accept", current_actor())
    except (DecisionError, ContactError) as exc:
        db.session.rollback()
        flash(f"Nothing was changed: {exc}", "error")
    else:
        flash("Death applied to the patient." if decision == "accept" else "Pair rejected.", "success")
    return redirect(url_for("followup.death_review"))


@bp.route("/deaths/unmatched")
@identified_access
def death_unmatched():
    """Death records matching no patient: death-certificate-only cases to follow back."""
    require_whole_registry()
    status = "followed-back" if request.args.get("show") == "done" else "unmatched"
    records = db.session.scalars(select(DeathRecord).where(DeathRecord.status == status)
                                 .order_by(DeathRecord.date_of_death.desc(), DeathRecord.id).limit(500)
                                 .options(selectinload(DeathRecord.file)))
    return render_template("followup/unmatched.html", records=list(records), status=status, counts=_counts(),
                           can_decide=current_user.role in EDITORS)


@bp.route("/deaths/records/<int:record_id>/followed-back", methods=["POST"])
@roles_required(*EDITORS)
@transaction
def followed_back(record_id: int):
    require_whole_registry()
    record = db.session.get(DeathRecord, record_id) or abort(404)
    try:
        mark_followed_back(record, request.form.get("note", "").strip(), current_actor())
    except DecisionError as exc:
        flash(str(exc), "error")
    return redirect(url_for("followup.death_unmatched"))
