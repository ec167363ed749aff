"""Imports in the web UI: upload a file, watch its progress, see every past import."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from registry.core.permissions import facility_scope, roles_required
from registry.core.web import current_actor
from registry.extensions import db
from registry.naaccr.exchange.background import read_progress, start_background_import
from registry.naaccr.exchange.models import ImportRun
from registry.naaccr.exchange.runs import mark_stale_runs
from registry.naaccr.exchange.uploads import save_upload

bp = Blueprint("imports", __name__, url_prefix="/imports")
IMPORTERS = ("admin", "registrar")


@bp.route("/", methods=["GET"])
@roles_required(*IMPORTERS)
def index():
    mark_stale_runs()
    facilities = facility_scope(current_user)
    stmt = select(ImportRun).order_by(ImportRun.id.desc()).limit(100)
    if facilities is not None:  # a facility-limited user sees the imports they made
        stmt = stmt.where(ImportRun.user_id == current_user.id)
    return render_template("naaccr/imports.html", runs=db.session.scalars(stmt).all(),
                           facilities=sorted(facilities or ()))


def _visible_run(run_id: int) -> ImportRun:
    """The run, if the signed-in user may see it (a facility-limited user: only their own), else 404; a run
    whose process is gone is marked failed first, so the page polling it learns so."""
    mark_stale_runs()
    run = db.session.get(ImportRun, run_id)
    if run is None or (facility_scope(current_user) is not None and run.user_id != current_user.id):
        abort(404)
    return run


@bp.route("/", methods=["POST"])
@roles_required(*IMPORTERS)
def upload():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Choose a NAACCR XML or flat file to import.", "error")
        return redirect(url_for(".index"))
    path, name = save_upload(upload)
    run_id = start_background_import(path, name, current_actor(), skip_invalid=bool(request.form.get("skip_invalid")),
                                     facilities=facility_scope(current_user))
    return redirect(url_for(".show", run_id=run_id))


@bp.route("/<int:run_id>")
@roles_required(*IMPORTERS)
def show(run_id: int):
    run = _visible_run(run_id)
    return render_template("naaccr/import_run.html", run=run)


@bp.route("/<int:run_id>/status.json")
@roles_required(*IMPORTERS)
def status(run_id: int):
    run = _visible_run(run_id)
    progress = read_progress(run_id)
    return jsonify(status=run.status, message=run.message, bytes=progress["bytes"],
                   total=progress["total"] or run.file_size, patients=run.patients, tumors=run.tumors,
                   rejected=run.rejected)
