"""Work queues page: the lists of abstracts to do, to fix, to review or changed since a date."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from registry.abstracting.models import Facility
from registry.abstracting.queues import QUEUES, SITE_GROUPS, QueueSpec, error_counts, queue_page
from registry.core.permissions import facility_scope, identified_access
from registry.extensions import db

bp = Blueprint("queues", __name__)
SORT_LABELS = {"dx": ("Diagnosis date, oldest first", "Diagnosis date, newest first"),
               "updated": ("Last change, oldest first", "Last change, newest first"),
               "name": ("Name, A to Z", "Name, Z to A"), "site": ("Primary site, C00 first", "Primary site, C80 first")}


@bp.get("/queues")
@identified_access
def index():
    spec = QueueSpec.from_args(request.args)
    page = max(1, request.args.get("page", 1, type=int))
    scope = facility_scope(current_user)
    rows, has_next = queue_page(db.session, spec, scope, page=page, per_page=current_app.config["PAGE_SIZE"])
    facilities = db.session.scalars(db.select(Facility).order_by(Facility.code)).all()
    if scope is not None:
        facilities = [f for f in facilities if f.code in scope]
    return render_template(
        "abstracting/queues.html", spec=spec, rows=rows, has_next=has_next, page=page, queues=QUEUES,
        site_groups=SITE_GROUPS, sorts=SORT_LABELS, facilities=facilities,
        errors=error_counts(db.session, [t.id for t, _p in rows]) if spec.queue == "edits" else {},
        queue_args=urlencode(spec.as_args()),
    )
