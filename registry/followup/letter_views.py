"""Letters pages: print letters for patients chosen on the due list, letters sent, templates, physicians."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from registry.abstracting.models import Patient
from registry.core.permissions import can_open_patient, identified_access, roles_required
from registry.core.web import current_actor, transaction
from registry.extensions import db
from registry.followup.letter_operations import (
    LetterError,
    make_letters,
    reset_template,
    save_physician,
    save_template,
    template_text,
)
from registry.followup.letters import FIELDS, TemplateError
from registry.followup.models import LETTER_RECIPIENTS, FollowUpLetter, Physician
from registry.followup.settings import registry_info
from registry.followup.views import EDITORS, bp


@bp.route("/letters", methods=["POST"])
@roles_required(*EDITORS)
@transaction
def print_letters():
    """One PDF of letters for the patients ticked on the due list; each letter is recorded as sent."""
    ids = [int(v) for v in request.form.getlist("patient_id") if v.isdigit()]
    patients = db.session.scalars(select(Patient).where(Patient.id.in_(ids))).all()
    allowed = [p.id for p in patients if can_open_patient(current_user, p)]
    try:
        pdf, rows = make_letters(allowed, request.form.get("recipient", ""), current_actor(), registry_info())
    except (LetterError, TemplateError) as exc:
        db.session.rollback()
        flash(f"No letters were made: {exc}", "error")
        return redirect(url_for("followup.index"))
    name = f"followup-letters-{date.today().isoformat()}-{rows[0].batch[:8]}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/letters")
@identified_access
def letters():
    """Letters sent, newest first, answered or still open."""
    show = request.args.get("show", "open")
    stmt = select(FollowUpLetter).order_by(FollowUpLetter.sent_at.desc(), FollowUpLetter.id.desc()).limit(500)
    if show == "open":
        stmt = stmt.where(FollowUpLetter.answered_by_contact_id.is_(None))
    rows = [r for r in db.session.scalars(stmt) if can_open_patient(current_user, r.patient)]
    return render_template("followup/letters.html", letters=rows, show=show)


@bp.route("/templates", methods=["GET", "POST"])
@roles_required("admin")
@transaction
def templates():
    """An administrator edits the letter templates (checked before they are saved)."""
    texts = {r: template_text(r) for r in LETTER_RECIPIENTS}
    if request.method == "POST":
        recipient = request.form.get("recipient", "")
        if recipient not in LETTER_RECIPIENTS:
            flash("Unknown template.", "error")
        elif request.form.get("action") == "reset":
            reset_template(recipient, current_actor())
            flash(f"The {recipient} template is back to the default.", "success")
            return redirect(url_for("followup.templates"))
        else:
            text = request.form.get("text", "").replace("\r\n", "\n")
            try:
                save_template(recipient, text, current_actor())
            except TemplateError as exc:
                db.session.rollback()
                texts[recipient] = text
                flash(f"The {recipient} template was not saved: {exc}", "error")
                return render_template("followup/templates.html", texts=texts, fields=FIELDS), 400
            flash(f"The {recipient} template was saved.", "success")
            return redirect(url_for("followup.templates"))
    return render_template("followup/templates.html", texts=texts, fields=FIELDS)


@bp.route("/physicians", methods=["GET", "POST"])
@roles_required(*EDITORS)
@transaction
def physicians():
    """The physician directory letters are addressed from (by physicianManaging code)."""
    if request.method == "POST":
        form = request.form
        try:
            save_physician(form.get("code", ""), form.get("name", ""), form.get("last_name", ""),
                           form.get("address", "").replace("\r\n", "\n"), current_actor())
        except LetterError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash("Physician saved.", "success")
            return redirect(url_for("followup.physicians"))
    rows = db.session.scalars(select(Physician).order_by(Physician.last_name, Physician.name)).all()
    return render_template("followup/physicians.html", physicians=rows)
