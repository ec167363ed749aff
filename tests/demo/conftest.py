"""One demo registry of 5,000 patients (seed 42, default options), generated once per test session."""

from __future__ import annotations

import pytest

from registry.demo.generator import DemoPatient, generate_registry


@pytest.fixture(scope="session")
def registry_5000() -> list[DemoPatient]:
    return list(generate_registry(patients=5000, seed=42))
