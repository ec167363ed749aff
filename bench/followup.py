"""Follow-up benchmarks: due list and rate worksheet for 100,000 patients (target <= 2 s), and death clearance
of a 50,000-record death file against 100,000 patients (target <= 120 s on 2 cores).

Measured twice: from DataFrames (the pure functions), and from a fresh migrated database (``--backend sqlite`` or
``postgresql``) loaded with the same synthetic patients: the due list and rates each from their one SELECT, the
linkage from the patients read out of the database, and the whole ``followup deaths import`` (read, link, store,
apply every certain match through the audit trail).

Run: .venv/bin/python bench/followup.py [--patients N] [--deaths N] [--backend sqlite|postgresql|none]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry.followup.linkage import link_deaths
from registry.followup.status import due_list, followup_status
from registry.followup.synthetic import synthetic_patients, synthetic_tumors
from registry.followup.synthetic_deaths import synthetic_death_file
from registry.followup.worksheet import rate_worksheet

AS_OF, REFERENCE = date(2024, 6, 30), date(2005, 1, 1)


def bench_status(patients) -> None:
    tumors = synthetic_tumors(patients, seed=1)
    start = time.perf_counter()
    status = followup_status(tumors, AS_OF)
    rows = due_list(status)
    sheet = rate_worksheet(tumors, REFERENCE, AS_OF)
    seconds = time.perf_counter() - start
    counts = status["status"].value_counts().to_dict()
    print(f"due list + rate worksheet: {len(patients):,} patients, {len(tumors):,} tumors: {seconds:.2f} s "
          f"(target <= 2 s) -> {len(rows):,} listed; {counts}")
    print(f"  worksheet: {sheet}")


def bench_linkage(patients, deaths_count: int) -> None:
    deaths, truth = synthetic_death_file(patients, deaths_count // 2, deaths_count - deaths_count // 2, seed=5)
    start = time.perf_counter()
    result = link_deaths(patients, deaths)
    seconds = time.perf_counter() - start
    true_pairs = {(i, p) for i, p in truth.items() if p}
    automatic = set(zip(result.matches["death_row"], result.matches["patientIdNumber"], strict=True))
    reviewed = set(zip(result.review["death_row"], result.review["patientIdNumber"], strict=True))
    correct = len(automatic & true_pairs)
    print(f"death clearance: {len(deaths):,} deaths x {len(patients):,} patients: {seconds:.1f} s (target <= 120 s)")
    print(f"  automatic {len(automatic):,} ({len(automatic) - correct} wrong): "
          f"precision {correct / max(len(automatic), 1):.4f}, "
          f"recall {correct / len(true_pairs):.4f}; review {len(reviewed):,}; "
          f"true pairs missed by both {len(true_pairs - automatic - reviewed)}; "
          f"non-matches {len(result.non_matches):,}")


PATIENT_ITEMS = ("patientIdNumber", "nameLast", "nameFirst", "nameMiddle", "sexAssignedAtBirth", "dateOfBirth",
                 "socialSecurityNumber", "vitalStatus", "dateOfLastContact", "addrCurrentCountry")
TUMOR_ITEMS = ("tumorRecordNumber", "dateOfDiagnosis", "classOfCase", "primarySite", "histologicTypeIcdO3",
               "behaviorCodeIcdO3", "summaryStage2018")


def new_patients(patients, tumors):
    """The synthetic patients as bulk-loader input (one NewPatient with its tumors each)."""
    from registry.abstracting.bulk import NewPatient

    by_patient: dict[str, list[dict]] = {}
    for pid, *values in tumors[["patientIdNumber", *TUMOR_ITEMS]].itertuples(index=False):
        by_patient.setdefault(pid, []).append(dict(zip(TUMOR_ITEMS, values, strict=True)))
    for values in patients[list(PATIENT_ITEMS)].itertuples(index=False):
        items = dict(zip(PATIENT_ITEMS, values, strict=True))
        yield NewPatient(items=items, tumors=by_patient[items["patientIdNumber"]])


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def shared(frame, settings) -> tuple:
    """The due list and the worksheet from one frame (one SELECT)."""
    from registry.followup.queries import due_rows, due_table

    return due_rows(due_table(frame, AS_OF, settings)), rate_worksheet(frame, REFERENCE, AS_OF)


def bench_database(patients, deaths_count: int, backend: str, skip_linkage: bool = False) -> None:
    from _db import fresh_database, make_app

    from registry.abstracting.bulk import load_patients
    from registry.core.audit import Actor
    from registry.extensions import db
    from registry.followup.clearance_operations import import_death_file, registry_linkage_frame
    from registry.followup.queries import due_rows, due_table, followup_frame
    from registry.followup.settings import followup_settings
    from registry.followup.synthetic_deaths import write_death_csv

    actor = Actor(None, "bench")
    with fresh_database(backend) as url:
        app = make_app(url)
        with app.app_context():
            tumors = synthetic_tumors(patients, seed=1)
            load = lambda: load_patients(new_patients(patients, tumors), actor, note="bench", batch_size=2000)  # noqa: E731
            _, seconds = timed(load)
            db.session.commit()
            print(f"[{backend}] loaded {len(patients):,} patients, {len(tumors):,} tumors in {seconds:.0f} s")
            settings = followup_settings()
            for run in range(5):
                rows, due_s = timed(lambda: due_rows(due_table(followup_frame(), AS_OF, settings)))
                sheet, rate_s = timed(lambda: rate_worksheet(followup_frame(), REFERENCE, AS_OF))
                _, shared_s = timed(lambda: shared(followup_frame(), settings))
                print(f"[{backend}] run {run + 1}: due list {due_s:.2f} s ({len(rows):,} listed) + rates "
                      f"{rate_s:.2f} s = {due_s + rate_s:.2f} s; both from one SELECT {shared_s:.2f} s "
                      f"(target <= 2 s); since reference {sheet['since_reference']}")
            if skip_linkage:
                return
            deaths, _truth = synthetic_death_file(patients, deaths_count // 2, deaths_count - deaths_count // 2, seed=5)
            result, seconds = timed(lambda: link_deaths(registry_linkage_frame(), deaths))
            print(f"[{backend}] linkage from the database: {len(deaths):,} deaths x {len(patients):,} patients "
                  f"{seconds:.1f} s (target <= 120 s): {len(result.matches):,} matches, {len(result.review):,} review")
            text = io.StringIO()
            write_death_csv(deaths, text)
            summary, seconds = timed(lambda: import_death_file(text.getvalue().encode(), "bench.csv", actor).summary())
            db.session.commit()
            print(f"[{backend}] full 'deaths import' (read, link, store, apply {summary['matched']:,} deaths with "
                  f"audit): {seconds:.1f} s; {summary}")
            again, seconds = timed(lambda: import_death_file(text.getvalue().encode(), "bench.csv", actor).summary())
            print(f"[{backend}] re-import of the same file: {seconds:.2f} s, "
                  f"already_imported={again['already_imported']}")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--deaths", type=int, default=50_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "none"], default="sqlite",
                        help="database for the database runs ('none' runs only the DataFrame benchmarks)")
    parser.add_argument("--skip-frames", action="store_true", help="skip the DataFrame-only benchmarks")
    parser.add_argument("--skip-linkage", action="store_true", help="database runs: due list and rates only")
    args = parser.parse_args()
    patients = synthetic_patients(args.patients, seed=3)
    if not args.skip_frames:
        bench_status(patients)
        bench_linkage(patients, args.deaths)
    if args.backend != "none":
        bench_database(patients, args.deaths, args.backend, args.skip_linkage)


if __name__ == "__main__":
    main()
