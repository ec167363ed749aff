"""Engine behaviour: defaults, invalid inputs by name, unknown keys, the worked breast example (doc §1.4)."""

from __future__ import annotations

from registry.staging.engine import Algorithm, available_algorithms, load_algorithm
from registry.staging.results import STAGED

BREAST = {
    "site": "C502", "hist": "8500", "behavior": "3", "year_dx": "2020", "size_summary": "025",
    "eod_primary_tumor": "100", "eod_regional_nodes": "200", "eod_mets": "00", "grade_clin": "1",
    "grade_path": "1", "er": "1", "pr": "0", "her2_summary": "0",
}


def test_worked_breast_example_walks_the_five_tables(eod: Algorithm) -> None:
    result = eod.stage(BREAST)
    assert result.result == STAGED and result.schema_id == "breast" and result.errors == []
    assert result.output == {"naaccr_schema_id": "00480", "derived_version": "3.3", "ss2018_derived": "3",
                             "derived_summary_grade": "1"}
    assert result.path == [
        "summary_stage_2018.combined_grade_breast_8723", "summary_stage_2018.extension_bak",
        "summary_stage_2018.nodes_daj", "summary_stage_2018.mets_hau", "summary_stage_2018.summary_stage_rpa",
    ]


def test_paget_code_jumps_to_the_behavior_table(eod: Algorithm) -> None:
    result = eod.stage({**BREAST, "eod_primary_tumor": "050", "behavior": "2", "eod_regional_nodes": "000"})
    assert "summary_stage_2018.behavior_with_primary_tumor_for_ss2018_t_69793" in result.path
    assert result.output["ss2018_derived"] == "0" and result.errors == []  # IS, NONE, NONE -> in situ


def test_defaults_apply_to_absent_inputs(eod: Algorithm) -> None:
    """Without grades and size the defaults (grade 9, size 999) are used: summary grade 9."""
    reduced = {k: v for k, v in BREAST.items() if k not in ("grade_clin", "grade_path", "size_summary")}
    result = eod.stage(reduced)
    assert result.result == STAGED and result.errors == []
    assert result.output["derived_summary_grade"] == "9"
    assert eod.schema("breast").input("size_summary").default == "999"


def test_invalid_inputs_are_reported_by_key(eod: Algorithm) -> None:
    result = eod.stage({**BREAST, "eod_mets": "77", "er": "X"})
    assert result.result == STAGED  # EOD continues on invalid input
    by_key = {e.key: e for e in result.errors}
    assert by_key["eod_mets"].message == "Invalid 'eod_mets' value (77)"
    assert by_key["eod_mets"].type == "INVALID_REQUIRED_INPUT"
    assert by_key["er"].type == "INVALID_NON_REQUIRED_INPUT"
    assert any(e.type == "MATCH_NOT_FOUND" and e.table == "mets_hau" for e in result.errors)


def test_unknown_input_key_fails_with_its_name(eod: Algorithm) -> None:
    result = eod.stage({**BREAST, "favourite_colour": "blue"})
    assert result.result == "FAILED_INVALID_INPUT" and result.schema_id == "breast"
    assert [e.as_dict() for e in result.errors] == [
        {"key": "favourite_colour", "message": "Unknown input key supplied: favourite_colour"}
    ]


def test_blank_site_counts_as_missing(eod: Algorithm) -> None:
    result = eod.stage({"site": "", "hist": "8500"})
    assert result.result == "FAILED_MISSING_SITE_OR_HISTOLOGY"
    assert [e.key for e in result.errors] == ["site"]


def test_schema_inputs_describe_naaccr_items(eod: Algorithm) -> None:
    inputs = {i.key: i for i in eod.schema("breast").inputs}
    assert inputs["site"].naaccr_item == 400 and inputs["site"].naaccr_xml_id == "primarySite"
    assert inputs["eod_primary_tumor"].table == "extension_bak" and inputs["eod_primary_tumor"].used_for_staging
    assert inputs["year_dx"].used_for_staging is False
    assert {o.naaccr_xml_id for o in eod.schema("breast").outputs} >= {"schemaId", "derivedSummaryStage2018"}


def test_lung_schema_follows_the_year(eod: Algorithm) -> None:
    case = {"site": "C341", "hist": "8140", "behavior": "3", "eod_primary_tumor": "300",
            "eod_regional_nodes": "300", "eod_mets": "00", "size_summary": "025", "grade_path": "2"}
    old, new = eod.stage({**case, "year_dx": "2021"}), eod.stage({**case, "year_dx": "2025"})
    assert (old.schema_id, old.output["naaccr_schema_id"], old.output["ss2018_derived"]) == ("lung", "00360", "3")
    expected_new = ("lung_v9_2025", "09360", "3")
    assert (new.schema_id, new.output["naaccr_schema_id"], new.output["ss2018_derived"]) == expected_new


def test_prostate_combines_clinical_and_pathological_extension(eod: Algorithm) -> None:
    result = eod.stage({"site": "C619", "hist": "8140", "behavior": "3", "year_dx": "2020",
                        "eod_primary_tumor": "200", "eod_prostate_path_extension": "300",
                        "eod_regional_nodes": "000", "eod_mets": "00", "psa": "10.0",
                        "grade_clin": "2", "grade_path": "3"})
    assert result.result == STAGED, result.errors
    assert result.output["ss2018_derived"] == "1" and result.output["derived_summary_grade"] == "3"


def test_algorithms_are_cached_and_listed() -> None:
    assert load_algorithm("eod_public", "3.3") is load_algorithm("eod_public", "3.3")
    assert available_algorithms() == [("cs", "02.05.50"), ("eod_public", "3.3"), ("pediatric", "1.3")]
    assert len(load_algorithm("eod_public", "3.3").schema_ids) == 141
