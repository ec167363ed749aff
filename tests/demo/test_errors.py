"""Planted coding errors break the rule they claim to break; clean records break none; incomplete records lack items."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from registry.demo import tables
from registry.demo.dates import age_at, parse
from registry.demo.errors import ERROR_KINDS, INCOMPLETE_CANDIDATES, error_kind
from registry.demo.generator import DemoOptions, DemoPatient, generate_registry

SITETYPE = Path(__file__).parent / "data" / "sitetype_icdo3_d20150918.csv"


@pytest.fixture(scope="module")
def site_type_list() -> dict[str, list[tuple[str, str]]]:
    """SEER ICD-O-3 site/histology validation list: 'hist/behavior' -> site ranges."""
    valid: dict[str, list[tuple[str, str]]] = {}
    with SITETYPE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for part in row["site_recode"].split(","):
                low, _, high = part.strip().partition("-")
                valid.setdefault(row["histology_behavior"], []).append((low, high or low))
    return valid


def _on_list(valid: dict[str, list[tuple[str, str]]], t: dict[str, str]) -> bool:
    key = f"{t['histologicTypeIcdO3']}/{t['behaviorCodeIcdO3']}"
    return any(low <= t["primarySite"] <= high for low, high in valid.get(key, ()))


def _breaks(kind: str, p: DemoPatient, t: dict[str, str]) -> bool:
    """Independent statements of the rules each error kind breaks (staging-edits-codes.md 2.4)."""
    if kind == "sex-site":
        return tables.sex_specific(t["primarySite"]) not in (None, p.items["sexAssignedAtBirth"])
    if kind == "laterality-missing":
        return tables.paired_sites().get(t["primarySite"]) == "paired" and t["laterality"] == "0"
    if kind == "birth-after-diagnosis":
        return p.items["dateOfBirth"] > t["dateOfDiagnosis"]
    if kind == "in-situ-clinical":
        return t["behaviorCodeIcdO3"] == "2" and t.get("diagnosticConfirmation") not in ("1", "2", "4", None)
    if kind == "age-mismatch":
        born, dx = parse(p.items["dateOfBirth"]), parse(t["dateOfDiagnosis"])
        return born <= dx and age_at(born.toordinal(), dx.toordinal()) != int(t["ageAtDiagnosis"])
    raise AssertionError(kind)


def test_each_planted_error_breaks_its_rule(registry_5000: list[DemoPatient], site_type_list) -> None:
    kinds = Counter()
    for p in registry_5000:
        for index, description in p.planted_errors:
            kind = error_kind(description)
            kinds[kind] += 1
            t = p.tumors[index]
            broken = not _on_list(site_type_list, t) if kind == "site-histology" else _breaks(kind, p, t)
            assert broken, (p.items["patientIdNumber"], description)
    assert set(kinds) == set(ERROR_KINDS)


def test_clean_tumors_break_none_of_the_rules(registry_5000: list[DemoPatient], site_type_list) -> None:
    flagged = Counter()
    tumors = 0
    for p in registry_5000:
        if p.planted_errors:
            continue
        for t in p.tumors:
            tumors += 1
            flagged.update(k for k in ERROR_KINDS if k != "site-histology" and _breaks(k, p, t))
            flagged["site-histology"] += not _on_list(site_type_list, t)
    assert {k: v for k, v in flagged.items() if k != "site-histology" and v} == {}
    # The 2015 SEER list predates a few ICD-O-3 codes the SEER-derived frequencies use (e.g. 8046, 8083).
    assert flagged["site-histology"] / tumors < 0.01


def test_error_rate_is_about_as_asked(registry_5000: list[DemoPatient]) -> None:
    tumors = sum(len(p.tumors) for p in registry_5000)
    planted = sum(len(p.planted_errors) for p in registry_5000)
    assert 0.015 <= planted / tumors <= 0.04


def test_incomplete_records_lack_required_items(registry_5000: list[DemoPatient]) -> None:
    incomplete = [p for p in registry_5000 if p.status == "incomplete"]
    assert 0.03 <= len(incomplete) / len(registry_5000) <= 0.08
    for p in registry_5000:
        for index, item in p.missing:
            assert item in INCOMPLETE_CANDIDATES and item not in p.tumors[index]
            assert p.tumor_status[index] == "incomplete"
        assert p.tumor_status.count("incomplete") == len({i for i, _ in p.missing})


def test_rates_zero_give_a_clean_complete_registry() -> None:
    opts = DemoOptions(error_rate=0.0, incomplete_rate=0.0, as_of=date(2025, 12, 31))
    patients = list(generate_registry(patients=500, seed=5, options=opts))
    assert all(not p.planted_errors and not p.missing and p.status == "complete" for p in patients)


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError):
        DemoOptions(first_dx_year=2010)
    with pytest.raises(ValueError):
        DemoOptions(last_dx_year=2025, as_of=date(2025, 12, 31))
    with pytest.raises(ValueError):
        DemoOptions(error_rate=1.5)
