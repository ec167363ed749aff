"""Recompute the staging items of the whole database (``registry staging rederive``), after an algorithm update
or a data fix outside the application.

Tumors are read in id order, :data:`~registry.staging.wiring.BATCH` at a time, optionally narrowed to the years of
diagnosis one algorithm covers (EOD Public 2018+, Pediatric 2024+, Collaborative Stage 2004-2015;
``staging-edits-codes.md`` §1.1) and to a range of diagnosis years. With ``only`` set, just that algorithm runs
and just its items are written. Each batch is written and committed on its own (short locks; an interrupted run
keeps the batches done, and running again finishes the rest, as unchanged tumors are not written).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, func, select

from registry.abstracting.models import Tumor
from registry.core.audit import Actor
from registry.extensions import db
from registry.staging.naaccr_mapping import CS, CS_YEARS, EOD, EOD_FIRST_YEAR, PEDIATRIC, PEDIATRIC_FIRST_YEAR
from registry.staging.wiring import BATCH, DeriveSummary, check_algorithm, select_rows, store_rows

NOTE = "staging rederive"


def year_conditions(only: str | None, year_from: int | None, year_to: int | None) -> list[ColumnElement[bool]]:
    """WHERE conditions on the stored year of diagnosis for an algorithm and a year range."""
    conditions: list[ColumnElement[bool]] = []
    if only == EOD[0]:
        conditions.append(Tumor.dx_year >= EOD_FIRST_YEAR)
    elif only == PEDIATRIC[0]:
        conditions.append(Tumor.dx_year >= PEDIATRIC_FIRST_YEAR)
    elif only == CS[0]:
        conditions.append(Tumor.dx_year.between(CS_YEARS.start, CS_YEARS.stop - 1))
    if year_from is not None:
        conditions.append(Tumor.dx_year >= year_from)
    if year_to is not None:
        conditions.append(Tumor.dx_year <= year_to)
    return conditions


def count_tumors(only: str | None = None, year_from: int | None = None, year_to: int | None = None) -> int:
    """How many tumors a rederive with these options reads."""
    return db.session.scalar(select(func.count(Tumor.id)).where(*year_conditions(only, year_from, year_to))) or 0


def rederive(actor: Actor, *, only: str | None = None, year_from: int | None = None, year_to: int | None = None,
             progress: Callable[[int], None] | None = None, batch: int = BATCH) -> DeriveSummary:
    """Derive every selected tumor again and store what changed, committing batch by batch; returns the summary."""
    check_algorithm(only)
    conditions = year_conditions(only, year_from, year_to)
    summary, last_id = DeriveSummary(), 0
    while True:
        rows = db.session.execute(select_rows(Tumor.id > last_id, *conditions, limit=batch)).all()
        if not rows:
            return summary
        store_rows(rows, actor, NOTE, only, summary)
        db.session.commit()
        last_id = rows[-1][0]
        if progress:
            progress(len(rows))
