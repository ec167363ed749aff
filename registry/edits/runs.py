"""Running an edit set over tumors stored in the database, and storing what fails.

The NAACCR EDITS run model (shared/docs/staging-edits-codes.md §2.1-2.3): one edit set is applied to each record,
a record being one tumor seen flat with its patient (NaaccrData-, Patient- and Tumor-level items together; the
database keeps no NaaccrData-level items on a patient, exactly as the abstract screen sees it). Results replace the
tumor's previous stored results (registry/edits/results.py), so the work queues and the edits report always show
the latest run.

* :func:`run_database_edits` - ``registry edits run``: every selected tumor, streamed in batches (one SELECT
  per batch, keyset on tumor id), results written in bulk, one commit per batch, a :class:`RunSummary`;
* :func:`store_edits_for_tumors` / :func:`store_edits_for_patients` - the same for given tumors (imports), inside
  the caller's transaction (no commit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import select

from registry.abstracting.models import Facility, Tumor
from registry.edits.engine import EDIT_SETS, run_edits
from registry.edits.records import count_tumors, records_by_ids, records_where, selection_conditions
from registry.edits.results import DEFAULT_SET, replace_results_bulk
from registry.edits.summary import RunSummary
from registry.extensions import db

BATCH_SIZE = 2000

__all__ = ["BATCH_SIZE", "RunSummary", "run_database_edits", "store_edits_for_patients", "store_edits_for_tumors"]


def _check_set(edit_set: str) -> None:
    if edit_set not in EDIT_SETS:
        raise ValueError(f"unknown edit set {edit_set!r}; have {', '.join(EDIT_SETS)}")


def _edit_batch(batch: Sequence[tuple[int, str | None, dict[str, str]]], edit_set: str,
                summary: RunSummary) -> None:
    """Run the set on one batch of (tumor id, facility code, record), store the results, count them."""
    results = []
    for tumor_id, facility, record in batch:
        failures = run_edits(record, edit_set)
        results.append((tumor_id, failures))
        summary.add(facility, failures)
    replace_results_bulk(results, edit_set)


def run_database_edits(edit_set: str = DEFAULT_SET, *, facility: str | None = None, dx_year_from: int | None = None,
                       dx_year_to: int | None = None, batch_size: int = BATCH_SIZE,
                       progress: Callable[[int], None] | None = None) -> RunSummary:
    """Edit every tumor of the selection (facility code, diagnosis years) and store the results.

    Commits after each batch, so a long run does not hold one write transaction (SQLite) and an interrupted run
    keeps the batches already done. ``progress(n)`` is called with the number of tumors of each batch done.
    """
    _check_set(edit_set)
    conditions = selection_conditions(facility, dx_year_from, dx_year_to)
    summary = RunSummary(edit_set)
    for batch in records_where(conditions, batch_size):
        _edit_batch(batch, edit_set, summary)
        db.session.commit()
        if progress is not None:
            progress(len(batch))
    summary.facility_names = _facility_names()
    return summary


def selected_tumor_count(facility: str | None = None, dx_year_from: int | None = None,
                         dx_year_to: int | None = None) -> int:
    """How many tumors :func:`run_database_edits` would edit (for a progress bar)."""
    return count_tumors(selection_conditions(facility, dx_year_from, dx_year_to))


def store_edits_for_tumors(tumor_ids: Iterable[int], edit_set: str = DEFAULT_SET,
                           batch_size: int = BATCH_SIZE) -> RunSummary:
    """Edit the given tumors and replace their stored results; the caller commits."""
    _check_set(edit_set)
    summary = RunSummary(edit_set)
    for batch in records_by_ids(Tumor.id, list(tumor_ids), batch_size):
        _edit_batch(batch, edit_set, summary)
    return summary


def store_edits_for_patients(patient_ids: Iterable[int], edit_set: str = DEFAULT_SET,
                             batch_size: int = BATCH_SIZE) -> RunSummary:
    """Edit every tumor of the given patients (e.g. those an import wrote) and store the results; no commit."""
    _check_set(edit_set)
    summary = RunSummary(edit_set)
    per_query = max(1, batch_size // 2)  # a batch of patients brings about 1.1 tumors each
    for batch in records_by_ids(Tumor.patient_id, list(patient_ids), per_query):
        _edit_batch(batch, edit_set, summary)
    return summary


def _facility_names() -> dict[str, str]:
    return dict(db.session.execute(select(Facility.code, Facility.name)).all())

