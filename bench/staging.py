"""Benchmark: derive EOD Public 3.3 outputs for 100,000 realistic tumors (target <= 20 s on 2 cores).

Usage: ``python bench/staging.py [--tumors 100000] [--seed 1] [--records] [--backends sqlite,postgresql]``

Tumors are generated deterministically from the shipped algorithm itself: a schema is drawn with
weights that roughly follow incidence (breast, lung, prostate, colorectal and melanoma most common),
site/histology/year/discriminators are drawn from a row of its selection table, and every other
input from its validation table (about a quarter left blank so schema defaults apply). Generation is
not timed. ``--records`` also times ``derive_for_record`` on the same tumors as NAACCR records.

``--backends`` (default ``sqlite``; empty to skip) also loads the same tumors, as NAACCR records of one patient
each, into a fresh migrated database (bulk insert, not timed) and times, from the database: the first
``derive_for_patients`` (every tumor gets its derived items: the cost an import pays), ``staging rederive``
when nothing changed, and ``staging rederive`` after the derived items of every tumor were blanked by raw SQL.
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from registry.staging.engine import Algorithm, load_algorithm
from registry.staging.naaccr_mapping import derive_for_record
from registry.staging.ranges import Range, parse_cell, translate

TARGET_SECONDS = 20.0
DB_BATCH = 1000
WEIGHTS = {"breast": 30, "lung": 25, "prostate": 25, "colon_rectum": 20, "melanoma_skin": 10, "bladder": 8,
           "kidney_parenchyma": 8, "pancreas": 6, "lymphoma": 8, "thyroid": 8, "corpus_carcinoma": 8}
BLANK_SHARE = 0.25


def _draw(rng: random.Random, entry: Range, context: Mapping[str, str]) -> str:
    low, high = translate(entry.low, context) or "", translate(entry.high, context) or ""
    if low == high:
        return low
    prefix = 0
    while prefix < min(len(low), len(high)) and low[prefix] == high[prefix]:
        prefix += 1
    tail_low, tail_high = low[prefix:], high[prefix:]
    if tail_low.isdigit() and tail_high.isdigit() and int(tail_low) <= int(tail_high):
        width = len(tail_low) if len(low) == len(high) else 0
        return low[:prefix] + str(rng.randint(int(tail_low), int(tail_high))).zfill(width)
    return low


@functools.cache
def _entries(cell: str) -> list[Range] | None:
    return parse_cell(cell)


def _value(rng: random.Random, cell: str, context: Mapping[str, str]) -> str | None:
    entries = _entries(cell)
    if entries is None:
        return None
    return _draw(rng, rng.choice(entries), context)


def _selection(rng: random.Random, algorithm: Algorithm, schema_id: str, context: dict[str, str]) -> dict[str, str]:
    table = algorithm.table(algorithm.schema(schema_id).selection_table)
    row = rng.choice(table.raw_rows)
    chosen: dict[str, str] = {}
    for column, cell in zip(table.columns, row, strict=True):
        if column.type == "INPUT":
            value = _value(rng, cell, context)
            if value is not None:
                chosen[column.key] = value
    year = chosen.get("year_dx", "")
    if not (year.isdigit() and 2018 <= int(year) <= 2025):
        chosen["year_dx"] = str(rng.randint(2018, 2025))
    return chosen


def _other_inputs(rng: random.Random, algorithm: Algorithm, schema_id: str, tumor: dict[str, str]) -> None:
    for item in algorithm.schema(schema_id).inputs:
        if item.key in tumor or item.table is None or rng.random() < BLANK_SHARE:
            continue
        table = algorithm.table(item.table)
        if table is None or item.key not in table.input_keys:
            continue
        position = [c.key for c in table.columns].index(item.key)
        value = _value(rng, rng.choice(table.raw_rows)[position], tumor)
        if value:
            tumor[item.key] = value


def generate(algorithm: Algorithm, count: int, seed: int) -> list[dict[str, str]]:
    """``count`` input dicts, each selecting exactly one schema (drawn again otherwise)."""
    rng = random.Random(seed)
    ids = algorithm.schema_ids
    weights = [WEIGHTS.get(i, 1) for i in ids]
    context = algorithm.context_values()
    tumors: list[dict[str, str]] = []
    while len(tumors) < count:
        schema_id = rng.choices(ids, weights)[0]
        tumor = _selection(rng, algorithm, schema_id, context)
        if "behavior" in algorithm.schema(schema_id).input_map:
            tumor.setdefault("behavior", "3")
        if [s.id for s in algorithm.lookup_schema(tumor)] != [schema_id]:
            continue
        _other_inputs(rng, algorithm, schema_id, tumor)
        tumors.append(tumor)
    return tumors


def as_record(algorithm: Algorithm, tumor: Mapping[str, str]) -> dict[str, str]:
    """The tumor as a NAACCR record keyed by XML id (year becomes a full date)."""
    schema = algorithm.lookup_schema(tumor)[0]
    record = {i.naaccr_xml_id: tumor[i.key] for i in schema.inputs if i.key in tumor and i.naaccr_xml_id}
    record["dateOfDiagnosis"] = tumor["year_dx"] + "0615"
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tumors", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--records", action="store_true", help="also time derive_for_record on NAACCR records")
    parser.add_argument("--backends", default="sqlite", help="databases for the derive/rederive figures ('' = none)")
    args = parser.parse_args()

    started = time.perf_counter()
    algorithm = load_algorithm("eod_public", "3.3")
    loaded = time.perf_counter() - started
    tumors = generate(algorithm, args.tumors, args.seed)
    print(f"loaded EOD Public 3.3 in {loaded:.2f} s; generated {len(tumors):,} tumors "
          f"over {len({algorithm.lookup_schema(t)[0].id for t in tumors})} schemas")

    started, cpu = time.perf_counter(), time.process_time()
    statuses: dict[str, int] = {}
    for tumor in tumors:
        result = algorithm.stage(tumor)
        statuses[result.result] = statuses.get(result.result, 0) + 1
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    verdict = "OK" if seconds <= TARGET_SECONDS else "SLOWER THAN TARGET"
    print(f"Algorithm.stage: {len(tumors):,} tumors in {seconds:.2f} s = {len(tumors) / seconds:,.0f} tumors/s "
          f"(target <= {TARGET_SECONDS:.0f} s: {verdict}); CPU time {cpu:.2f} s; results {statuses}")

    records = [as_record(algorithm, t) for t in tumors]
    if args.records:
        started, cpu = time.perf_counter(), time.process_time()
        for record in records:
            derive_for_record(record)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"derive_for_record: {len(records):,} NAACCR records in {seconds:.2f} s = "
              f"{len(records) / seconds:,.0f} records/s, CPU time {cpu:.2f} s (EOD, plus Pediatric for 2024+)")
    for backend in [b for b in args.backends.split(",") if b]:
        bench_database(backend, records)


def _load(records: list[dict[str, str]]) -> list[int]:
    """Insert one patient per record (bulk loader, as an import of new patients does); returns the patient ids."""
    from registry.abstracting.bulk import NewPatient, insert_patients
    from registry.abstracting.operations import split_by_level
    from registry.core.audit import Actor
    from registry.extensions import db

    ids: list[int] = []
    for start in range(0, len(records), DB_BATCH):
        batch = []
        for n, record in enumerate(records[start:start + DB_BATCH], start=start + 1):
            patient, tumor = split_by_level(record)
            batch.append(NewPatient(items={**patient, "patientIdNumber": f"{n:08d}"},
                                    tumors=[{**tumor, "tumorRecordNumber": "01"}]))
        ids += insert_patients(batch, Actor(None, "bench"), note="bench")
    db.session.commit()
    return ids


def _timed(label: str, work, tumors: int) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    summary = work()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  {label}: {summary.tumors:,} tumors, {summary.changed:,} changed in {seconds:.2f} s = "
          f"{tumors / seconds:,.0f} tumors/s, CPU time {cpu:.2f} s; failed {summary.failed}")


def bench_database(backend: str, records: list[dict[str, str]]) -> None:
    """derive_for_patients and rederive over the records stored in a fresh database."""
    import logging

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _db import fresh_database, make_app
    from sqlalchemy import text

    from registry.core.audit import Actor
    from registry.extensions import db
    from registry.staging.rederive import rederive
    from registry.staging.wiring import derive_for_patients

    logging.disable(logging.INFO)
    actor = Actor(None, "bench")
    with fresh_database(backend) as url:
        app = make_app(url)
        with app.app_context():
            started = time.perf_counter()
            ids = _load(records)
            print(f"{backend}: loaded {len(ids):,} patients/tumors in {time.perf_counter() - started:.1f} s (not a "
                  "target)")

            def first():
                summary = derive_for_patients(ids, actor, note="bench")
                db.session.commit()
                return summary

            _timed("derive_for_patients, first derivation (the cost added to an import)", first, len(ids))
            _timed("staging rederive, nothing changed", lambda: rederive(actor), len(ids))
            db.session.execute(text("UPDATE tumor SET schema_id = NULL, derived_summary_stage2018 = NULL, "
                                    "derived_summary_grade2018 = NULL"))
            db.session.commit()
            _timed("staging rederive after blanking every tumor's derived items", lambda: rederive(actor), len(ids))
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
