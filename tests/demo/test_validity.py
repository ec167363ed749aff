"""Every generated value is valid for its NAACCR v26 item: level, length, data type and allowed codes."""

from __future__ import annotations

import re
from datetime import date

import pytest

from registry.demo.generator import REGISTRY_ITEMS, DemoPatient
from registry.naaccr import lookups
from registry.naaccr.dictionary import base_dictionary

# Data-type patterns of the NAACCR XML specification (naaccr-xml library / XSD comments).
TYPE_PATTERNS = {
    "alpha": re.compile(r"^[A-Z]+$"), "digits": re.compile(r"^\d+$"), "mixed": re.compile(r"^[A-Z\d]+$"),
    "numeric": re.compile(r"^\d+(\.\d+)?$"),
    "date": re.compile(r"^(18|19|20)\d\d((0[1-9]|1[012])(0[1-9]|[12]\d|3[01])?)?$"),
}
FULL_LENGTH_TYPES = ("alpha", "digits", "mixed")
# NAACCR Cause of Death special code absent from the SEER/IMS ICD lookup: 0000 = patient alive at last contact.
EXTRA_CODES = {"causeOfDeath": {"0000"}}


def _allowed(naaccr_id: str, value: str) -> bool:
    table = lookups.codes(naaccr_id)
    if table is None or value in table or value in EXTRA_CODES.get(naaccr_id, ()):
        return True
    for key in table:
        low, sep, high = key.partition("-")
        if sep and len(low) == len(high) == len(value) and low <= value <= high:
            return True
    return False


def _problems(naaccr_id: str, value: str, level: str) -> list[str]:
    item = base_dictionary("260").items.get(naaccr_id)
    if item is None:
        return [f"{naaccr_id} is not a NAACCR v26 item"]
    out = []
    if item.level != level:
        out.append(f"{naaccr_id} is a {item.level} item, generated at {level} level")
    if not value or value != value.strip():
        out.append(f"{naaccr_id}={value!r} is blank or padded")
    if len(value) > item.length or (item.data_type in FULL_LENGTH_TYPES and len(value) != item.length):
        out.append(f"{naaccr_id}={value!r} has the wrong length (dictionary: {item.length})")
    pattern = TYPE_PATTERNS.get(item.data_type)
    if pattern and not pattern.match(value):
        out.append(f"{naaccr_id}={value!r} is not of type {item.data_type}")
    if item.data_type == "date" and len(value) == 8:
        date(int(value[:4]), int(value[4:6]), int(value[6:]))
    if not _allowed(naaccr_id, value):
        out.append(f"{naaccr_id}={value!r} is not an allowed code")
    return out


def test_registry_items_are_naaccr_data_level() -> None:
    assert [p for k, v in REGISTRY_ITEMS.items() for p in _problems(k, v, "NaaccrData")] == []


def test_every_value_is_valid_for_its_item(registry_5000: list[DemoPatient]) -> None:
    problems: list[str] = []
    for p in registry_5000:
        problems += [x for k, v in p.items.items() for x in _problems(k, v, "Patient")]
        for t in p.tumors:
            problems += [x for k, v in t.items() for x in _problems(k, v, "Tumor")]
    assert problems[:20] == []


@pytest.mark.parametrize("naaccr_id, value", [("laterality", "7"), ("race1", "09"), ("countyAtDx", "002"),
                                              ("tumorSizeSummary", "994"), ("causeOfDeath", "C999")])
def test_the_code_check_rejects_bad_codes(naaccr_id: str, value: str) -> None:
    assert not _allowed(naaccr_id, value)


def test_the_checker_catches_wrong_level_length_and_type() -> None:
    assert _problems("primarySite", "C50", "Patient") == [
        "primarySite is a Tumor item, generated at Patient level", "primarySite='C50' is not an allowed code"]
    assert _problems("ageAtDiagnosis", "65", "Tumor")
    assert _problems("addrAtDxState", "md", "Tumor")


def test_identifiers(registry_5000: list[DemoPatient]) -> None:
    ids = [p.items["patientIdNumber"] for p in registry_5000]
    assert len(set(ids)) == len(ids) == 5000
    assert all(len(i) == 8 and i.isdigit() for i in ids)
    ssns = [p.items["socialSecurityNumber"] for p in registry_5000]
    assert all(s[0] == "9" for s in ssns)
    mrns = {(t["reportingFacility"], t["medicalRecordNumber"], p.items["patientIdNumber"])
            for p in registry_5000 for t in p.tumors}
    per_facility = {(f, m) for f, m, _ in mrns}
    assert len(per_facility) == len(mrns)
    accessions = [(t["reportingFacility"], t["accessionNumberHosp"]) for p in registry_5000 for t in p.tumors]
    assert len(set(accessions)) == len(accessions)


def test_every_tumor_has_the_core_items(registry_5000: list[DemoPatient]) -> None:
    core = ("tumorRecordNumber", "sequenceNumberCentral", "reportingFacility", "classOfCase", "dateOfDiagnosis",
            "ageAtDiagnosis", "primarySite", "laterality", "histologicTypeIcdO3", "behaviorCodeIcdO3",
            "rxSummTreatmentStatus", "cancerStatus", "textPrimarySiteTitle", "textHistologyTitle")
    absent = [(p.items["patientIdNumber"], k) for p in registry_5000 for t in p.tumors for k in core if k not in t]
    assert absent == []


def test_flat_tumors_merge_the_three_levels(registry_5000: list[DemoPatient]) -> None:
    p = next(p for p in registry_5000 if len(p.tumors) == 2)
    flat = p.flat_tumors()
    assert [f["tumorRecordNumber"] for f in flat] == ["01", "02"]
    assert all(f["naaccrRecordVersion"] == "260" and f["patientIdNumber"] == p.items["patientIdNumber"] for f in flat)
    assert set(flat[0]) == set(REGISTRY_ITEMS) | set(p.items) | set(p.tumors[0])
