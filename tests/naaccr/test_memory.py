"""Reading streams: peak memory does not grow with the number of patients (each run in a fresh process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from registry.naaccr.xml.model import PatientRecord, RootInfo, TumorRecord
from registry.naaccr.xml.writer import XmlWriter

PROBE = """
import resource, sys
from registry.naaccr.validate import validate_file
report = validate_file(sys.argv[1])
assert report.valid and report.tumors == int(sys.argv[2]), report.errors[:3]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _write(path: Path, patients: int) -> None:
    with XmlWriter(path, RootInfo.for_version("260", "A")) as writer:
        for n in range(1, patients + 1):
            tumor = TumorRecord({"primarySite": "C504", "dateOfDiagnosis": "20240101", "textRemarks": "x " * 100 + "x"})
            items = {"patientIdNumber": f"{n:08d}", "nameLast": "SMITH", "dateOfBirth": "19500101"}
            writer.write_patient(PatientRecord(items=items, tumors=[tumor]))


def _peak_kb(path: Path, tumors: int) -> int:
    cmd = [sys.executable, "-c", PROBE, str(path), str(tumors)]
    root = Path(__file__).resolve().parents[2]
    return int(subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=root).stdout)


def test_peak_memory_is_flat_in_the_number_of_patients(tmp_path: Path) -> None:
    small, large = tmp_path / "small.xml", tmp_path / "large.xml.gz"
    _write(small, 1_000)
    _write(large, 40_000)
    growth_mb = (_peak_kb(large, 40_000) - _peak_kb(small, 1_000)) / 1024
    assert growth_mb < 10, f"peak memory grew by {growth_mb:.1f} MB for 40x the patients"
