"""The import keeps PostgreSQL statistics current inside its own transaction (exchange.table_stats)."""

from __future__ import annotations

from sqlalchemy import text

from registry.abstracting.bulk import NewPatient, insert_patients
from registry.extensions import db
from registry.naaccr.exchange.table_stats import FIRST_ANALYZE, GROWTH, GrowingTables

KEY_LOOKUP = ("EXPLAIN SELECT id FROM patient WHERE source_registry_id = 'R' "
              "AND patient_id_number = ANY(ARRAY['00000010', '00000020', '00000030'])")


def _insert(actor, n: int) -> None:
    insert_patients([NewPatient({"patientIdNumber": f"{i:08d}"}, [{"primarySite": "C504"}]) for i in range(n)],
                    actor, note="test", source_registry_id="R")


def _plan() -> str:
    return "\n".join(db.session.execute(text(KEY_LOOKUP)).scalars())


def test_statistics_follow_the_rows_the_transaction_wrote(ctx, actor):
    tables = GrowingTables()
    _insert(actor, FIRST_ANALYZE + 200)
    if db.engine.dialect.name != "postgresql":
        assert tables.grew(FIRST_ANALYZE + 200) is False  # nothing to do: SQLite plans key look-ups by index
        db.session.rollback()
        return
    assert tables.grew(FIRST_ANALYZE - 1) is False
    assert tables.grew(FIRST_ANALYZE + 200) is True
    assert tables.next_at == FIRST_ANALYZE * GROWTH
    # the transaction's own, uncommitted rows are counted, and the key look-up uses them as an index condition
    tuples = db.session.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'patient'")).scalar_one()
    assert tuples == FIRST_ANALYZE + 200
    plan = _plan()
    assert "Index Cond: ((patient_id_number)::text = ANY" in plan, plan
    assert tables.grew(FIRST_ANALYZE + 201) is False  # next at four times as many
    db.session.rollback()
