"""Writing what :mod:`registry.naaccr.exchange.compute` found for newly inserted tumors.

The ``derive`` audit entries are the ones :func:`registry.staging.wiring.derive_for_patients` writes for a
stored tumor whose derived items change (one per tumor, its field changes, the import's note), here for
tumors inserted already holding their derived items; the edit results go in with one INSERT (new tumors have
no earlier results to replace).
"""

from __future__ import annotations

from collections.abc import Sequence

from registry.abstracting.bulk import insert_rows
from registry.core.audit import Actor, AuditEvent
from registry.core.base import utcnow
from registry.edits.results import insert_results_bulk
from registry.extensions import db
from registry.naaccr.exchange.compute import ComputedTumor
from registry.staging.wiring import ACTION as DERIVE_ACTION

NewTumor = tuple[int, int, ComputedTumor]  # (patient id, tumor id, what was computed)


def record_derived(tumors: Sequence[NewTumor], actor: Actor, note: str) -> int:
    """One ``derive`` audit entry per new tumor whose derived items differ from the file's; returns how many."""
    now = utcnow()
    rows = [
        {"at": now, "user_id": actor.user_id, "username": actor.username, "action": DERIVE_ACTION,
         "entity": "tumor", "entity_id": tumor_id, "patient_id": patient_id, "note": note,
         "changes": tumor.changes}
        for patient_id, tumor_id, tumor in tumors if tumor.changes
    ]
    insert_rows(db.session.connection(), AuditEvent.__table__, rows)
    return len(rows)


def store_new_results(tumors: Sequence[NewTumor], edit_set: str) -> int:
    """Insert the failing edits of new tumors; returns the number of rows."""
    return insert_results_bulk([(tumor_id, tumor.failures) for _pid, tumor_id, tumor in tumors], edit_set)
