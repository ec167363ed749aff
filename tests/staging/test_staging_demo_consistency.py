"""``staging rederive`` over a demo registry stores what deriving each tumor alone gives (issue #15, both backends).

The small version of ``bench/staging_consistency.py`` (100,000 tumors, 2,000 sampled): a demo registry of a few
hundred tumors (no derived item yet), one rederive over all of them in one process, then every tumor read back
as the derivation reads it and derived alone, with new Algorithm objects (:func:`fresh_algorithms`): no derived
item may differ from the stored one.
"""

from __future__ import annotations

from registry.demo.loader import load_demo
from registry.extensions import db
from registry.staging.engine import fresh_algorithms
from registry.staging.rederive import rederive
from registry.staging.wiring import derived_changes, stored_records

PATIENTS, SEED = 200, 15
# A tumor's derivation alone is a function of its stored record only (what the test shows), so the answers
# computed for the first backend serve the second one when the records are the same (same demo seed).
_ALONE: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}


def _alone(record: dict[str, str]) -> dict[str, str]:
    key = tuple(sorted(record.items()))
    if key not in _ALONE:
        with fresh_algorithms():
            _ALONE[key] = derived_changes(record)
    return _ALONE[key]


def test_rederive_stores_what_deriving_each_demo_tumor_alone_gives(ctx, actor):
    load_demo(PATIENTS, SEED, actor)
    db.session.commit()
    summary = rederive(actor)
    records = stored_records()
    differ = {tumor_id: changes for tumor_id, record in records if (changes := _alone(record))}
    assert differ == {}
    assert summary.tumors == len(records) >= 200
    assert summary.changed == summary.tumors - summary.not_applicable  # every tumor got its items from the stream
    assert summary.results["eod_public 3.3"]["STAGED"] >= 200 and summary.results["pediatric 1.3"]
