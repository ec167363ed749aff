"""Safe Harbor and limited data set rules, item by item, on hand-made and synthetic records (no database)."""

from __future__ import annotations

import pytest

from registry.demo.generator import generate_registry
from registry.naaccr.dictionary import ItemLookup, current
from registry.submissions.deidentify import LIMITED, SAFE_HARBOR, deidentifier, releasable_items, zip3

LOOKUP = ItemLookup(current())
DATE_ITEMS = {i.naaccr_id for i in current() if i.data_type in ("date", "dateTime")}
# Identifying NAACCR items (45 CFR 164.514(b)(2)(i)), listed here independently of the module under test.
NEVER = {"nameLast", "nameFirst", "nameMiddle", "namePrefix", "nameSuffix", "nameAlias", "nameBirthSurname",
         "nameSpouseParent", "followUpContactName", "addrAtDxNoStreet", "addrAtDxSupplementl", "addrCurrentNoStreet",
         "addrCurrentSupplementl", "followUpContactNost", "followUpContactSuppl", "latitude", "longitude",
         "telephone", "socialSecurityNumber", "medicalRecordNumber", "patientSystemIdHosp", "accessionNumberHosp",
         "medicareBeneficiaryIdentifier", "textRemarks", "textDxProcPe", "textPlaceOfDiagnosis"}
SAFE_HARBOR_ALSO = {"addrAtDxCity", "addrCurrentCity", "followUpContactCity", "countyAtDx", "countyCurrent",
                    "countyAtDxAnalysis", "censusTract2010", "censusTract2020", "censusBlockGroup2020"}

RECORD = {"patientIdNumber": "00001234", "nameLast": "Doe", "nameFirst": "Jane", "socialSecurityNumber": "123456789",
          "telephone": "4105551234", "addrAtDxNoStreet": "1 Main St", "addrAtDxCity": "Baltimore",
          "addrAtDxPostalCode": "212011234", "addrAtDxCountry": "USA", "countyAtDx": "510", "addrAtDxState": "MD",
          "censusTract2020": "123456", "dateOfBirth": "19600315", "dateOfDiagnosis": "20200115",
          "ageAtDiagnosis": "059", "medicalRecordNumber": "MR123", "accessionNumberHosp": "202000001",
          "primarySite": "C504", "histologicTypeIcdO3": "8500", "tumorRecordNumber": "01",
          "pathDateSpecCollect1": "2020-01-10T10:00:00-05:00", "textRemarks": "seen by Dr Who"}


@pytest.mark.parametrize(("value", "country", "expected"), [
    ("21201", "USA", "212"), ("212011234", None, "212"), ("03601", "USA", "000"), ("893011234", "", "000"),
    ("69201", "USA", "000"), ("K1A0B6", "CAN", None), ("21", "USA", None), ("ABCDE", "USA", None),
])
def test_zip_three_digits_and_restricted_areas(value, country, expected):
    assert zip3(value, country) == expected


def test_safe_harbor_record():
    """pathDateSpecCollect1 (dateTime) is an A,M item: no release carries it."""
    out = deidentifier(LOOKUP, SAFE_HARBOR, [], 2026).apply(RECORD, "55555555")
    assert out == {"patientIdNumber": "55555555", "addrAtDxPostalCode": "212", "addrAtDxCountry": "USA",
                   "addrAtDxState": "MD", "dateOfBirth": "1960", "dateOfDiagnosis": "2020", "ageAtDiagnosis": "059",
                   "primarySite": "C504", "histologicTypeIcdO3": "8500", "tumorRecordNumber": "01"}


def test_limited_data_set_record_keeps_dates_and_town():
    out = deidentifier(LOOKUP, LIMITED, [], 2026).apply(RECORD, "55555555")
    assert out == {"patientIdNumber": "55555555", "addrAtDxCity": "Baltimore", "addrAtDxPostalCode": "212011234",
                   "addrAtDxCountry": "USA", "countyAtDx": "510", "addrAtDxState": "MD", "censusTract2020": "123456",
                   "dateOfBirth": "19600315", "dateOfDiagnosis": "20200115", "ageAtDiagnosis": "059",
                   "primarySite": "C504", "histologicTypeIcdO3": "8500", "tumorRecordNumber": "01"}


@pytest.mark.parametrize(("age", "birth", "age_out", "birth_out"), [
    ("089", "19310101", "089", None),  # 89 at diagnosis, but born 95 years before the release: year removed
    ("089", "19370101", "089", "1937"),
    ("090", "19300101", "090", None),
    ("097", "19230101", "090", None),
    ("999", "19600101", "999", "1960"),
])
def test_ages_over_89_are_grouped(age, birth, age_out, birth_out):
    out = deidentifier(LOOKUP, SAFE_HARBOR, ["ageAtDiagnosis", "dateOfBirth"], 2026).apply(
        {"ageAtDiagnosis": age, "dateOfBirth": birth}, "1")
    assert out.get("ageAtDiagnosis") == age_out
    assert out.get("dateOfBirth") == birth_out


def test_only_wanted_items_and_the_new_patient_number():
    out = deidentifier(LOOKUP, SAFE_HARBOR, ["primarySite", "nameLast"], 2026).apply(RECORD, "7")
    assert out == {"patientIdNumber": "7", "primarySite": "C504"}


def test_releasable_items_never_hold_identifiers():
    safe = {i.naaccr_id for i in releasable_items(LOOKUP, SAFE_HARBOR)}
    limited = {i.naaccr_id for i in releasable_items(LOOKUP, LIMITED)}
    assert not safe & (NEVER | SAFE_HARBOR_ALSO)
    assert not limited & NEVER
    assert limited >= SAFE_HARBOR_ALSO
    assert all("I" in LOOKUP.get(i).record_types for i in limited)


def test_synthetic_registry_released_under_safe_harbor():
    deid = deidentifier(LOOKUP, SAFE_HARBOR, [], 2026)
    seen = 0
    for patient in generate_registry(200, seed=5):
        for record in patient.flat_tumors():
            out = deid.apply(record, "00000001")
            assert not set(out) & (NEVER | SAFE_HARBOR_ALSO)
            for key, value in out.items():
                if key in DATE_ITEMS:
                    assert len(value) == 4, (key, value)
                if key.endswith("PostalCode") or key == "followUpContactPostal":
                    assert len(value) == 3 and value == zip3(record[key], record.get("addrAtDxCountry"))
            assert int(out.get("ageAtDiagnosis", "0")) <= 90 or out["ageAtDiagnosis"] == "999"
            assert out["patientIdNumber"] == "00000001"
            seen += 1
    assert seen > 200
