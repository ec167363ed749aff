"""Benchmark: multiple-primary decisions and bulk recodes (targets printed with the figures).

Usage: ``python bench/mph.py [--pairs-repeat 10] [--tumors 1000000] [--seed 1]``

* Multiple primaries: ``decide`` over the 10 000 tumor pairs of the imsweb/mph regression file,
  repeated ``--pairs-repeat`` times (target: at least 5 000 decisions per second).
* Recodes: SEER site recode 2023, ICCC-3 and AYA of ``--tumors`` tumors drawn from 20 000 distinct
  (site, histology, behavior, year) combinations, with cold caches (target: 1 000 000 tumors site
  recoded in at most 10 s).  Generation is not timed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import time
from pathlib import Path

from registry.multiple_primaries.decide import decide
from registry.naaccr.lookups import codes
from registry.recodes.bulk import aya_codes, clear_caches, iccc_codes, site_recode_codes

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "multiple_primaries" / "data" / "mph-testing-2000-2022.csv.gz"
DECISIONS_PER_SECOND_TARGET = 5000
RECODE_SECONDS_TARGET = 10.0


def _pairs() -> list[tuple[dict[str, str], dict[str, str]]]:
    with gzip.open(PAIRS, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        out = []
        for f in reader:
            rec = [{"primarySite": f[3 + k], "histologicTypeIcdO3": f[4 + k], "behaviorCodeIcdO3": f[5 + k],
                    "laterality": f[6 + k], "dateOfDiagnosis": f[0 + k] + f[1 + k] + f[2 + k]} for k in (0, 7)]
            out.append((rec[0], rec[1]))
    return out


def bench_decisions(repeat: int) -> float:
    pairs = _pairs() * repeat
    start = time.perf_counter()
    for a, b in pairs:
        decide(a, b)
    elapsed = time.perf_counter() - start
    rate = len(pairs) / elapsed
    print(f"decide: {len(pairs)} pairs in {elapsed:.2f} s = {rate:,.0f} decisions/s "
          f"(target >= {DECISIONS_PER_SECOND_TARGET:,}/s) {'OK' if rate >= DECISIONS_PER_SECOND_TARGET else 'MISSED'}")
    return rate


def _tumors(n: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    sites = sorted(codes("primarySite") or {})
    hists = sorted(codes("histologicTypeIcdO3") or {})
    combos = [{"primarySite": rng.choice(sites), "histologicTypeIcdO3": rng.choice(hists),
               "behaviorCodeIcdO3": rng.choice("2333"), "dateOfDiagnosis": str(rng.randint(2000, 2023))}
              for _ in range(20000)]
    return rng.choices(combos, k=n)


def bench_recodes(n: int, seed: int) -> float:
    tumors = _tumors(n, seed)
    clear_caches()
    start = time.perf_counter()
    site_recode_codes(tumors)
    site_seconds = time.perf_counter() - start
    start = time.perf_counter()
    iccc_codes(tumors)
    aya_codes(tumors)
    other_seconds = time.perf_counter() - start
    ok = site_seconds <= RECODE_SECONDS_TARGET * n / 1_000_000
    print(f"site recode 2023: {n:,} tumors in {site_seconds:.2f} s (target <= {RECODE_SECONDS_TARGET:.0f} s per "
          f"1,000,000) {'OK' if ok else 'MISSED'}")
    print(f"ICCC-3 + AYA: {n:,} tumors in {other_seconds:.2f} s")
    return site_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs-repeat", type=int, default=10)
    parser.add_argument("--tumors", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    bench_decisions(args.pairs_repeat)
    bench_recodes(args.tumors, args.seed)


if __name__ == "__main__":
    main()
