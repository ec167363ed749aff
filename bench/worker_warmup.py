"""Benchmark: what a fresh gunicorn worker pays to load the reference tables (registry.core.warmup.warm).

Usage: ``python bench/worker_warmup.py [--runs 3]``

Each run is a fresh interpreter (as a new worker is): it imports the app factory and builds the app (not timed),
then times ``warm(app)`` (wall and CPU) and, after it, the save path's pure work on one record (staging
derivation and the hospital edit set), which is then what a first save costs. A second fresh interpreter per run
times that same work without ``warm()`` first: the cost the first request of a cold worker used to carry.
Prints one JSON line per run and the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_RUN = """
import json, sys, tempfile, time
from registry import create_app
from registry.core.warmup import sample_records, warm
from registry.abstracting.saving import derive_staging, run_record_edits
app = create_app({"DATABASE_URL": "sqlite:///" + tempfile.mkdtemp() + "/r.db", "SECRET_KEY": "bench"})
out = {}
if sys.argv[1] == "warm":
    wall, cpu = time.perf_counter(), time.process_time()
    warm(app)
    out.update(warm_wall=time.perf_counter() - wall, warm_cpu=time.process_time() - cpu)
record = sample_records()[0]
wall = time.perf_counter()
run_record_edits({**record, **derive_staging(record)})
out["first_save_work"] = time.perf_counter() - wall
print(json.dumps(out))
"""


def _run(mode: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _RUN, mode], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    warmed, cold = [], []
    for _ in range(args.runs):
        warmed.append(_run("warm"))
        cold.append(_run("cold"))
        print(json.dumps({"warmed": warmed[-1], "cold": cold[-1]}))
    print(json.dumps({
        "warm_wall_median_s": round(statistics.median(r["warm_wall"] for r in warmed), 3),
        "warm_cpu_median_s": round(statistics.median(r["warm_cpu"] for r in warmed), 3),
        "first_save_work_after_warm_median_s": round(statistics.median(r["first_save_work"] for r in warmed), 4),
        "first_save_work_cold_median_s": round(statistics.median(r["first_save_work"] for r in cold), 3),
        "load": os.getloadavg()[0],
    }))


if __name__ == "__main__":
    main()
