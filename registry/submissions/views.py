"""Pages for state submissions: profiles, batches (build, download, sent, accepted/rejected), timeliness.

Registrars and administrators build and mark batches; reviewers may look; only administrators edit profiles.
Epidemiologists never reach these pages (the files hold identities), nor do accounts limited to facilities
(a batch holds every facility's cases). Views load, check, call an operation and
render; one commit per request (``transaction``).
"""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from registry.core.permissions import require_whole_registry, roles_required
from registry.core.web import current_actor, transaction
from registry.extensions import db
from registry.submissions.build import NothingToSend, build_batch, manifest_path
from registry.submissions.models import SubmissionBatch, SubmissionProfile
from registry.submissions.operations import BatchStateError, close_batch, mark_sent, save_profile
from registry.submissions.profiles import ProfileError, demo_profile_text, parse_profile
from registry.submissions.queries import batches, profiles_with_last_batch
from registry.submissions.timeliness import timeliness

bp = Blueprint("submissions", __name__, url_prefix="/submissions")
bp.before_request(require_whole_registry)
READERS = ("admin", "registrar", "reviewer")
SENDERS = ("admin", "registrar")


def _batch(batch_id: int) -> SubmissionBatch:
    return db.session.get(SubmissionBatch, batch_id) or abort(404)


def _profile(profile_id: int) -> SubmissionProfile:
    return db.session.get(SubmissionProfile, profile_id) or abort(404)


@bp.route("/")
@roles_required(*READERS)
def index():
    return render_template("submissions/index.html", profiles=profiles_with_last_batch(), batches=batches(50),
                           can_send=current_user.role in SENDERS, is_admin=current_user.role == "admin")


@bp.route("/profiles/new", methods=["GET", "POST"], defaults={"profile_id": None})
@bp.route("/profiles/<int:profile_id>/edit", methods=["GET", "POST"])
@roles_required("admin")
@transaction
def edit_profile(profile_id: int | None):
    row = _profile(profile_id) if profile_id is not None else None
    text = row.yaml if row else demo_profile_text()
    problems: list[str] = []
    if request.method == "POST":
        upload = request.files.get("yaml_file")
        text = upload.read().decode("utf-8", "replace") if upload and upload.filename else request.form.get("yaml", "")
        try:
            row = save_profile(text, current_actor(), profile_id=profile_id)
        except ProfileError as exc:
            problems = exc.problems
        else:
            flash(f"Profile {row.name} saved.", "success")
            return redirect(url_for("submissions.index"))
    return render_template("submissions/profile.html", row=row, text=text, problems=problems), 422 if problems else 200


@bp.route("/profiles/<int:profile_id>/build", methods=["POST"])
@roles_required(*SENDERS)
@transaction
def build(profile_id: int):
    row = _profile(profile_id)
    try:
        batch = build_batch(row, current_actor())
    except NothingToSend as exc:
        flash(str(exc), "info")
        return redirect(url_for("submissions.index"))
    except ProfileError as exc:
        flash(f"Profile {row.name} is not valid: {exc}", "error")
        return redirect(url_for("submissions.index"))
    return redirect(url_for("submissions.batch", batch_id=batch.id))


@bp.route("/batches/<int:batch_id>")
@roles_required(*READERS)
def batch(batch_id: int):
    found = _batch(batch_id)
    return render_template("submissions/batch.html", batch=found, can_send=current_user.role in SENDERS)


@bp.route("/batches/<int:batch_id>/download")
@roles_required(*SENDERS)
def download(batch_id: int):
    found = _batch(batch_id)
    if not found.file_path:
        abort(404)
    return send_file(found.file_path, as_attachment=True, download_name=found.file_name,
                     mimetype="application/gzip")


@bp.route("/batches/<int:batch_id>/manifest")
@roles_required(*READERS)
def manifest(batch_id: int):
    found = _batch(batch_id)
    if not found.file_path:
        abort(404)
    return send_file(manifest_path(found.file_path), mimetype="application/json", as_attachment=True,
                     download_name=manifest_path(found.file_name).name)


@bp.route("/batches/<int:batch_id>/report")
@roles_required(*READERS)
def report(batch_id: int):
    found = _batch(batch_id)
    if found.response_file is None:
        abort(404)
    return send_file(BytesIO(found.response_file), as_attachment=True,
                     download_name=found.response_file_name or "report", mimetype="application/octet-stream")


@bp.route("/batches/<int:batch_id>/sent", methods=["POST"])
@roles_required(*SENDERS)
@transaction
def sent(batch_id: int):
    found = _batch(batch_id)
    try:
        patients = mark_sent(found, current_actor())
        flash(f"Batch {found.number} marked sent; the disclosure was recorded for {patients} patients.", "success")
    except BatchStateError as exc:
        flash(str(exc), "error")
    return redirect(url_for("submissions.batch", batch_id=batch_id))


@bp.route("/batches/<int:batch_id>/answer", methods=["POST"])
@roles_required(*SENDERS)
@transaction
def answer(batch_id: int):
    found = _batch(batch_id)
    outcome = request.form.get("outcome")
    if outcome not in ("accepted", "rejected"):
        abort(400)
    upload = request.files.get("report")
    data = upload.read() if upload and upload.filename else None
    try:
        close_batch(found, outcome == "accepted", current_actor(), note=request.form.get("note", "").strip(),
                    report_name=upload.filename if data is not None else None, report=data)
        flash(f"Batch {found.number} marked {outcome}.", "success")
    except BatchStateError as exc:
        flash(str(exc), "error")
    return redirect(url_for("submissions.batch", batch_id=batch_id))


@bp.route("/timeliness")
@roles_required(*READERS)
def timeliness_page():
    rows = list(db.session.scalars(select(SubmissionProfile).order_by(SubmissionProfile.name)))
    chosen = next((r for r in rows if r.id == request.args.get("profile", type=int)), rows[0] if rows else None)
    profile = parse_profile(chosen.yaml) if chosen else None
    months = timeliness(profile, chosen.id, dx_year_from=request.args.get("from", type=int)) if profile else []
    return render_template("submissions/timeliness.html", profiles=rows, chosen=chosen, profile=profile,
                           months=months)
