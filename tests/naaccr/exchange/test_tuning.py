"""The import suits the connection to its long transaction (registry.naaccr.exchange.tuning), on both databases."""

from __future__ import annotations

from sqlalchemy import text

from registry.abstracting.bulk import NewPatient, insert_patients
from registry.extensions import db
from registry.naaccr.exchange.tuning import FIRST_ANALYZE, GROWTH, SQLITE_CACHE_KIB, ImportTuning

KEY_LOOKUP = ("EXPLAIN SELECT id FROM patient WHERE source_registry_id = 'R' "
              "AND patient_id_number = ANY(ARRAY['00000010', '00000020', '00000030'])")


def _insert(actor, n: int) -> None:
    insert_patients([NewPatient({"patientIdNumber": f"{i:08d}"}, [{"primarySite": "C504"}]) for i in range(n)],
                    actor, note="test", source_registry_id="R")


def _cache_size() -> int:
    return db.session.connection().exec_driver_sql("PRAGMA cache_size").scalar_one()


def test_postgresql_statistics_follow_the_rows_the_transaction_wrote(ctx, actor):
    tuning = ImportTuning()
    _insert(actor, FIRST_ANALYZE + 200)
    if db.engine.dialect.name != "postgresql":
        assert tuning.grew(FIRST_ANALYZE + 200) is False  # nothing to do: SQLite plans key look-ups by index
        tuning.restore()
        db.session.rollback()
        return
    assert tuning.grew(FIRST_ANALYZE - 1) is False
    assert tuning.grew(FIRST_ANALYZE + 200) is True
    assert tuning.next_at == FIRST_ANALYZE * GROWTH
    # the transaction's own, uncommitted rows are counted, and the key look-up uses them as an index condition
    tuples = db.session.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'patient'")).scalar_one()
    assert tuples == FIRST_ANALYZE + 200
    plan = "\n".join(db.session.execute(text(KEY_LOOKUP)).scalars())
    assert any("Index Cond" in line and "patient_id_number)::text = ANY" in line for line in plan.splitlines()), plan
    assert tuning.grew(FIRST_ANALYZE + 201) is False  # next at four times as many
    db.session.rollback()


def test_sqlite_page_cache_is_larger_for_the_import_only(ctx):
    if db.engine.dialect.name != "sqlite":
        return
    before = _cache_size()
    tuning = ImportTuning()
    assert _cache_size() == -SQLITE_CACHE_KIB
    db.session.rollback()  # a failed import: the session has rolled back before the size is restored
    tuning.restore()
    assert _cache_size() == before
