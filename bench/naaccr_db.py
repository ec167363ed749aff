"""Import a 100,000-tumor NAACCR XML file into SQLite and PostgreSQL, then export it: times and peak memory.

Targets (issue "NAACCR XML and flat-file exchange"): import <= 60 s into SQLite, <= 90 s into
PostgreSQL; export <= 30 s; peak memory <= 300 MB. The file comes from bench/gen_naaccr_file.py (the
same file bench/naaccr_io.py reads). Each backend runs in a fresh subprocess so peak RSS is its own.
Usage: python bench/naaccr_db.py [--tumors 100000] [--backends sqlite,postgresql] [--random-codes] [--repeat 3]

The default file holds realistic, consistent abstracts (about 0.13 edit failures per tumor); ``--random-codes``
imports the stress file of independent random codes instead (about 17 edit failures per tumor, so 1.7 million
stored edit results for 100,000 tumors).

Also printed: CPU seconds of the main process and of its worker processes (the import computes derived
items and edits on a worker, registry/naaccr/exchange/workers.py) and the workers' peak memory, sampled
from the kernel's process lists every 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
TARGETS = {"sqlite": 60, "postgresql": 90}


class _Descendants(threading.Thread):
    """Samples the CPU seconds and peak RSS (VmHWM) of this process's descendants from /proc."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.cpu: dict[int, float] = {}
        self.peak_mb = 0.0
        self.stopped = threading.Event()

    @staticmethod
    def _children() -> set[int]:
        """Descendant pids, from the kernel's per-thread ``children`` lists (no scan of all of /proc: a scan
        every 0.2 s held the GIL long enough to slow the import it measured by a third)."""
        mine, frontier = set(), {os.getpid()}
        while frontier:
            found = set()
            for pid in frontier:
                try:
                    tasks = os.listdir(f"/proc/{pid}/task")
                except OSError:
                    continue
                for tid in tasks:
                    try:
                        found.update(int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text().split())
                    except OSError:
                        continue
            frontier = found - mine
            mine |= frontier
        return mine

    def sample(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        for pid in self._children():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
            hwm = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")), "0")
            self.peak_mb = max(self.peak_mb, int(hwm) / 1024)

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            self.sample()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _measure(backend: str, path: str) -> dict:
    from _db import fresh_database, make_app

    from registry.core.audit import Actor
    from registry.naaccr.exchange.exporter import export_file
    from registry.naaccr.exchange.importer import import_file

    logging.disable(logging.INFO)
    with fresh_database(backend) as url:
        app = make_app(url)
        with app.app_context():
            sampler = _Descendants()
            sampler.start()
            t0, c0 = time.perf_counter(), _cpu()
            result = import_file(path, Actor(None, "bench"))
            imported, import_cpu = time.perf_counter() - t0, _cpu() - c0
            sampler.stopped.set()
            assert result.status == "imported", result.errors[:5]
            out = Path(path).with_suffix(f".export-{backend}.xml.gz")
            t0, c0 = time.perf_counter(), _cpu()
            exported = export_file(out, version="260", record_type="A")
            export_s, export_cpu = time.perf_counter() - t0, _cpu() - c0
            out.unlink()
            from registry.extensions import db

            db.engine.dispose()
    return {"backend": backend, "import_s": imported, "export_s": export_s, "patients": result.patients,
            "tumors": result.tumors, "exported_tumors": exported.tumors,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "import_cpu_s": import_cpu,
            "export_cpu_s": export_cpu, "worker_cpu_s": sum(sampler.cpu.values()), "worker_peak_mb": sampler.peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tumors", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--random-codes", action="store_true", help="the stress file of independent random codes")
    parser.add_argument("--repeat", type=int, default=1, help="runs per backend (the median is printed too)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.file)))
        return
    mode = ["--random-codes"] if args.random_codes else []
    path = f"/tmp/naaccr-bench-{args.tumors}{'-random' if args.random_codes else ''}.xml"
    if not os.path.exists(path):
        subprocess.run([sys.executable, str(HERE / "gen_naaccr_file.py"), "--tumors", str(args.tumors), "--out", path,
                        *mode], check=True)
    size_mb = os.path.getsize(path) / 1e6
    kind = "random codes (stress)" if args.random_codes else "realistic"
    print(f"NAACCR import/export, {args.tumors:,} tumors, {kind} ({size_mb:.0f} MB); {os.cpu_count()} cores")
    for backend in args.backends.split(","):
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, __file__, "--measure", backend, "--file", path], check=True,
                                 capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            runs.append(r)
            print(f"  {backend:10s} import {r['import_s']:6.1f} s (target <= {TARGETS[backend]} s, "
                  f"{r['tumors'] / r['import_s']:,.0f} tumors/s)   export {r['export_s']:5.1f} s (target <= 30 s)   "
                  f"peak {r['peak_mb']:.0f} MB (target <= 300 MB)   [{r['patients']:,} patients, "
                  f"{r['exported_tumors']:,} tumors exported]")
            print(f"  {'':10s} CPU: import main {r['import_cpu_s']:.1f} s + workers {r['worker_cpu_s']:.1f} s, "
                  f"export {r['export_cpu_s']:.1f} s; worker peak {r['worker_peak_mb']:.0f} MB")
        if len(runs) > 1:
            imports, exports = sorted(r["import_s"] for r in runs), sorted(r["export_s"] for r in runs)
            print(f"  {backend:10s} median of {len(runs)}: import {statistics.median(imports):.1f} s "
                  f"({imports[0]:.1f}-{imports[-1]:.1f}), export {statistics.median(exports):.1f} s "
                  f"({exports[0]:.1f}-{exports[-1]:.1f}); peak {max(r['peak_mb'] for r in runs):.0f} MB, "
                  f"worker peak {max(r['worker_peak_mb'] for r in runs):.0f} MB")

if __name__ == "__main__":
    main()
