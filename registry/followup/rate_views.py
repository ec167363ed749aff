"""The follow-up rates dashboard: the CoC worksheet against its 80% and 90% targets, over time and by facility.

Aggregates only (no identities), open to every role. Charts are plotly figures serialised into a data attribute
and drawn by ``static/js/followup.js`` with the vendored plotly.js (the content security policy forbids inline
scripts).
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from registry.abstracting.models import Facility
from registry.core.permissions import roles_required
from registry.extensions import db
from registry.followup.forms import FormError, day_arg
from registry.followup.queries import diagnosis_years, followup_frame, rates_by_group
from registry.followup.settings import followup_settings
from registry.followup.views import bp
from registry.followup.worksheet import TARGETS, case_flags, worksheet_counts

ALL_ROLES = ("admin", "registrar", "reviewer", "epidemiologist")


def _targets(fig: go.Figure) -> go.Figure:
    for cohort, target in TARGETS.items():
        label = "since reference" if cohort == "since_reference" else "last five years"
        fig.add_hline(y=target * 100, line_dash="dash", line_color="#b42318" if target > 0.85 else "#b7791f",
                      annotation_text=f"{target:.0%} target ({label})", annotation_position="top left")
    fig.update_layout(yaxis={"title": "Follow-up rate (%)", "range": [0, 105]}, margin={"t": 50, "r": 20},
                      height=380, plot_bgcolor="#fff", showlegend=False)
    return fig


def year_figure(rows: list[dict]) -> str:
    fig = go.Figure(go.Bar(x=[r["group"] for r in rows], y=[round(r["rate"] * 100, 1) for r in rows],
                           customdata=[[r["A"], r["B"], r["D"], r["E"]] for r in rows], marker_color="#1f5fa8",
                           hovertemplate="%{x}: %{y}%<br>A=%{customdata[0]} B=%{customdata[1]} "
                                         "D=%{customdata[2]} lost=%{customdata[3]}<extra></extra>"))
    fig.update_layout(title={"text": "Follow-up rate by year of diagnosis"}, xaxis={"title": "Year of diagnosis",
                                                                                   "type": "category"})
    return _targets(fig).to_json()


def facility_figure(rows: list[dict], names: dict[str, str]) -> str:
    labels = [names.get(r["group"], r["group"] or "no facility") for r in rows]
    fig = go.Figure(go.Bar(x=labels, y=[round(r["rate"] * 100, 1) for r in rows], marker_color="#1d7a46",
                           customdata=[[r["A"], r["E"]] for r in rows],
                           hovertemplate="%{x}: %{y}%<br>A=%{customdata[0]} lost=%{customdata[1]}<extra></extra>"))
    fig.update_layout(title={"text": "Follow-up rate by facility (since the reference date)"},
                      xaxis={"title": "Reporting facility", "type": "category"})
    return _targets(fig).to_json()


@bp.route("/rates")
@roles_required(*ALL_ROLES)
def rates():
    try:
        reference = day_arg(request.args, "reference_date", followup_settings().reference_date)
        as_of = day_arg(request.args, "as_of", date.today())
        if reference > as_of:
            raise FormError("the reference date is after the as-of date")
    except FormError as exc:
        flash(str(exc), "error")
        return redirect(url_for("followup.rates"))
    frame = followup_frame(("reportingFacility",))
    flags = case_flags(frame, reference, as_of)
    sheet = {cohort: worksheet_counts(flags, cohort) for cohort in TARGETS}
    by_year = rates_by_group(flags, diagnosis_years(frame))
    by_facility = rates_by_group(flags, frame["reportingFacility"])
    names = dict(db.session.execute(select(Facility.code, Facility.name)).all())
    figures = [year_figure(by_year), facility_figure(by_facility, names)] if sheet["since_reference"]["A"] else []
    return render_template("followup/rates.html", sheet=sheet, targets=TARGETS, reference=reference, as_of=as_of,
                           figures=figures, by_year=by_year, by_facility=by_facility, names=names)
