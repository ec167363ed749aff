"""Check: ``registry staging rederive`` stores, for every tumor, what deriving that tumor alone gives (issue #15).

Usage::

    python bench/staging_consistency.py [--patients 90000] [--sample 2000] [--seed 15] [--keep PATH]
    REGISTRY_DATABASE_URL=... python bench/staging_consistency.py --existing [--blank] [--sample 2000]

Without ``--existing``: a new SQLite database (``PATH`` when ``--keep`` is given), ``registry db upgrade``,
``registry demo --patients N --seed 1`` (90,000 patients give about 100,000 tumors; the demo derives every tumor
once), then the derived items of every tumor are blanked by raw SQL and ``registry staging rederive --json``
derives them all again: one process staging every tumor in id order, as import and ``registry demo`` do.
With ``--existing`` the database at ``REGISTRY_DATABASE_URL`` is used as it is: rederive runs on it (and stores
what changed); ``--blank`` blanks its derived items first.

Then, in another process (``compare``), ``--sample`` tumors drawn at random (``--seed``) are each derived alone,
inside :func:`registry.staging.engine.fresh_algorithms` (new Algorithm objects for every tumor: nothing compiled,
memoised or cached before it), and every derived item must equal the one rederive stored. Exit status 1 when any
tumor differs (the first ones are printed). Each step is timed; the comparison costs about 0.1 s per tumor
(the tables a tumor uses are compiled again for every tumor).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
logging.disable(logging.INFO)  # no migration chatter from make_app


def _registry(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    registry = str(Path(sys.executable).with_name("registry"))
    return subprocess.run([registry, *args], env=env, check=True, capture_output=True, text=True)


def _step(label: str, started: float) -> None:
    print(f"{label}: {time.perf_counter() - started:.1f} s", flush=True)


def blank_derived_items(url: str) -> int:
    """Blank the derived core columns of every tumor (extra items stay; rederive rewrites what differs)."""
    sys.path.insert(0, str(HERE))
    from _db import make_app
    from sqlalchemy import text

    from registry.abstracting.core_items import TUMOR_ITEMS
    from registry.abstracting.items import column_name
    from registry.extensions import db
    from registry.staging.wiring import derived_item_ids

    columns = sorted(column_name(k) for k in derived_item_ids() if k in TUMOR_ITEMS)
    app = make_app(url)
    with app.app_context():
        count = db.session.execute(text(f"UPDATE tumor SET {', '.join(f'{c} = NULL' for c in columns)}")).rowcount
        db.session.commit()
        db.engine.dispose()
    return count


def compare(url: str, sample: int, seed: int) -> int:
    """Derive each sampled tumor alone and compare with its stored items; returns how many differ."""
    sys.path.insert(0, str(HERE))
    from _db import make_app
    from sqlalchemy import select

    from registry.abstracting.models import Tumor
    from registry.extensions import db
    from registry.staging.engine import fresh_algorithms
    from registry.staging.wiring import derive_record, stored_records

    app = make_app(url)
    with app.app_context():
        ids = db.session.scalars(select(Tumor.id).order_by(Tumor.id)).all()
        chosen = sorted(random.Random(seed).sample(ids, min(sample, len(ids))))
        records = stored_records(Tumor.id.in_(chosen))
        db.session.rollback()
        db.engine.dispose()
    started, cpu = time.perf_counter(), time.process_time()
    differ: list[str] = []
    results: dict[str, int] = {}
    for tumor_id, record in records:
        with fresh_algorithms():
            updates, ran = derive_record(record)
        for label, result in ran:
            results[f"{label} {result.result}"] = results.get(f"{label} {result.result}", 0) + 1
        wrong = {k: (record.get(k) or "", v) for k, v in updates.items() if (record.get(k) or "") != v}
        if wrong:
            differ.append(f"tumor {tumor_id}: stored vs alone {wrong}")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"compared {len(records):,} sampled tumors of {len(ids):,} (seed {seed}), each derived alone with fresh "
          f"algorithms, in {seconds:.1f} s (CPU {cpu:.1f} s): {len(differ)} differ from what rederive stored; "
          f"results {dict(sorted(results.items()))}", flush=True)
    for line in differ[:20]:
        print("  " + line)
    return len(differ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "compare"])
    parser.add_argument("--patients", type=int, default=90_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--existing", action="store_true", help="use REGISTRY_DATABASE_URL as it is")
    parser.add_argument("--blank", action="store_true", help="with --existing: blank the derived items first")
    parser.add_argument("--keep", help="without --existing: the SQLite file to build (kept afterwards)")
    args = parser.parse_args()
    if args.command == "compare":
        sys.exit(1 if compare(os.environ["REGISTRY_DATABASE_URL"], args.sample, args.seed) else 0)
    with tempfile.TemporaryDirectory() as tmp:
        if args.existing:
            url = os.environ.get("REGISTRY_DATABASE_URL")
            if not url:
                parser.error("--existing needs REGISTRY_DATABASE_URL")
        else:
            url = f"sqlite:///{args.keep or Path(tmp) / 'demo.db'}"
        env = {**os.environ, "REGISTRY_DATABASE_URL": url}
        print(f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}; database {url}", flush=True)
        if not args.existing:
            started = time.perf_counter()
            _registry("db", "upgrade", env=env)
            _registry("demo", "--patients", str(args.patients), "--seed", "1", env=env)
            _step(f"registry demo --patients {args.patients:,}", started)
        if not args.existing or args.blank:
            print(f"blanked the derived items of {blank_derived_items(url):,} tumors", flush=True)
        started = time.perf_counter()
        summary = json.loads(_registry("staging", "rederive", "--json", env=env).stdout)
        _step(f"registry staging rederive: {summary['tumors']:,} tumors, {summary['changed']:,} changed, "
              f"results {summary['results']}", started)
        compared = subprocess.run([sys.executable, __file__, "compare", "--sample", str(args.sample),
                                   "--seed", str(args.seed)], env=env, check=False)
        print(f"load {os.getloadavg()[0]:.1f}")
        sys.exit(compared.returncode)


if __name__ == "__main__":
    main()
