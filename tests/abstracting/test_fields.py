"""Field descriptions and value checks of the abstract screen (NAACCR v26 dictionary + SEER lookups)."""

import pytest

from registry.abstracting.fields import check_value, field_specs, normalize, read_form, specs_json
from registry.abstracting.sections import SECTIONS


def spec(naaccr_id):
    return field_specs()[naaccr_id]


def test_every_section_item_has_its_naaccr_name_number_and_form_order():
    specs = field_specs()
    assert list(specs) == [i for _, _, ids in SECTIONS for i in ids]
    assert spec("primarySite").number == 400 and spec("primarySite").name == "Primary Site"
    assert spec("nameLast").level == "Patient" and spec("primarySite").level == "Tumor"
    assert spec("primarySite").codes["C504"] == "Upper-outer quadrant of breast"


@pytest.mark.parametrize(("item", "value", "kind"), [
    ("dateOfDiagnosis", "2024", None),
    ("dateOfDiagnosis", "202403", None),
    ("dateOfDiagnosis", "20240315", None),
    ("dateOfDiagnosis", "20241315", "date"),
    ("dateOfDiagnosis", "202", "date"),
    ("primarySite", "C504", None),
    ("primarySite", "C999", "code"),
    ("primarySite", "C5044", "length"),
    ("histologicTypeIcdO3", "85A0", "type"),
    ("laterality", "5", None),
    ("laterality", "7", "code"),
    ("tumorSizeSummary", "025", None),
    ("tumorSizeSummary", "995", "code"),
    ("countyAtDx", "123", None),  # advisory lookup: one state's counties are not the whole list
    ("nameLast", "O'BRIEN-SMITH", None),
    ("addrCurrentState", "M1", "type"),
])
def test_check_value(item, value, kind):
    problem = check_value(spec(item), value)
    assert (problem.kind if problem else None) == kind


def test_only_code_problems_are_warnings():
    assert not check_value(spec("primarySite"), "C999").blocking
    assert check_value(spec("primarySite"), "C5044").blocking


def test_normalize_pads_left_zero_items_and_upper_cases_codes():
    assert normalize(spec("race1"), " 1 ") == "01"
    assert normalize(spec("primarySite"), "c504") == "C504"
    assert normalize(spec("addrCurrentState"), "md") == "MD"
    assert normalize(spec("nameLast"), "  Smith ") == "Smith"


def test_read_form_reads_only_posted_fields_and_skips_derived_items():
    values, problems = read_form({"primarySite": "c509", "laterality": "9", "schemaId": "00480",
                                  "dateOfDiagnosis": "2024-03"})
    assert values == {"primarySite": "C509", "laterality": "9", "dateOfDiagnosis": "2024-03"}
    assert [(p.item, p.kind) for p in problems] == [("dateOfDiagnosis", "date")]


def test_json_description_carries_codes_but_not_huge_lists():
    data = specs_json()
    assert data["laterality"]["codes"]["1"].startswith("Right")
    assert data["dateOfBirth"]["type"] == "date" and data["dateOfBirth"]["length"] == 8
    assert "codes" not in data["causeOfDeath"]
