"""bench/gen_naaccr_file.py: the benchmark abstract file parses, validates and has the promised shape."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest

from registry.naaccr.exchange.compute import Settings, compute_tumor
from registry.naaccr.validate import open_naaccr, validate_file

GENERATOR = Path(__file__).resolve().parents[2] / "bench" / "gen_naaccr_file.py"
TUMORS = 300


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("bench_gen_naaccr_file", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(gen, path: Path, **kwargs) -> tuple[int, int]:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        return gen.generate(out, TUMORS, 3, **kwargs)


@pytest.mark.parametrize("random_codes", [False, True], ids=["realistic", "random-codes"])
def test_file_validates_with_the_promised_shape(gen, tmp_path, random_codes):
    path = tmp_path / "bench.xml"
    patients, tumors = _write(gen, path, random_codes=random_codes)
    assert tumors == TUMORS
    report = validate_file(path)
    assert report.valid, report.errors[:5]
    assert (report.patients, report.tumors) == (patients, tumors)
    seen_patients = seen_tumors = 0
    with open_naaccr(path) as nf:
        assert nf.root.items["registryId"] == "0000000001"
        for p in nf:
            assert not p.errors, p.errors
            seen_patients += 1
            assert p.items["patientIdNumber"] == f"{seen_patients:08d}"
            assert len(p.items) >= len(gen.PATIENT_ITEMS)
            for number, t in enumerate(p.tumors, 1):
                seen_tumors += 1
                assert t.items["tumorRecordNumber"] == f"{number:02d}"
                assert len([k for k in t.items if k not in gen.TEXT_ITEMS]) == gen.TUMOR_ITEM_COUNT
                assert [len(t.items[k]) for k in gen.TEXT_ITEMS] == [200, 200]
    assert (seen_patients, seen_tumors) == (patients, tumors)


def test_realistic_records_fail_few_edits(gen, tmp_path):
    path = tmp_path / "bench.xml"
    _write(gen, path)
    failures = tumors = 0
    with open_naaccr(path) as nf:
        settings = Settings(dict(nf.root.items), True, "hospital")
        for p in nf:
            for t in p.tumors:
                failures += len(compute_tumor(settings, p.items, t.items).failures)
                tumors += 1
    assert failures / tumors < 1  # the demo's planted errors only; --random-codes fails about 17 per tumor


def test_filler_avoids_items_edits_read(gen):
    patient, tumor = gen.fillers()
    excluded = gen._filler_excluded()
    assert not {k for k, _ in patient + tumor} & excluded
    assert {"dateOfBirth", "primarySite", "patientIdNumber", "tumorRecordNumber"} <= excluded


@pytest.mark.parametrize("random_codes", [False, True], ids=["realistic", "random-codes"])
def test_same_seed_same_bytes(gen, random_codes):
    runs = []
    for _ in range(2):
        out = io.StringIO()
        gen.generate(out, TUMORS, 5, random_codes=random_codes)
        runs.append(out.getvalue())
    assert runs[0] == runs[1]
    other = io.StringIO()
    gen.generate(other, TUMORS, 6, random_codes=random_codes)
    assert other.getvalue() != runs[0]
