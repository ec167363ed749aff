"""Shared fixtures for the staging tests: the shipped algorithms and the reference cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.staging.engine import Algorithm, load_algorithm

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def eod() -> Algorithm:
    return load_algorithm("eod_public", "3.3")


@pytest.fixture(scope="session")
def cs() -> Algorithm:
    return load_algorithm("cs", "02.05.50")


@pytest.fixture(scope="session")
def pediatric() -> Algorithm:
    return load_algorithm("pediatric", "1.3")
