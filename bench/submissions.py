"""Benchmark: build a state submission of 100,000 tumors, edits gate included (target <= 90 s on 2 cores).

Usage: ``python bench/submissions.py [--tumors 100000] [--backend sqlite|postgresql] [--seed 7]``

The database is filled (not timed) with the synthetic registry of ``registry demo`` until it holds the asked
number of tumors; Schema ID is derived by the staging package as the abstract screen would on save (cached per
site/histology/discriminator/year, since only those decide the schema). Then one batch is built for a NAACCR v26
profile that takes every case: the whole of selection, reading, the ``state-submission`` edit set plus required
items on every tumor, writing the gzipped NAACCR XML and recording the batch is timed, as wall and CPU time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._db import fresh_database, machine, make_app

TARGET_S = 90.0
PROFILE = """
name: bench
recipient: Benchmark Central Registry
naaccr_version: "260"
record_type: A
required_items: [patientIdNumber, dateOfBirth, dateOfDiagnosis, primarySite, histologicTypeIcdO3]
edit_set: state-submission
selection: {behaviors: ["0", "1", "2", "3"], statuses: [incomplete, complete, reviewed]}
send: corrections
on_edit_errors: hold
"""
_SCHEMA_KEY = ("primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3", "schemaDiscriminator1",
               "schemaDiscriminator2", "schemaDiscriminator3", "sexAssignedAtBirth")


def _with_schema(patient, cache: dict) -> None:
    from registry.staging.naaccr_mapping import derive_for_record

    for tumor in patient.tumors:
        key = (*(tumor.get(k) or patient.items.get(k) for k in _SCHEMA_KEY), tumor.get("dateOfDiagnosis", "")[:4])
        if key not in cache:
            updates, _ = derive_for_record({**patient.items, **tumor})
            cache[key] = {k: v for k, v in updates.items() if k == "schemaId"}
        tumor.update(cache[key])


def fill(tumors: int, seed: int) -> int:
    """Load demo patients until ``tumors`` tumors are in; returns the tumors loaded."""
    from registry.abstracting.bulk import NewPatient, load_patients
    from registry.core.audit import Actor
    from registry.demo.generator import generate_registry
    from registry.demo.loader import ensure_facilities
    from registry.extensions import db

    ensure_facilities()
    cache: dict = {}
    count = {"n": 0}

    def wanted():
        for p in generate_registry(patients=tumors, seed=seed):
            if count["n"] >= tumors:
                return
            p.tumors = p.tumors[:tumors - count["n"]]
            count["n"] += len(p.tumors)
            _with_schema(p, cache)
            yield NewPatient(items=p.items, tumors=p.tumors, tumor_statuses=p.tumor_status[:len(p.tumors)])

    load_patients(wanted(), Actor(None, "bench"), note="bench data")
    db.session.commit()
    return count["n"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tumors", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with fresh_database(args.backend) as url, tempfile.TemporaryDirectory() as tmp:
        app = make_app(url)
        with app.app_context():
            from registry.core.audit import Actor
            from registry.edits.engine import all_edits
            from registry.extensions import db
            from registry.submissions.build import build_batch
            from registry.submissions.operations import save_profile

            started = time.perf_counter()
            loaded = fill(args.tumors, args.seed)
            print(f"loaded {loaded:,} tumors in {time.perf_counter() - started:.1f} s (not timed)")
            all_edits()  # the edit catalogue is built once per process, as in a running app
            profile = save_profile(PROFILE, Actor(None, "bench"))
            db.session.commit()
            wall, cpu = time.perf_counter(), time.process_time()
            batch = build_batch(profile, Actor(None, "bench"), out=f"{tmp}/bench.xml.gz")
            db.session.commit()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            size = Path(f"{tmp}/bench.xml.gz").stat().st_size
            sent, held, warnings = batch.tumors, batch.held_count, batch.warning_count
    verdict = "OK" if wall <= TARGET_S * args.tumors / 100_000 else "SLOW"
    print(f"batch: {sent:,} tumors sent, {held:,} held by error-level edits, "
          f"{warnings:,} warnings; file {size / 1e6:.1f} MB gzipped")
    print(f"build of {loaded:,} tumors ({args.backend}): {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"({loaded / wall:,.0f} tumors/s); target <= {TARGET_S:.0f} s per 100,000 -> {verdict}  [{machine()}]")


if __name__ == "__main__":
    main()
