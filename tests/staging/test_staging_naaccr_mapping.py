"""NAACCR record -> algorithm inputs -> NAACCR derived items, algorithm chosen by year of diagnosis."""

from __future__ import annotations

from registry.naaccr.dictionary import base_dictionary
from registry.staging.naaccr_mapping import (
    algorithms_for_year,
    derive_all_for_record,
    derive_for_record,
    diagnosis_year,
)

BREAST = {
    "primarySite": "C502", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "dateOfDiagnosis": "20200315",
    "tumorSizeSummary": "025", "eodPrimaryTumor": "100", "eodRegionalNodes": "200", "eodMets": "00",
    "gradeClinical": "1", "gradePathological": "1", "estrogenReceptorSummary": "1",
    "progesteroneRecepSummary": "0", "her2OverallSummary": "0", "ageAtDiagnosis": "055", "sexAssignedAtBirth": "2",
    "patientIdNumber": "00000001",
}
URETHRA_2013 = {
    "primarySite": "C680", "histologicTypeIcdO3": "8000", "behaviorCodeIcdO3": "3", "grade": "9",
    "dateOfDiagnosis": "2013", "csVersionInputOriginal": "020550", "csTumorSize": "075", "csExtension": "100",
    "csTumorSizeExtEval": "9", "csLymphNodes": "100", "csLymphNodesEval": "9", "regionalNodesPositive": "99",
    "regionalNodesExamined": "99", "csMetsAtDx": "10", "csMetsEval": "9", "lymphVascularInvasion": "9",
    "ageAtDiagnosis": "060", "csSiteSpecificFactor1": "020",
}


def test_eod_derivation_for_2020_breast() -> None:
    updates, result = derive_for_record(BREAST)
    assert result is not None and result.result == "STAGED" and result.schema_id == "breast"
    assert updates["schemaId"] == "00480"
    assert updates["derivedSummaryStage2018"] == "3"
    assert updates["derivedSummaryGrade2018"] == "1"
    assert updates["schemaIdVersionCurrent"] == "3.3" and updates["schemaIdVersionOriginal"] == "3.3"
    dictionary = base_dictionary("260")
    assert all(key in dictionary for key in updates), set(updates) - set(dictionary.items)


def test_original_version_is_kept() -> None:
    updates, _ = derive_for_record({**BREAST, "schemaIdVersionOriginal": "3.1"})
    assert "schemaIdVersionOriginal" not in updates and updates["schemaIdVersionCurrent"] == "3.3"


def test_blank_items_take_schema_defaults() -> None:
    updates, result = derive_for_record({**BREAST, "gradeClinical": "", "gradePathological": " "})
    assert result.errors == [] and updates["derivedSummaryGrade2018"] == "9"


def test_cs_derivation_for_2013() -> None:
    updates, result = derive_for_record(URETHRA_2013)
    assert result.result == "STAGED" and result.schema_id == "urethra"
    assert updates["derivedAjcc7StageGrp"] == "700" and updates["derivedAjcc6StageGrp"] == "70"
    assert updates["derivedAjcc6T"] == "10" and updates["derivedAjcc6TDescript"] == "c"
    assert updates["derivedSs2000"] == "7" and updates["derivedSs1977"] == "7"
    assert updates["csVersionDerived"] == "020550"
    assert updates["derivedAjccFlag"] == "1" and updates["derivedSs2000Flag"] == "1"


def test_pediatric_runs_after_eod_from_2024() -> None:
    ovarian = {"primarySite": "C569", "histologicTypeIcdO3": "9081", "behaviorCodeIcdO3": "3",
               "dateOfDiagnosis": "20240610", "ageAtDiagnosis": "016", "pediatricPrimaryTumor": "200"}
    updates, results = derive_all_for_record(ovarian)
    assert [(a.name, r.result, r.schema_id) for a, r in results] == [
        ("eod_public", "STAGED", "soft_tissue_other"), ("pediatric", "STAGED", "ovarian")]
    assert updates["pediatricId"] == "10c2" and updates["derivedPediatricStageGroup"] == "1"
    assert updates["pediatricIdVersionCurrent"] == "1.3"
    assert updates["schemaId"] == results[0][1].output["naaccr_schema_id"] != ""


def test_failure_blanks_derived_items_and_asks_for_discriminators() -> None:
    record = {"primarySite": "C111", "histologicTypeIcdO3": "8200", "dateOfDiagnosis": "20220101",
              "derivedSummaryStage2018": "3"}
    updates, result = derive_for_record(record)
    assert result.result == "FAILED_MULTIPLE_MATCHING_SCHEMAS"
    assert [q.key for q in result.discriminators] == ["discriminator_1", "discriminator_2"]
    assert updates["derivedSummaryStage2018"] == "" and updates["schemaId"] == ""
    resolved, result = derive_for_record({**record, "schemaDiscriminator1": "1", "behaviorCodeIcdO3": "3"})
    assert result.schema_id == "nasopharynx" and resolved["schemaId"] == "00090"


def test_years_without_an_algorithm() -> None:
    assert derive_for_record({**BREAST, "dateOfDiagnosis": "2017"}) == ({}, None)
    assert derive_for_record({**BREAST, "dateOfDiagnosis": ""}) == ({}, None)
    assert diagnosis_year({"dateOfDiagnosis": "201806"}) == 2018
    assert algorithms_for_year(2003) == [] and algorithms_for_year(2004) == [("cs", "02.05.50")]
    assert algorithms_for_year(2023) == [("eod_public", "3.3")]
