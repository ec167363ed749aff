"""The reports area: pages with a filter bar and plotly charts, CSV and JSON downloads of the same tables.

Open to every role (admin, registrar, reviewer, epidemiologist): reports are aggregates only, and every output
is built by :mod:`registry.reports.pages` from suppressed rows.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, jsonify, render_template, request

from registry.core.permissions import roles_required
from registry.core.web import transaction
from registry.extensions import db
from registry.recodes.site_recode import site_recode_groups
from registry.reports.filters import BEHAVIORS, CLASSES, FilterError
from registry.reports.incidence import NoPopulationError
from registry.reports.pages import PAGES, data_date
from registry.reports.populations import population_summary
from registry.reports.site_column import refresh_site_recodes
from registry.reports.tables import ReportPage, display

bp = Blueprint("reports", __name__, url_prefix="/reports")
REPORT_ROLES = ("admin", "registrar", "reviewer", "epidemiologist")
TITLES = {"incidence": "Incidence", "trends": "Trends", "age": "Age-specific", "stage": "Stage",
          "casemix": "Case mix", "survival": "Survival", "quality": "Data quality"}
REFUSED = (FilterError, NoPopulationError, ValueError, KeyError)


def _page(name: str) -> ReportPage:
    if name not in PAGES:
        abort(404)
    refresh_site_recodes(db.session)
    return PAGES[name](db.session, request.args)


@bp.route("/")
@roles_required(*REPORT_ROLES)
def index():
    return render_template("reports/index.html", titles=TITLES, populations=population_summary(db.session),
                           data_date=data_date(db.session))


@bp.route("/<name>")
@roles_required(*REPORT_ROLES)
@transaction
def report(name: str):
    page = None
    try:
        page = _page(name)
    except REFUSED as exc:
        flash(f"This report cannot be made with these choices: {exc}", "error")
    sites = [g for g in site_recode_groups("2023") if g.code]
    return render_template("reports/report.html", name=name, page=page, titles=TITLES, args=request.args,
                           sites=sites, behaviors=BEHAVIORS, classes=CLASSES, display=display,
                           data_date=data_date(db.session), query=request.query_string.decode())


@bp.route("/<name>/data.csv")
@roles_required(*REPORT_ROLES)
@transaction
def report_csv(name: str):
    try:
        page = _page(name)
    except REFUSED as exc:
        return Response(f"{exc}\n", status=400, mimetype="text/plain")
    return Response(page.as_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@bp.route("/<name>/data.json")
@roles_required(*REPORT_ROLES)
@transaction
def report_json(name: str):
    try:
        page = _page(name)
    except REFUSED as exc:
        return jsonify({"error": str(exc)}), 400
    return jsonify(page.as_json())
