"""Import a 100,000-tumor NAACCR XML file into SQLite and PostgreSQL, then export it: times and peak memory.

Targets (issue "NAACCR XML and flat-file exchange"): import <= 60 s into SQLite, <= 90 s into
PostgreSQL; export <= 30 s; peak memory <= 300 MB. The file comes from bench/gen_naaccr_file.py (the
same file bench/naaccr_io.py reads). Each backend runs in a fresh subprocess so peak RSS is its own.
Usage: python bench/naaccr_db.py [--tumors 100000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
TARGETS = {"sqlite": 60, "postgresql": 90}


def _measure(backend: str, path: str) -> dict:
    from _db import fresh_database, make_app

    from registry.core.audit import Actor
    from registry.naaccr.exchange.exporter import export_file
    from registry.naaccr.exchange.importer import import_file

    logging.disable(logging.INFO)
    with fresh_database(backend) as url:
        app = make_app(url)
        with app.app_context():
            t0 = time.perf_counter()
            result = import_file(path, Actor(None, "bench"))
            imported = time.perf_counter() - t0
            assert result.status == "imported", result.errors[:5]
            out = Path(path).with_suffix(f".export-{backend}.xml.gz")
            t0 = time.perf_counter()
            exported = export_file(out, version="260", record_type="A")
            export_s = time.perf_counter() - t0
            out.unlink()
            from registry.extensions import db

            db.engine.dispose()
    return {"backend": backend, "import_s": imported, "export_s": export_s, "patients": result.patients,
            "tumors": result.tumors, "exported_tumors": exported.tumors,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tumors", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.file)))
        return
    path = f"/tmp/naaccr-bench-{args.tumors}.xml"
    if not os.path.exists(path):
        subprocess.run([sys.executable, str(HERE / "gen_naaccr_file.py"), "--tumors", str(args.tumors), "--out", path],
                       check=True)
    size_mb = os.path.getsize(path) / 1e6
    print(f"NAACCR import/export, {args.tumors:,} tumors ({size_mb:.0f} MB); {os.cpu_count()} cores")
    for backend in args.backends.split(","):
        out = subprocess.run([sys.executable, __file__, "--measure", backend, "--file", path], check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"  {backend:10s} import {r['import_s']:6.1f} s (target <= {TARGETS[backend]} s, "
              f"{r['tumors'] / r['import_s']:,.0f} tumors/s)   export {r['export_s']:5.1f} s (target <= 30 s)   "
              f"peak {r['peak_mb']:.0f} MB (target <= 300 MB)   [{r['patients']:,} patients, "
              f"{r['exported_tumors']:,} tumors exported]")


if __name__ == "__main__":
    main()
