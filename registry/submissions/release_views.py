"""Pages for data releases (request, decide, produce, download) and a patient's accounting of disclosures.

Anyone signed in may request a release and follow it; only administrators approve, refuse and produce it.
A limited data set holds identifiable data: only administrators download one. A de-identified extract may also
be downloaded by the account that requested it. The accounting of disclosures shows identities, so it is an
identified page (never for epidemiologists), and reading it is itself audited.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from registry.abstracting.access import open_patient
from registry.abstracting.operations import record_view
from registry.core.base import utcnow
from registry.core.permissions import identified_access, roles_required
from registry.core.web import current_actor, transaction
from registry.extensions import db
from registry.naaccr.dictionary import current
from registry.submissions.accounting import disclosures_for, period_start
from registry.submissions.deidentify import LIMITED
from registry.submissions.models import RELEASE_FORMATS, RELEASE_KINDS, DataRelease
from registry.submissions.queries import releases
from registry.submissions.releases import ReleaseError, decide_release, produce_release, request_release

bp = Blueprint("releases", __name__)


def _release(release_id: int) -> DataRelease:
    return db.session.get(DataRelease, release_id) or abort(404)


@bp.route("/releases")
@login_required
def index():
    return render_template("submissions/releases.html", releases=releases(),
                           is_admin=current_user.role == "admin")


@bp.route("/releases/new", methods=["GET", "POST"])
@login_required
@transaction
def new():
    form = request.form
    error = None
    if request.method == "POST":
        data = {k: form.get(k, "") for k in ("requester", "organisation", "purpose", "approval_reference", "kind",
                                              "format", "items", "dx_year_from", "dx_year_to", "sites",
                                              "facilities")}
        try:
            release = request_release(data, current_actor())
        except ReleaseError as exc:
            error = str(exc)
        else:
            flash(f"Request {release.id} recorded; an administrator will review it.", "success")
            return redirect(url_for("releases.show", release_id=release.id))
    return render_template("submissions/release_new.html", form=form, error=error, kinds=RELEASE_KINDS,
                           formats=RELEASE_FORMATS), 422 if error else 200


@bp.route("/releases/<int:release_id>")
@login_required
def show(release_id: int):
    release = _release(release_id)
    names = {i: (current().get(i).name if current().get(i) else i) for i in release.items}
    return render_template("submissions/release.html", release=release, names=names,
                           is_admin=current_user.role == "admin", can_download=_can_download(release))


def _can_download(release: DataRelease) -> bool:
    if release.status != "released" or not release.file_path:
        return False
    return current_user.role == "admin" or (release.kind != LIMITED and release.requested_by == current_user.username)


@bp.route("/releases/<int:release_id>/decide", methods=["POST"])
@roles_required("admin")
@transaction
def decide(release_id: int):
    release = _release(release_id)
    try:
        decide_release(release, request.form.get("decision") == "approve", current_actor(),
                       note=request.form.get("note", "").strip(), kind=request.form.get("kind") or None)
        flash(f"Request {release.id} {release.status}.", "success")
    except ReleaseError as exc:
        flash(str(exc), "error")
    return redirect(url_for("releases.show", release_id=release_id))


@bp.route("/releases/<int:release_id>/produce", methods=["POST"])
@roles_required("admin")
@transaction
def produce(release_id: int):
    release = _release(release_id)
    try:
        produce_release(release, current_actor())
        flash(f"Extract written: {release.patients} patients, {release.tumors} tumors.", "success")
    except ReleaseError as exc:
        flash(str(exc), "error")
    return redirect(url_for("releases.show", release_id=release_id))


@bp.route("/releases/<int:release_id>/download")
@login_required
def download(release_id: int):
    release = _release(release_id)
    if not _can_download(release):
        abort(403)
    mimetype = "text/csv" if release.format == "csv" else "application/gzip"
    return send_file(release.file_path, as_attachment=True, download_name=release.file_name, mimetype=mimetype)


@bp.route("/patients/<int:patient_id>/disclosures")
@identified_access
@transaction
def accounting(patient_id: int):
    patient = open_patient(patient_id)
    record_view(patient, current_actor(), what="disclosures")
    printed = utcnow()
    return render_template("submissions/accounting.html", patient=patient, since=period_start(printed),
                           printed=printed, disclosures=disclosures_for(patient.id))
