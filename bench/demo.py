"""`registry demo --patients 5000` on a fresh SQLite database, timed as a user runs it (target: < 60 s)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=5000)
    args = parser.parse_args()
    registry = str(Path(sys.executable).with_name("registry"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "REGISTRY_DATABASE_URL": f"sqlite:///{tmp}/demo.db"}
        subprocess.run([registry, "db", "upgrade"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run([registry, "demo", "--patients", str(args.patients), "--seed", "1"], env=env, check=True,
                       capture_output=True)
        elapsed = time.perf_counter() - started
    print(f"registry demo --patients {args.patients}: {elapsed:.1f} s on SQLite (target < {TARGET_S} s) "
          f"[{os.cpu_count()} cores]")


if __name__ == "__main__":
    main()
