"""Benchmarks of the reports statistics core (run: .venv/bin/python bench/reports_stats.py).

Prints each measured figure next to its target. Timings are the best of 3 runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from registry.reports.stats.disclosure import suppress_counts
from registry.reports.stats.expected import us_life_tables
from registry.reports.stats.lifetable import life_table
from registry.reports.stats.rates import age_adjusted_rate
from registry.reports.stats.relative import net_survival, relative_survival

CASES = 1_000_000


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def cohort(n: int, seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    death = rng.exponential(60, n)
    follow = rng.uniform(0, 240, n)
    return {
        "months": np.floor(np.minimum(death, follow)).astype(np.int64),
        "event": death <= follow,
        "age": rng.integers(20, 95, n),
        "sex": rng.integers(1, 3, n),
        "year": rng.integers(2000, 2021, n),
        "race": np.array(["01", "02", "04"])[rng.integers(0, 3, n)],
    }


def main() -> None:
    c = cohort(CASES)
    us_life_tables()  # load once, as a running app would
    args = (c["months"], c["event"], c["age"], c["sex"], c["year"], c["race"])
    figures = [
        ("Kaplan-Meier monthly life table, 1,000,000 cases", best_of(lambda: life_table(c["months"], c["event"])),
         "well under 1 s"),
        ("actuarial monthly life table, 1,000,000 cases",
         best_of(lambda: life_table(c["months"], c["event"], method="actuarial")), "well under 1 s"),
        ("Ederer II relative survival, 1,000,000 cases", best_of(lambda: relative_survival(*args)), "under 1 s"),
        ("Pohar Perme net survival, 1,000,000 cases", best_of(lambda: net_survival(*args)), "under 1 s"),
    ]
    rng = np.random.default_rng(3)
    counts, pops = rng.integers(0, 50, (1000, 19)), rng.integers(1000, 100_000, (1000, 19))
    figures.append(("1,000 age-adjusted rates with Fay-Feuer CIs",
                    best_of(lambda: [age_adjusted_rate(d, n) for d, n in zip(counts, pops, strict=True)]),
                    "under 1 s"))
    table = np.where(rng.random((19, 20)) < 0.3, rng.integers(0, 16, (19, 20)), rng.integers(16, 500, (19, 20)))
    figures.append(("suppression of a 19 x 20 table with totals", best_of(lambda: suppress_counts(table)),
                    "under 1 s"))
    for name, seconds, target in figures:
        print(f"{name}: {seconds:.3f} s (target: {target})")


if __name__ == "__main__":
    main()
