"""Benchmark of the reports area over 1,000,000 tumors (run: .venv/bin/python bench/reports.py [sqlite|postgresql]).

Builds (once, then reuses) a database of 1,000,000 synthetic tumors of about 900,000 patients with raw bulk
INSERTs (SQLite: /tmp/registry_reports_bench.db; PostgreSQL: database registry_reports_bench), loads a matching
population, then times the incidence rates table (by site recode; by year and sex) and the survival table
(observed Kaplan-Meier; relative survival Ederer II, overall and by stage; net and cause-specific survival) as
the pages and the CLI compute them: counting in the database, statistics in numpy. Prints each figure next to
the 3 s target and the 1-minute load average after it; best of 3 runs.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench._db import PG_ADMIN_URL, machine

TUMORS = 1_000_000
PATIENTS = 900_000
TARGET_S = 3.0
# (primarySite, histology, SEER 2023 site recode, weight, sex: 0 any / 1 male / 2 female, yearly death hazard)
SITES = [("C504", "8500", "39", 15, 2, 0.03), ("C619", "8140", "49", 12, 1, 0.02), ("C340", "8070", "30", 12, 0, 0.35),
         ("C180", "8140", "20", 8, 0, 0.12), ("C209", "8140", "20", 4, 0, 0.12), ("C449", "8720", "37", 5, 0, 0.03),
         ("C670", "8120", "55", 4, 0, 0.08), ("C649", "8312", "57", 4, 0, 0.08), ("C739", "8260", "62", 3, 0, 0.01),
         ("C250", "8140", "25", 3, 0, 0.6), ("C541", "8380", "44", 3, 2, 0.05), ("C220", "8170", "23", 2, 0, 0.4),
         ("C160", "8140", "19", 2, 0, 0.3), ("C569", "8441", "46", 2, 2, 0.2), ("C710", "9440", "59", 1, 0, 0.7)]


def _synthetic(seed: int = 11) -> tuple[dict, dict]:
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(SITES), TUMORS, p=np.array([s[3] for s in SITES]) / sum(s[3] for s in SITES))
    pid = np.concatenate([np.arange(1, PATIENTS + 1), rng.integers(1, PATIENTS + 1, TUMORS - PATIENTS)])
    year = rng.integers(2010, 2025, TUMORS)
    dx = np.array([f"{y}-01-01" for y in range(2010, 2025)], dtype="datetime64[D]")[year - 2010] + \
        rng.integers(0, 365, TUMORS)
    hazard = np.array([s[5] for s in SITES])[pick]
    death = dx + (rng.exponential(1 / hazard) * 365.24).astype(np.int64)
    cutoff = np.datetime64("2025-12-31")
    dlc = np.minimum(death, cutoff - rng.integers(0, 400, TUMORS))
    sex_rule = np.array([s[4] for s in SITES])[pick]
    sex = np.where(sex_rule == 0, rng.integers(1, 3, TUMORS), sex_rule)
    tumors = {"id": np.arange(1, TUMORS + 1), "patient_id": pid, "pick": pick, "year": year, "dx": dx,
              "age": np.clip(rng.normal(66, 12, TUMORS), 0, 99).astype(int),
              "stage": rng.choice(np.array(list("0123479")), TUMORS, p=[.05, .42, .12, .08, .04, .2, .09]),
              "state": np.where(rng.random(TUMORS) < 0.97, "MD", "VA")}
    patients = {"sex": sex[:PATIENTS], "race": rng.choice(np.array(["01", "02", "04", "99"]), PATIENTS,
                                                         p=[.75, .15, .07, .03]),
                "dlc": dlc[:PATIENTS], "dead": (death <= dlc)[:PATIENTS]}
    return tumors, patients


def _rows(tumors: dict, patients: dict) -> tuple[list[tuple], list[tuple]]:
    now = datetime.now(UTC)
    pats = [(i + 1, "", f"{i + 1:08d}", str(patients["sex"][i]), patients["race"][i], str(patients["dlc"][i]),
             str(patients["dlc"][i]).replace("-", ""), "0" if patients["dead"][i] else "1",
             "C349" if patients["dead"][i] else "0000", "1" if patients["dead"][i] else "0", 1, now, now)
            for i in range(PATIENTS)]
    tums = []
    for i in range(TUMORS):
        site, hist, recode = SITES[tumors["pick"][i]][:3]
        d = str(tumors["dx"][i])
        tums.append((i + 1, int(tumors["patient_id"][i]), "complete", d, int(tumors["year"][i]), recode, site, hist,
                     "3", d.replace("-", ""), f"{tumors['age'][i]:03d}", tumors["state"][i], "005",
                     tumors["stage"][i], "10", "1", "00", "1", 1, now, now))
    return pats, tums


PATIENT_SQL = ("INSERT INTO patient (id, source_registry_id, patient_id_number, sex_assigned_at_birth, race1, "
               "last_contact_date, date_of_last_contact, vital_status, cause_of_death, icd_revision_number, version, "
               "created_at, updated_at) VALUES ({})")
TUMOR_SQL = ("INSERT INTO tumor (id, patient_id, status, dx_date, dx_year, site_recode, primary_site, "
             "histologic_type_icd_o3, behavior_code_icd_o3, date_of_diagnosis, age_at_diagnosis, addr_at_dx_state, "
             "county_at_dx, derived_summary_stage2018, class_of_case, type_of_reporting_source, "
             "sequence_number_central, diagnostic_confirmation, version, created_at, updated_at) VALUES ({})")


def _fill(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        if conn.execute(sa.text("SELECT count(*) FROM tumor")).scalar() == TUMORS:
            return
    started = time.perf_counter()
    pats, tums = _rows(*_synthetic())
    mark = "?" if url.startswith("sqlite") else "%s"
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for sql, rows in ((PATIENT_SQL, pats), (TUMOR_SQL, tums)):
            statement = sql.format(", ".join([mark] * len(rows[0])))
            for start in range(0, len(rows), 50_000):
                cur.executemany(statement, rows[start:start + 50_000])
        raw.commit()
    finally:
        raw.close()
    print(f"built {TUMORS:,} tumors in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _database(backend: str) -> str:
    if backend == "sqlite":
        return "sqlite:////tmp/registry_reports_bench.db"
    name = "registry_reports_bench"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(backend: str) -> None:
    from bench._db import make_app
    from registry.demo.population import generate_population
    from registry.extensions import db
    from registry.reports.filters import ReportFilter
    from registry.reports.incidence import rates_table
    from registry.reports.populations import load_population
    from registry.reports.site_column import refresh_site_recodes
    from registry.reports.survival import survival_report

    url = _database(backend)
    app = make_app(url)
    _fill(url)
    with app.app_context():
        if not db.session.execute(sa.text("SELECT count(*) FROM population")).scalar():
            load_population(db.session, generate_population(1, range(2010, 2025), patients=PATIENTS))
            db.session.commit()
        if backend == "postgresql":
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        refresh_site_recodes(db.session)  # nothing to do: every row has its recode
        figures = [
            ("rates table by site recode (all years, age-adjusted, suppressed)",
             lambda: rates_table(db.session, ReportFilter(), ["site"])),
            ("rates table by year and sex", lambda: rates_table(db.session, ReportFilter(), ["year", "sex"])),
            ("survival table, observed (Kaplan-Meier)",
             lambda: survival_report(db.session, ReportFilter(), measure="observed")),
            ("survival table, relative (Ederer II)",
             lambda: survival_report(db.session, ReportFilter(), measure="relative")),
            ("survival by stage, relative (Ederer II)",
             lambda: survival_report(db.session, ReportFilter(), "stage", measure="relative")),
            ("survival table, net (Pohar Perme)", lambda: survival_report(db.session, ReportFilter(), measure="net")),
            ("survival table, cause-specific",
             lambda: survival_report(db.session, ReportFilter(), measure="cause-specific")),
        ]
        print(f"{backend}, {TUMORS:,} tumors; {machine()}; load average {os.getloadavg()[0]:.1f}")
        for label, fn in figures:
            seconds = best_of(fn)
            db.session.rollback()  # each report sets its own transaction-local settings
            print(f"  {label:66} {seconds:6.2f} s   target <= {TARGET_S:.0f} s   "
                  f"{'ok' if seconds <= TARGET_S else 'OVER'}   (load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite")
