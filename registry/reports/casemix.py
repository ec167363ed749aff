"""Stage and case mix: distributions counted in SQL, suppressed as 1-D or 2-D tables with totals.

* Stage distribution: Summary Stage 2018 (derivedSummaryStage2018, else summaryStage2018) in SEER's combined
  groups, by site or year (NAACCR items 762/764; codes module).
* Case mix: histology, age at diagnosis, class of case (1-D tables).
* Primary-site table after the Commission on Cancer annual report's (by site: total, sex, class of case,
  stage), each block a 2-D table site x category protected on its own.
Percentages are of the row total and are blanked with the count they come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.abstracting.models import Patient, Tumor
from registry.reports.dimensions import DIMENSIONS, map_groups
from registry.reports.filters import ReportFilter, conditions
from registry.reports.protection import protect_rows
from registry.reports.stats.suppression import suppress_table


def category_counts(session: Session, filt: ReportFilter, by: Sequence[str]) -> pd.DataFrame:
    """``by..., count``: tumors per category combination (GROUP BY in the database, categories in pandas)."""
    dims = [DIMENSIONS[name] for name in by]
    # coalesce(x, x) on the first key: the same value, but no index order to follow row by row (a table scan)
    keys = [(func.coalesce(d.expr(), d.expr()) if i == 0 else d.expr()).label(d.name) for i, d in enumerate(dims)]
    query = select(*keys, func.count().label("count")).select_from(Tumor)
    if filt.needs_patient() or any(d.on_patient for d in dims):
        query = query.join(Patient, Patient.id == Tumor.patient_id)
    query = query.where(*conditions(filt)).group_by(*keys)
    frame = map_groups(pd.DataFrame(session.execute(query).all(), columns=[*by, "count"]), by)
    return frame.groupby(list(by), as_index=False, dropna=False)["count"].sum() if by else frame


def _full_grid(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Every combination of the categories seen, zero counts included (a zero is published as a zero)."""
    if len(by) < 2:
        return frame
    index = pd.MultiIndex.from_product([DIMENSIONS[n].order(list(frame[n].unique())) for n in by], names=by)
    return frame.set_index(list(by))["count"].reindex(index, fill_value=0).reset_index()


def distribution(session: Session, filt: ReportFilter, by: Sequence[str]) -> list[dict[str, Any]]:
    """Suppressed counts per category of one or two dimensions, with ``percent`` of the first dimension's row
    (or of all tumors for one dimension). Rows in category order."""
    by = list(by)
    frame = _full_grid(category_counts(session, filt, by), by)
    if frame.empty:
        return []
    order = {n: {v: i for i, v in enumerate(DIMENSIONS[n].order(list(frame[n].unique())))} for n in by}
    frame = frame.sort_values(by, key=lambda col: col.map(order[col.name])).reset_index(drop=True)
    if len(by) == 2:
        totals = frame.groupby(by[0])["count"].transform("sum")
    else:
        totals = pd.Series(frame["count"].sum(), index=frame.index)
    frame["percent"] = (100.0 * frame["count"] / totals.where(totals > 0)).astype(float)
    return protect_rows(frame.to_dict("records"), dims=by)


def stage_distribution(session: Session, filt: ReportFilter, by: str = "site") -> list[dict[str, Any]]:
    """Stage groups by ``by`` (site, year, sex, race, age_group ...)."""
    return distribution(session, filt, [by, "stage"])


def primary_site_table(session: Session, filt: ReportFilter) -> list[dict[str, Any]]:
    """One row per site: total, male, female, analytic, non-analytic and stage-group counts; each block is
    suppressed as its own site x category table (None where suppressed)."""
    sex = distribution(session, filt, ["site", "sex"])
    stage = distribution(session, filt, ["site", "stage"])
    klass = distribution(session, filt, ["site", "class_group"])
    sites = DIMENSIONS["site"].order(list({r["site"] for r in sex}))
    rows = {site: {"site": site, "site_label": DIMENSIONS["site"].label(site)} for site in sites}
    totals = category_counts(session, filt, ["site"]).set_index("site")["count"]
    protected_totals = suppress_table([{"site": s, "count": int(totals.get(s, 0))} for s in sites], dims=["site"])
    for row in protected_totals:
        rows[row["site"]]["total"] = row["count"]
    for row in sex:
        rows[row["site"]][f"sex_{row['sex']}"] = row["count"]
    for row in stage:
        rows[row["site"]][f"stage_{row['stage']}"] = row["count"]
    for row in klass:
        rows[row["site"]][row["class_group"]] = row["count"]
    return list(rows.values())
