"""The edits report pages: failing tumors by edit, facility and year (``/edits/``) and the failing records.

Thin views over registry/edits/queries.py. Admins, registrars and reviewers only (the failing-records list names
patients; epidemiologists never see identities), limited to the user's facilities when they have a limit.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from registry.abstracting.models import Facility
from registry.core.permissions import facility_scope, identified_access
from registry.edits import queries
from registry.edits.engine import EDIT_SETS
from registry.extensions import db

bp = Blueprint("edits", __name__, url_prefix="/edits")
SEVERITY_CHOICES = (("error", "Errors"), ("warning", "Warnings"), ("", "Errors and warnings"))


def _facilities(scope) -> list[Facility]:
    facilities = db.session.scalars(db.select(Facility).order_by(Facility.code)).all()
    return [f for f in facilities if scope is None or f.code in scope]


def _common(f: queries.ReportFilter, scope) -> dict:
    return {"f": f, "edit_sets": EDIT_SETS, "severities": SEVERITY_CHOICES, "facilities": _facilities(scope)}


@bp.get("/")
@identified_access
def report():
    f = queries.ReportFilter.from_args(request.args)
    scope = facility_scope(current_user)
    return render_template(
        "edits/report.html", **_common(f, scope), tumors=queries.tumor_count(f, scope),
        failing=queries.failing_tumor_count(f, scope), last_run=queries.last_run_at(f, scope),
        edits=queries.by_edit(f, scope), by_facility=queries.by_facility(f, scope), by_year=queries.by_year(f, scope),
    )


@bp.get("/failing")
@identified_access
def failing():
    f = queries.ReportFilter.from_args(request.args)
    scope = facility_scope(current_user)
    page = max(1, request.args.get("page", 1, type=int))
    rows, has_next = queries.failing_records(f, scope, page=page, per_page=current_app.config["PAGE_SIZE"])
    return render_template("edits/failing.html", **_common(f, scope), rows=rows, page=page, has_next=has_next,
                           failing=queries.failing_tumor_count(f, scope))
