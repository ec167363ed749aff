"""Follow-up benchmarks: due list and rate worksheet for 100,000 patients (target <= 2 s from a DataFrame), and
death clearance of a 50,000-record death file against 100,000 patients (target <= 120 s on 2 cores).

Run: .venv/bin/python bench/followup.py [--patients N] [--deaths N]
"""

from __future__ import annotations

import argparse
import time
from datetime import date

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--deaths", type=int, default=50_000)
    args = parser.parse_args()
    patients = synthetic_patients(args.patients, seed=3)
    bench_status(patients)
    bench_linkage(patients, args.deaths)


if __name__ == "__main__":
    main()
