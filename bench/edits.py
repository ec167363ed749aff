"""Benchmark the edits engine: every edit of a set over 100,000 realistic tumor records.

Usage: ``python bench/edits.py [--records 100000] [--seed 1] [--set hospital] [--file NAACCR.xml[.gz]]``

Target (issue "Edits: the data-quality engine"): all edits over 100,000 tumors in <= 30 s on the 2-core machine,
i.e. >= 3,334 records/s. Records come from a small deterministic generator below (common sites with matching
histology, schema, laterality and surgery codes; dates 2005-2024 in order; about 5 % carry a planted error), held
in memory, so the figure is the engine alone. ``--file`` also times ``edits check`` on a NAACCR XML file read
through the shared reader (e.g. one written by ``bench/gen_naaccr_file.py``), split into reading alone and
reading + edits. ``--db URL`` (an existing database, e.g. one filled by ``registry demo``) or ``--demo-patients N``
(a fresh migrated database on ``--backend sqlite|postgresql`` filled with the demo registry; 90,500 patients give
about 100,000 tumors) times ``registry edits run`` over the database, split into reading the tumors, the edits
and storing the results.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry.edits import tables
from registry.edits.check import check_file
from registry.edits.engine import all_edits, run_edits
from registry.edits.schemas import eod_schemas

TARGET_SECONDS_PER_100K = 30.0
# (site, histology, behavior, schema id, laterality, 2003-2022 surgery, 2023+ surgery, sex or None)
CASES = [
    ("C504", "8500", "3", "00480", "1", "50", "B500", "2"), ("C502", "8520", "3", "00480", "2", "22", "B240", "2"),
    ("C341", "8140", "3", "00360", "1", "33", "B330", None), ("C343", "8070", "3", "00360", "2", "00", "B000", None),
    ("C619", "8140", "3", "00580", "0", "50", "A500", "1"), ("C187", "8140", "3", "00200", "0", "30", "B300", None),
    ("C209", "8140", "3", "00210", "0", "40", "A400", None), ("C739", "8260", "3", "00730", "0", "50", "B500", None),
    ("C679", "8120", "2", "00620", "0", "27", "A270", None), ("C443", "8720", "3", "00470", "1", "30", "B300", None),
    ("C649", "8312", "3", "00600", "2", "50", "A500", None), ("C539", "8070", "3", "00520", "0", "00", "A000", "2"),
    ("C421", "9861", "3", "00830", "0", "98", "A980", None), ("C779", "9680", "3", "00790", "0", "00", "A000", None),
    ("C250", "8140", "3", "00280", "0", "00", "B000", None), ("C509", "8500", "2", "00480", "1", "22", "B240", "2"),
]


PLANTED = (("laterality", "9"), ("dateOfBirth", "20300101"), ("ageAtDiagnosis", "200"), ("primarySite", "C999"))


def _surgery_2023(site: str, old: str, year: int) -> str:
    """The 2023+ code for the old code when the site's table has it, else the table's first performed code."""
    codes = tables.surgery_tables("2023" if year == 2023 else "2024")[site].codes
    for prefix in "AB":
        if f"{prefix}{old}0" in codes:
            return f"{prefix}{old}0"
    return sorted(codes)[1]


def _fill_ssdis(r: dict[str, str], year: int) -> None:
    """Give every schema input a valid code, as a complete abstract would."""
    schema = eod_schemas()[r["schemaId"]]
    for item in schema.inputs:
        if item.codes is None or r.get(item.naaccr_id, "") in item.codes:
            continue
        values = sorted(v for v in item.codes.values if v)
        if values:
            r[item.naaccr_id] = values[0]
        elif item.codes.ranges:
            r[item.naaccr_id] = item.codes.ranges[0][0]


def make_record(rng: random.Random, n: int) -> dict[str, str]:
    """One realistic flat tumor record; about 5 % carry one planted error."""
    site, hist, beh, schema, lat, surg, _surg23, sex = rng.choice(CASES)
    year = rng.randint(2005, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    age = rng.randint(25, 89)
    birth_month = rng.randint(1, 12)
    birth = f"{year - age - (1 if birth_month > month else 0)}{birth_month:02d}01"
    last_year = min(year + rng.randint(1, 4), 2025)
    r = {"patientIdNumber": f"{n:08d}", "tumorRecordNumber": "01", "dateOfBirth": birth,
         "sexAssignedAtBirth": sex or rng.choice("12"), "race1": "01", "race2": "88", "vitalStatus": "1",
         "dateOfLastContact": f"{last_year}1215", "causeOfDeath": "0000", "icdRevisionNumber": "0",
         "dateOfDiagnosis": f"{year}{month:02d}{day:02d}", "ageAtDiagnosis": f"{age:03d}", "primarySite": site,
         "laterality": lat, "histologicTypeIcdO3": hist, "behaviorCodeIcdO3": beh, "diagnosticConfirmation": "1",
         "sequenceNumberCentral": "00", "sequenceNumberHospital": "00", "typeOfReportingSource": "1",
         "classOfCase": "14", "reasonForNoSurgery": "0" if surg not in ("00", "98") else "1",
         "rxSummChemo": rng.choice(("00", "03")), "regionalNodesExamined": "03", "regionalNodesPositive": "00",
         "rxSummScopeRegLnSur": "4"}
    if year >= 2023:
        r["rxSummSurgPrimSite2023"] = _surgery_2023(site, surg, year)
    else:
        r["rxSummSurgPrimSite"] = surg
    if year >= 2018:
        schema = "00528" if schema == "00520" and year >= 2021 else schema
        schema = "09210" if schema == "00210" and year >= 2023 else schema
        r.update(schemaId=schema, summaryStage2018="0" if beh == "2" else "1")
        _fill_ssdis(r, year)
        if r.get("sentinelLymphNodesExamined") == "00":
            r["sentinelLymphNodesPositive"] = "98"
    if rng.random() < 0.05:
        item, value = rng.choice(PLANTED)
        r[item] = value
    return r


def _timed(fn, *args, **kwargs) -> tuple[object, float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start, time.process_time() - cpu


def _read_and_edit(edit_set: str) -> tuple[int, float, float]:
    """Read every tumor in batches (as the run does), then edit them: (tumors, reading CPU s, edits CPU s)."""
    from registry.edits.records import records_where
    from registry.edits.runs import BATCH_SIZE

    tumors, read_cpu, edit_cpu = 0, 0.0, 0.0
    batches = records_where([], BATCH_SIZE)
    while True:
        start = time.process_time()
        batch = next(batches, None)
        read_cpu += time.process_time() - start
        if batch is None:
            return tumors, read_cpu, edit_cpu
        start = time.process_time()
        for _tid, _fac, record in batch:
            run_edits(record, edit_set)
        edit_cpu += time.process_time() - start
        tumors += len(batch)


def bench_database(url: str, edit_set: str) -> None:
    """``edits run`` over every tumor of the database at ``url``: read, edits, store (one commit per batch)."""
    from _db import make_app

    from registry.edits.runs import run_database_edits

    with make_app(url).app_context():
        run_edits({"primarySite": "C504"}, edit_set)  # load tables outside the timing
        (tumors, read_cpu, edit_cpu), _wall, _cpu = _timed(_read_and_edit, edit_set)
        summary, wall, cpu = _timed(run_database_edits, edit_set)
    per = 1e6 / max(tumors, 1)
    print(f"edits run ({edit_set}) over the database: {summary.tumors:,} tumors in {wall:.1f} s "  # type: ignore
          f"= {summary.tumors / wall:,.0f} tumors/s (CPU {cpu:.1f} s); {summary.failing_tumors:,} failing. "  # type: ignore
          f"Target: 100,000 in <= 30 s. CPU parts: reading {read_cpu:.1f} s ({read_cpu * per:.0f} us/tumor), "
          f"edits {edit_cpu:.1f} s ({edit_cpu * per:.0f} us/tumor), storing + summary "
          f"{max(cpu - read_cpu - edit_cpu, 0):.1f} s ({max(cpu - read_cpu - edit_cpu, 0) * per:.0f} us/tumor)")


def bench_demo_database(patients: int, backend: str, edit_set: str) -> None:
    """A fresh database filled with the demo registry, then :func:`bench_database`."""
    from _db import fresh_database, make_app

    from registry.core.audit import Actor
    from registry.demo.loader import load_demo
    from registry.extensions import db

    with fresh_database(backend) as url:
        with make_app(url).app_context():
            load_demo(patients, 1, Actor(None, "bench"))
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        print(f"{backend}: demo registry of {patients:,} patients loaded")
        bench_database(url, edit_set)


def bench_import(path: Path, backend: str, edit_set: str) -> None:
    """What the edits add to ``naaccr import``: import the file into a fresh database (the importer stores the
    edits of each batch), then run the same edits step again alone over every imported patient."""
    from _db import fresh_database, make_app

    from registry.abstracting.models import Patient
    from registry.core.audit import Actor
    from registry.edits.runs import store_edits_for_patients
    from registry.extensions import db
    from registry.naaccr.exchange.importer import import_file

    with fresh_database(backend) as url, make_app(url).app_context():
        result, imported, import_cpu = _timed(import_file, path, Actor(None, "bench"))
        ids = list(db.session.scalars(db.select(Patient.id)))
        summary, wall, cpu = _timed(store_edits_for_patients, ids, edit_set)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    print(f"naaccr import {path.name} into {backend}: {result.tumors:,} tumors in {imported:.1f} s "  # type: ignore
          f"(CPU {import_cpu:.1f} s), of which storing their edits ({edit_set}) takes about {wall:.1f} s "
          f"(CPU {cpu:.1f} s = {cpu / max(summary.tumors, 1) * 1e6:.0f} us/tumor, "  # type: ignore
          f"{cpu / max(import_cpu, 1e-9):.0%} of the import's CPU)")


def _file_parts(path: Path, edit_set: str) -> tuple[int, float, float]:
    """One pass over the file timing the shared reader and the edits apart: (tumors, reading CPU, edits CPU)."""
    from registry.naaccr.xml.reader import ReadOptions, flat_records, read_file

    tumors, read_cpu, edit_cpu = 0, 0.0, 0.0
    options = ReadOptions(relaxed=True, unknown_items="ignore", validate=False)
    with read_file(path, options=options) as nf:
        patients = nf.patients()
        while True:
            start = time.process_time()
            patient = next(patients, None)
            records = [record for _tumor, record in flat_records(patient, nf.root)] if patient else []
            read_cpu += time.process_time() - start
            if patient is None:
                return tumors, read_cpu, edit_cpu
            start = time.process_time()
            for record in records:
                run_edits(record, edit_set)
            edit_cpu += time.process_time() - start
            tumors += len(records)


def bench_file(path: Path, edit_set: str) -> None:
    """``edits check`` on a NAACCR XML file, and where its time goes (the shared reader or the edits)."""
    (tumors, read_cpu, edit_cpu), _wall, _cpu = _timed(_file_parts, path, edit_set)
    result, seconds, cpu = _timed(check_file, path, edit_set)
    per = 1e6 / max(tumors, 1)
    print(f"edits check {path.name}: {result.records:,} tumors in {seconds:.1f} s = "  # type: ignore
          f"{result.records / seconds:,.0f} tumors/s (CPU {cpu:.1f} s); {len(result.rows):,} failures. "  # type: ignore
          f"Target: 100,000 in <= 30 s. CPU parts: XML reader {read_cpu:.1f} s ({read_cpu * per:.0f} us/tumor), "
          f"edits {edit_cpu:.1f} s ({edit_cpu * per:.0f} us/tumor)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--set", dest="edit_set", default="hospital")
    parser.add_argument("--file", type=Path, default=None)
    parser.add_argument("--db", default=None, help="database URL to run 'edits run' over")
    parser.add_argument("--demo-patients", type=int, default=None, help="fresh database with this many demo patients")
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--import-file", type=Path, default=None, help="time the edits step of importing this file")
    parser.add_argument("--skip-memory", action="store_true", help="skip the in-memory engine figure")
    args = parser.parse_args()
    if args.db:
        bench_database(args.db, args.edit_set)
    if args.demo_patients:
        bench_demo_database(args.demo_patients, args.backend, args.edit_set)
    if args.file:
        bench_file(args.file, args.edit_set)
    if args.import_file:
        bench_import(args.import_file, args.backend, args.edit_set)
    if not args.skip_memory:
        bench_memory(args)


def bench_memory(args: argparse.Namespace) -> None:
    """The engine alone over generated in-memory records."""
    rng = random.Random(args.seed)
    records = [make_record(rng, n) for n in range(args.records)]
    all_edits()
    run_edits(records[0], args.edit_set)  # load tables outside the timing
    start, cpu_start = time.perf_counter(), time.process_time()
    failures = sum(len(run_edits(r, args.edit_set)) for r in records)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    target = args.records / TARGET_SECONDS_PER_100K * 100_000 / max(args.records, 1)
    print(f"edits ({args.edit_set}, {len(all_edits())} edits in catalogue): {args.records} records in "
          f"{seconds:.2f} s = {args.records / seconds:,.0f} records/s, {seconds / args.records * 1e6:.0f} us/record; "
          f"CPU {cpu:.2f} s = {cpu / args.records * 1e6:.0f} us/record; {failures} failures. "
          f"Target: >= {target:,.0f} records/s (100,000 in <= 30 s)")


if __name__ == "__main__":
    main()
