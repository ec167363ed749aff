"""CPU cost of reading hostile NAACCR files, and of the facility check a facility-limited import adds.

Usage: ``python bench/naaccr_hostile.py [--database-url URL]`` (default: a SQLite file in a temporary folder).

Reading: ``validate_file`` on generated files with n root attributes, n attributes on a Patient, n duplicate items,
for growing n; CPU time (process time, so other load counts little) and the ratio to the previous n. Linear work
grows as n does. Facility check: :func:`registry.naaccr.exchange.scope.scope_problems` on the 1,000-patient
sample against an empty database, beside the import of the same file (CPU and wall).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from registry.naaccr.validate import open_naaccr, validate_file

ROOT = ('<?xml version="1.0"?>\n<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml"'
        ' recordType="A" specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml"{attrs}>{body}</NaaccrData>\n')
SAMPLE = Path(__file__).resolve().parents[1] / "tests/naaccr/data/synthetic/naaccr-xml-sample-v250-abstract-1000.xml.gz"


def _attrs(n: int) -> str:
    return "".join(f'\n a{i}="x"' for i in range(n))


SHAPES = {
    "root attributes": lambda n: ROOT.format(attrs=_attrs(n), body=""),
    "Patient attributes": lambda n: ROOT.format(attrs="", body=f"<Patient {_attrs(n)}/>"),
    "duplicate items": lambda n: ROOT.format(attrs="", body="<Patient>" + '<Item naaccrId="nameLast">X</Item>' * n
                                             + "</Patient>"),
}


def _cpu(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def reading(folder: Path) -> None:
    print("| shape | n | file MB | CPU s | ratio to previous n |")
    print("|---|---|---|---|---|")
    for shape, make in SHAPES.items():
        previous, last_n = None, 1
        for n in (1_000, 16_000, 100_000, 400_000):
            path = folder / "hostile.xml"
            path.write_text(make(n))
            _wall, cpu = _cpu(lambda p=path: validate_file(p))
            ratio = f"{cpu / previous:.1f} (n x{n // last_n})" if previous else ""
            print(f"| {shape} | {n:,} | {path.stat().st_size / 1e6:.1f} | {cpu:.3f} | {ratio} |")
            previous, last_n = max(cpu, 1e-4), n


def facility_check(url: str) -> None:
    from flask_migrate import upgrade

    from registry import create_app
    from registry.core.audit import Actor
    from registry.naaccr.exchange.importer import import_file
    from registry.naaccr.exchange.scope import scope_problems

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        with open_naaccr(SAMPLE) as nf:
            codes = frozenset(t.items.get("reportingFacility", "") for p in nf for t in p.tumors)
        wall, cpu = _cpu(lambda: scope_problems(SAMPLE, codes))
        print(f"facility check of the 1,000-patient sample: {wall:.2f} s wall, {cpu:.2f} s CPU")
        wall, cpu = _cpu(lambda: import_file(SAMPLE, Actor(None, "bench"), workers=0))
        print(f"import of the same file (SQLite, in one process): {wall:.2f} s wall, {cpu:.2f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        reading(Path(tmp))
        facility_check(args.database_url or f"sqlite:///{tmp}/bench.db")


if __name__ == "__main__":
    main()
