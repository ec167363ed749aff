"""NAACCR XML I/O benchmark: validate, read and write throughput and peak memory, each in a fresh process.

Usage: ``python bench/naaccr_io.py [--tumors 100000] [--file PATH] [--modes bare,validate,read,write]``

The file is made by ``bench/gen_naaccr_file.py`` (same seed, so the same bytes) when it does not exist.
Modes:
  bare      lxml ``iterparse`` over every element, counting Items and clearing each Patient: the floor
            for any Python reader that looks at every item
  validate  ``registry.naaccr.validate.validate_file`` (full dictionary validation)
  read      ``read_file(..., ReadOptions(validate=False))``, iterating every patient's records
  write     ``XmlWriter`` writing the file's first 1,000 patients over and over until N tumors
Targets (issue "NAACCR XML and flat-file exchange", part 6): validate at >= 50 % of the bare pass's
throughput; peak RSS <= 300 MB, also for a file ten times larger. Wall time is what counts; CPU time is
printed too because the machine is shared and wall time moves with the load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NS = "{http://naaccr.org/naaccrxml}"
TARGET_RATIO = 0.5
TARGET_RSS_MB = 300


def _bare(path: str) -> dict[str, int]:
    from lxml import etree

    items = patients = tumors = 0
    item_tag, patient_tag, tumor_tag = NS + "Item", NS + "Patient", NS + "Tumor"
    for _event, el in etree.iterparse(path, events=("end",)):
        tag = el.tag
        if tag == item_tag:
            items += 1
        elif tag == tumor_tag:
            tumors += 1
        elif tag == patient_tag:
            patients += 1
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
    return {"patients": patients, "tumors": tumors, "items": items}


def _validate(path: str) -> dict[str, int]:
    from registry.naaccr.validate import validate_file

    report = validate_file(path)
    return {"patients": report.patients, "tumors": report.tumors, "errors": len(report.errors)}


def _read(path: str) -> dict[str, int]:
    from registry.naaccr.xml.reader import ReadOptions, read_file

    patients = tumors = items = 0
    with read_file(path, ReadOptions(validate=False)) as nf:
        for patient in nf.patients():
            patients += 1
            tumors += len(patient.tumors)
            items += len(patient.items) + sum(len(t.items) for t in patient.tumors)
    return {"patients": patients, "tumors": tumors, "items": items}


def _write(path: str, tumors_wanted: int) -> dict[str, int]:
    import itertools

    from registry.naaccr.xml.reader import ReadOptions, read_file
    from registry.naaccr.xml.writer import XmlWriter

    with read_file(path, ReadOptions(validate=False)) as nf:
        sample = list(itertools.islice(nf.patients(), 1000))
        root = nf.root
    start = time.perf_counter(), time.process_time()
    out = Path(path).with_suffix(".written.xml")
    with XmlWriter(out, root) as writer:
        for patient in itertools.cycle(sample):
            if writer.tumors_written >= tumors_wanted:
                break
            writer.write_patient(patient)
    result = {"patients": writer.patients_written, "tumors": writer.tumors_written, "bytes": out.stat().st_size}
    result["own_wall"], result["own_cpu"] = time.perf_counter() - start[0], time.process_time() - start[1]
    out.unlink()
    return result


def measure(mode: str, path: str, tumors: int) -> dict[str, float]:
    """Run one mode in this process; wall and CPU seconds, peak RSS and the mode's counts."""
    wall, cpu = time.perf_counter(), time.process_time()
    counts = (
        {"bare": _bare, "validate": _validate, "read": _read}[mode](path) if mode != "write" else _write(path, tumors)
    )
    result: dict[str, float] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, **counts}
    if mode == "write":  # time the writing only, not the reading of the sample patients
        result["wall"], result["cpu"] = result.pop("own_wall"), result.pop("own_cpu")
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _child(mode: str, path: str, tumors: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--measure", mode, "--file", path, "--tumors", str(tumors)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _ensure_file(path: str, tumors: int, random_codes: bool = False) -> None:
    if not os.path.exists(path):
        print(f"generating {path} ({tumors} tumors) ...", flush=True)
        gen = [sys.executable, str(ROOT / "bench" / "gen_naaccr_file.py"), "--tumors", str(tumors), "--out", path,
               *(["--random-codes"] if random_codes else [])]
        subprocess.run(gen, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tumors", type=int, default=100_000)
    parser.add_argument("--file", help="the NAACCR XML file (default /tmp/naaccr-bench-<tumors>.xml)")
    parser.add_argument("--modes", default="bare,validate,read,write")
    parser.add_argument("--random-codes", action="store_true",
                        help="the generator's random-codes file (the one the recorded figures were measured on)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    path = args.file or f"/tmp/naaccr-bench-{args.tumors}{'-random' if args.random_codes else ''}.xml"
    if args.measure:
        print(json.dumps(measure(args.measure, path, args.tumors)))
        return 0
    _ensure_file(path, args.tumors, args.random_codes)
    print(f"file: {path} ({os.path.getsize(path) / 1e6:.0f} MB), {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    results = {mode: _child(mode, path, args.tumors) for mode in args.modes.split(",")}
    for mode, r in results.items():
        rate, cpu_rate = r["tumors"] / r["wall"], r["tumors"] / r["cpu"]
        extra = f", {r['items'] / r['wall']:,.0f} items/s" if "items" in r else ""
        print(f"{mode:9s} {r['wall']:7.1f} s wall {r['cpu']:7.1f} s CPU  {rate:9,.0f} tumors/s wall "
              f"({cpu_rate:,.0f}/s CPU){extra}  peak RSS {r['rss_mb']:.0f} MB")  # fmt: skip
    if "bare" in results:
        bare = results["bare"]
        for mode in ("validate", "read"):
            if mode in results:
                r = results[mode]
                ratio, cpu_ratio = bare["wall"] / r["wall"], bare["cpu"] / r["cpu"]
                target = f" (target >= {TARGET_RATIO:.0%})" if mode == "validate" else ""
                print(f"{mode} / bare throughput: {ratio:.0%} wall, {cpu_ratio:.0%} CPU{target}")
    peak = max(r["rss_mb"] for r in results.values())
    print(f"peak RSS {peak:.0f} MB (target <= {TARGET_RSS_MB} MB)")
    if "validate" in results and results["validate"].get("errors"):
        print(f"WARNING: the generated file had {results['validate']['errors']} validation errors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
