"""Benchmark: synthetic demo registry generation (registry.demo.generator), no database.

Targets (issue "Foundation", part 6): 5,000 patients well under 5 s; 100,000 patients under 60 s.
Run: .venv/bin/python bench/demo_generate.py [--large N]
Wall time depends on other load on the machine; CPU time is printed beside it.
"""

from __future__ import annotations

import argparse
import time

from registry.demo.generator import generate_registry
from registry.demo.population import generate_population


def _time(patients: int, seed: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, tumors) for one generation run."""
    start, cpu = time.perf_counter(), time.process_time()
    tumors = sum(len(p.tumors) for p in generate_registry(patients=patients, seed=seed))
    return time.perf_counter() - start, time.process_time() - cpu, tumors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", type=int, default=100_000, help="patients in the large run (default 100000)")
    args = parser.parse_args()
    start = time.perf_counter()
    list(generate_registry(patients=1, seed=0))
    print(f"table loading (first call): {time.perf_counter() - start:.2f} s")
    for patients, target in ((5_000, 5.0), (args.large, 60.0)):
        elapsed, cpu, tumors = _time(patients, 42)
        verdict = "OK" if elapsed < target else "MISSED"
        print(f"{patients:>7} patients, {tumors} tumors: {elapsed:6.2f} s wall, {cpu:6.2f} s CPU "
              f"({patients / elapsed:,.0f} patients/s); target < {target:.0f} s: {verdict}")
    start = time.perf_counter()
    rows = generate_population(42, range(2018, 2025))
    print(f"population rows for 7 years: {len(rows)} in {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
