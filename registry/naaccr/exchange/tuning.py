"""Suiting the database connection to one long transaction that fills the tables (an import).

PostgreSQL plans each statement from the table statistics of the last ANALYZE. For a new registry they say
"empty", and the import's look-ups by key then go wrong as the tables fill: with a sequential scan every batch
reads all the rows written so far, and even with an index the planner, believing the registry has a handful of
patients, takes ``patient_id_number = ANY(...)`` as a filter over every patient of the registry rather than as
an index condition. Either way each batch costs in proportion to what is already written, and the import grows
quadratic (100,000 tumors: 291 s with sequential scans, 215 s with the filter, 132 s with the remedies below;
docs/benchmarks/naaccr_db.md). Two remedies, both limited to the import's transaction:

* ``SET LOCAL enable_seqscan = off``: the import's look-ups are all by key, so index scans are always right;
* ``ANALYZE`` of the patient table each time the import has written four times as many patients as at the
  last one (1,000, 4,000, 16,000, ...): ANALYZE inside a transaction counts the rows that transaction inserted,
  so the estimates follow the data. A handful of runs per import, well under a second each (a sample of at
  most 30,000 rows). If the import then rolls back, its column statistics go with it but the row counts in
  ``pg_class`` stay (PostgreSQL updates those in place) until the next ANALYZE or autovacuum: harmless, as an
  estimate too high only favours index scans.

SQLite keeps 2 MB of database pages in memory by default; an import adds rows to a dozen indexes of the tumor
table at scattered places, and with that little cache it spends its time moving index pages in and out.
:data:`SQLITE_CACHE_KIB` are allowed for the import's connection, and the previous size is restored when the
import ends (:meth:`ImportTuning.restore`), so a web process that ran an import does not keep the memory.
"""

from __future__ import annotations

from sqlalchemy import text

from registry.extensions import db

# The import's look-ups of many keys at once are on the patient table (which patients of the batch exist); the
# other tables are read one key at a time (foreign-key checks, ids reserved in advance: abstracting.bulk), which
# an index scan serves whatever the statistics say. ANALYZE of the wide tumor table costs more than it saves.
GROWING_TABLES = ("patient",)
FIRST_ANALYZE = 1_000
GROWTH = 4
SQLITE_CACHE_KIB = 32_768  # 100,000 tumors: 69 s -> 61 s into SQLite, peak memory +30 MB (docs/benchmarks/naaccr_db.md)


class ImportTuning:
    """Set up at the start of the import's transaction; :meth:`grew` after each batch; :meth:`restore` at the end."""

    def __init__(self) -> None:
        dialect = db.session.get_bind().dialect.name
        self.postgresql = dialect == "postgresql"
        self.next_at = FIRST_ANALYZE
        self._sqlite: tuple[object, int] | None = None  # (the driver connection, its former cache size)
        if self.postgresql:
            db.session.execute(text("SET LOCAL enable_seqscan = off"))
        elif dialect == "sqlite":
            conn = db.session.connection()
            self._sqlite = (conn.connection.driver_connection, conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")

    def grew(self, written: int) -> bool:
        """Re-analyze the growing tables if ``written`` patients reached the next threshold; True if it did."""
        if not self.postgresql or written < self.next_at:
            return False
        while self.next_at <= written:
            self.next_at *= GROWTH
        for table in GROWING_TABLES:
            db.session.execute(text(f"ANALYZE {table}"))
        return True

    def restore(self) -> None:
        """Give SQLite's page cache back its former size (PostgreSQL's settings end with the transaction).

        Runs on the driver connection itself, so it works whatever state a failed import left the session in."""
        if self._sqlite is not None:
            connection, size = self._sqlite
            connection.execute(f"PRAGMA cache_size = {int(size)}")
            self._sqlite = None
