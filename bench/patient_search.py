"""Patient search with 100,000 patients, on SQLite and PostgreSQL: median and p95 of whole requests.

Target (issue: Foundation): median under 100 ms on each backend. Usage:
    python bench/patient_search.py [--patients 100000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _db import fresh_database, machine, make_app, summary

from registry.abstracting.models import Patient, Tumor
from registry.core.audit import Actor
from registry.demo.loader import load_demo
from registry.extensions import db

TARGET_MS = 100


def _queries(rng: random.Random, n: int) -> list[tuple[str, str]]:
    patients = db.session.execute(db.select(Patient.nameLast, Patient.nameFirst, Patient.dateOfBirth)).all()
    tumors = db.session.execute(db.select(Tumor.medicalRecordNumber, Tumor.accessionNumberHosp)).all()
    out = []
    for i in range(n):
        last, first, dob = rng.choice(patients)
        mrn, acc = rng.choice(tumors)
        kind = i % 5
        if kind == 0:
            out.append(("name prefix", f"name={last[:3]}"))
        elif kind == 1:
            out.append(("last, first", f"name={last}, {first[:2]}"))
        elif kind == 2:
            out.append(("date of birth", f"dob={dob}"))
        elif kind == 3:
            out.append(("MRN", f"mrn={mrn}"))
        else:
            out.append(("accession", f"accession={acc}"))
    return out


def run(backend: str, patients: int) -> list[float]:
    with fresh_database(backend) as url:
        app = make_app(url)
        with app.app_context():
            started = time.perf_counter()
            load_demo(patients, 7, Actor(None, "bench"))
            from registry.accounts.operations import create_user

            create_user("bench", "bench kettle marathon 7", "registrar", actor=Actor(None, "bench"))
            db.session.commit()
            print(f"  [{backend}] loaded {patients:,} patients in {time.perf_counter() - started:.1f} s")
            if backend == "postgresql":
                with db.engine.connect() as conn:
                    conn.exec_driver_sql("ANALYZE")
                    conn.commit()
            queries = _queries(random.Random(3), 250)
        client = app.test_client()
        client.post("/login", data={"username": "bench", "password": "bench kettle marathon 7"})
        by_kind: dict[str, list[float]] = {}
        for _kind, q in queries[:20]:
            client.get(f"/patients?{q}")  # warm up
        for kind, q in queries:
            t0 = time.perf_counter()
            response = client.get(f"/patients?{q}")
            by_kind.setdefault(kind, []).append(time.perf_counter() - t0)
            assert response.status_code == 200
        everything = [t for ts in by_kind.values() for t in ts]
        for kind, ts in by_kind.items():
            print(f"  [{backend}] {kind:14s} {summary(ts)}")
        print(f"  [{backend}] {'all searches':14s} {summary(everything)}   target: median < {TARGET_MS} ms")
        with app.app_context():
            db.engine.dispose()
        return everything


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    print(f"Patient search benchmark, {args.patients:,} patients; {machine()}")
    for backend in args.backends.split(","):
        run(backend, args.patients)


if __name__ == "__main__":
    main()
