"""Generating the default demo registry (5,000 patients) takes well under 5 seconds."""

from __future__ import annotations

import time

from registry.demo.generator import generate_registry


def test_5000_patients_under_5_seconds() -> None:
    start = time.perf_counter()
    patients = list(generate_registry(patients=5000, seed=123))
    elapsed = time.perf_counter() - start
    assert len(patients) == 5000
    assert elapsed < 5.0, f"{elapsed:.2f} s"
