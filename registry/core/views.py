"""The dashboard."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from registry.abstracting.queries import dashboard_counts
from registry.core.permissions import facility_scope
from registry.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
@login_required
def dashboard():
    counts = dashboard_counts(db.session, facility_scope(current_user))
    return render_template("dashboard.html", counts=counts)
