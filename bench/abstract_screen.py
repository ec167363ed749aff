"""The abstract screen with ~100,000 tumors, on SQLite and PostgreSQL: median and p95 server time to load and save.

Target (issue "The abstracting workspace", point 6): the page loads and saves in under 150 ms server time (median)
with 100,000 tumors in the database. Each figure is a whole request through the app (test client, no network):
load = GET /abstracts/<id> (including the audited view); save = POST of the full form (every field of the
screen, as a browser sends it) with one change, which re-derives staging, runs the hospital edit set, stores the
edit results and writes the audit entry. Usage:
    python bench/abstract_screen.py [--patients 90000] [--backends sqlite,postgresql] [--n 200]
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

from registry.abstracting.conflicts import baseline_of
from registry.abstracting.fields import field_specs
from registry.abstracting.models import Tumor
from registry.core.audit import Actor
from registry.demo.loader import load_demo
from registry.extensions import db

TARGET_MS = 150


def _form(tumor: Tumor, n: int) -> dict[str, str]:
    """What the browser posts: every field of the screen with its saved value, one text changed."""
    saved = {**tumor.patient.items(), **tumor.items()}
    form = {k: saved.get(k, "") for k, spec in field_specs().items() if not spec.derived}
    form.update(patient_version=str(tumor.patient.version), tumor_version=str(tumor.version),
                baseline=baseline_of(saved), intent="save", textRemarks=f"benchmark note {n}")
    return form


def _load(backend: str, patients: int) -> tuple[list[int], int]:
    started = time.perf_counter()
    load_demo(patients, 11, Actor(None, "bench"))
    from registry.accounts.operations import create_user

    create_user("bench", "bench kettle marathon 7", "registrar", actor=Actor(None, "bench"))
    db.session.commit()
    if backend == "postgresql":
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    ids = list(db.session.scalars(db.select(Tumor.id)))
    print(f"  [{backend}] loaded {patients:,} patients, {len(ids):,} tumors in {time.perf_counter() - started:.0f} s")
    return ids, len(ids)


def run(backend: str, patients: int, n: int) -> None:
    with fresh_database(backend) as url:
        app = make_app(url)
        with app.app_context():
            ids, _count = _load(backend, patients)
        sample = random.Random(5).sample(ids, n + 10)
        client = app.test_client()
        client.post("/login", data={"username": "bench", "password": "bench kettle marathon 7"})
        loads, saves = [], []
        for i, tumor_id in enumerate(sample):
            t0 = time.perf_counter()
            response = client.get(f"/abstracts/{tumor_id}")
            elapsed = time.perf_counter() - t0
            assert response.status_code == 200, response.status_code
            with app.app_context():
                form = _form(db.session.get(Tumor, tumor_id), i)
            t0 = time.perf_counter()
            response = client.post(f"/abstracts/{tumor_id}", data=form)
            saved = time.perf_counter() - t0
            assert response.status_code in (303, 422), response.status_code
            if i >= 10:  # the first ten warm the caches (lookups, staging tables, edit plan)
                loads.append(elapsed)
                saves.append(saved)
        print(f"  [{backend}] load  {summary(loads)}   target: median < {TARGET_MS} ms")
        print(f"  [{backend}] save  {summary(saves)}   target: median < {TARGET_MS} ms")
        with app.app_context():
            db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=90_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    print(f"Abstract screen benchmark, {args.patients:,} patients; {machine()}")
    for backend in args.backends.split(","):
        run(backend, args.patients, args.n)


if __name__ == "__main__":
    main()
