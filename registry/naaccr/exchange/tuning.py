"""Keeping PostgreSQL's planner informed while one long transaction fills the tables (an import).

The planner plans each statement from the table statistics of the last ANALYZE. For a new registry they say
"empty", and the import's look-ups by key then go wrong as the tables fill: with a sequential scan every batch
reads all the rows written so far, and even with an index the planner, believing the registry has a handful of
patients, takes ``patient_id_number = ANY(...)`` as a filter over every patient of the registry rather than as
an index condition. Either way each batch costs in proportion to what is already written, and the import grows
quadratic (100,000 tumors: 291 s with sequential scans, 215 s with the filter; measured, docs/benchmarks/naaccr.md).

Two remedies, both limited to the import's transaction:

* ``SET LOCAL enable_seqscan = off``: the import's look-ups are all by key, so index scans are always right;
* ``ANALYZE`` of the growing tables each time the import has written four times as many patients as at the
  last one (1,000, 4,000, 16,000, ...): ANALYZE inside a transaction counts the rows that transaction inserted,
  so the estimates follow the data. A handful of runs per import, well under a second each (a sample of at
  most 30,000 rows). If the import then rolls back, its column statistics go with it but the row counts in
  ``pg_class`` stay (PostgreSQL updates those in place) until the next ANALYZE or autovacuum: harmless, as an
  estimate too high only favours index scans.
"""

from __future__ import annotations

from sqlalchemy import text

from registry.extensions import db

GROWING_TABLES = ("patient", "tumor", "edit_result", "audit_event")
FIRST_ANALYZE = 1_000
GROWTH = 4


class GrowingTables:
    """Call :meth:`grew` with the number of patients written so far; it re-analyzes when that has grown enough."""

    def __init__(self) -> None:
        self.enabled = db.session.get_bind().dialect.name == "postgresql"
        self.next_at = FIRST_ANALYZE
        if self.enabled:
            db.session.execute(text("SET LOCAL enable_seqscan = off"))

    def grew(self, written: int) -> bool:
        """Re-analyze the growing tables if ``written`` reached the next threshold; True if it did."""
        if not self.enabled or written < self.next_at:
            return False
        while self.next_at <= written:
            self.next_at *= GROWTH
        for table in GROWING_TABLES:
            db.session.execute(text(f"ANALYZE {table}"))
        return True
