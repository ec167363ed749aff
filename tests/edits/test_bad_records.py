"""Hand-built bad records are flagged by the right edit when the whole set runs; corrected, they pass cleanly;
over-ride flags make the matching review edit pass."""

from __future__ import annotations

import pytest
from edits_records import rec

from registry.edits.engine import run_edits

# (what is wrong, edit set, bad record changes, the edit that must flag it, corrected changes)
BAD_RECORDS = [
    ("male with cervix cancer", "hospital", {"primarySite": "C539", "laterality": "0", "sexAssignedAtBirth": "1",
                                             "schemaId": "00580", "histologicTypeIcdO3": "8070"}, "IF042",
     {"sexAssignedAtBirth": "2"}),
    ("female with prostate cancer", "state-submission",
     {"primarySite": "C619", "laterality": "0", "sexAssignedAtBirth": "2", "schemaId": "00580",
      "histologicTypeIcdO3": "8140"}, "IF043", {"sexAssignedAtBirth": "1"}),
    ("birth after diagnosis", "import", {"dateOfBirth": "20220115"}, "IF001", {"dateOfBirth": "19600412"}),
    ("diagnosis after last contact", "hospital", {"dateOfLastContact": "20210101"}, "IF002",
     {"dateOfLastContact": "20230601"}),
    ("paired site without laterality", "hospital", {"laterality": "0"}, "IF044", {"laterality": "2"}),
    ("in situ with only clinical confirmation", "state-submission",
     {"behaviorCodeIcdO3": "2", "diagnosticConfirmation": "8", "summaryStage2018": "0"}, "IF049",
     {"diagnosticConfirmation": "1"}),
    ("impossible site/histology pair", "state-submission", {"histologicTypeIcdO3": "9510"}, "IF040",
     {"histologicTypeIcdO3": "8500"}),
    ("invalid surgery code for the site (2003-2022)", "hospital", {"rxSummSurgPrimSite": "27"}, "IF072",
     {"rxSummSurgPrimSite": "22"}),
    ("invalid surgery code for the site (2024)", "hospital",
     {"dateOfDiagnosis": "20240310", "rxSummSurgPrimSite": None, "rxSummSurgPrimSite2023": "A500",
      "dateOfLastContact": "20250101", "rxDateSurgery": "20240405", "rxDateMostDefinSurg": "20240405",
      "rxDateHormone": "20240601", "rxDateRadiation": "20240701", "rxDateRadiationEnded": "20240815",
      "dateOf1stContact": "20240301", "ageAtDiagnosis": "063"}, "IF070", {"rxSummSurgPrimSite2023": "B500"}),
    ("alive with a cause of death", "import", {"causeOfDeath": "C509"}, "IF100", {"causeOfDeath": "0000"}),
    ("unknown primary with laterality", "hospital",
     {"primarySite": "C809", "laterality": "1", "histologicTypeIcdO3": "8140", "schemaId": "99999",
      "rxSummSurgPrimSite": "98", "rxDateSurgery": None, "rxDateMostDefinSurg": None, "reasonForNoSurgery": "1",
      "rxSummScopeRegLnSur": "0", "regionalNodesExamined": "99", "regionalNodesPositive": "99",
      "gradeClinical": "9", "gradePathological": "9", "sentinelLymphNodesExamined": None,
      "sentinelLymphNodesPositive": None, "rxSummSurgRadSeq": "0",
      "rxSummSystemicSurSeq": "0", "eodPrimaryTumor": None, "eodRegionalNodes": None, "eodMets": None,
      "tumorSizeSummary": None, "summaryStage2018": "9"}, "IF046", {"laterality": "0"}),
]


@pytest.mark.parametrize("wrong, edit_set, bad, edit_id, fix", BAD_RECORDS, ids=[b[0] for b in BAD_RECORDS])
def test_bad_record_is_flagged_by_the_right_edit(wrong: str, edit_set: str, bad: dict, edit_id: str,
                                                 fix: dict) -> None:
    failures = run_edits(rec(**bad), edit_set)
    assert edit_id in {f.edit_id for f in failures}, (wrong, [(f.edit_id, f.message) for f in failures])


@pytest.mark.parametrize("wrong, edit_set, bad, edit_id, fix", BAD_RECORDS, ids=[b[0] for b in BAD_RECORDS])
def test_corrected_record_passes(wrong: str, edit_set: str, bad: dict, edit_id: str, fix: dict) -> None:
    corrected = rec(**{**bad, **fix})
    failures = run_edits(corrected, edit_set)
    # A corrected record may still draw schema-specific SSDI warnings when its schema changed; no error remains.
    assert [f for f in failures if f.severity == "error"] == [], [(f.edit_id, f.message) for f in failures]
    assert edit_id not in {f.edit_id for f in failures}


def test_failure_message_names_fields_and_values() -> None:
    failures = run_edits(rec(primarySite="C539", sexAssignedAtBirth="1"), "hospital")
    sex_site = next(f for f in failures if f.edit_id == "IF042")
    assert "Primary Site C539" in sex_site.message and "Sex Assigned at Birth is 1" in sex_site.message
    assert sex_site.items == ["primarySite", "sexAssignedAtBirth"]
    assert sex_site.severity == "error"


# (edit, edit set, bad record changes, over-ride item, value)
OVERRIDES = [
    ("IF040", "state-submission", {"histologicTypeIcdO3": "9510"}, "overRideSiteType", "1"),
    ("IF041", "hospital", {"histologicTypeIcdO3": "9510"}, "overRideCocSiteType", "1"),
    ("IF047", "hospital", {"behaviorCodeIcdO3": "2", "laterality": "4"}, "overRideSiteLatMorph", "1"),
    ("IF048", "hospital", {"primarySite": "C809", "behaviorCodeIcdO3": "2", "laterality": "0"},
     "overRideSiteBehavior", "1"),
    ("IF049", "hospital", {"behaviorCodeIcdO3": "2", "diagnosticConfirmation": "8"}, "overRideHistology", "1"),
    ("IF050", "hospital", {"histologicTypeIcdO3": "8800", "behaviorCodeIcdO3": "2"}, "overRideHistology", "3"),
    ("IF051", "hospital", {"histologicTypeIcdO3": "8149"}, "overRideHistology", "1"),
    ("IF052", "state-submission", {"histologicTypeIcdO3": "9680", "diagnosticConfirmation": "8"},
     "overRideLeukLymphoma", "1"),
    ("IF054", "state-submission", {"sequenceNumberCentral": "02", "histologicTypeIcdO3": "9740"},
     "overRideIllDefineSite", "1"),
    ("IF055", "hospital", {"sequenceNumberHospital": "02", "histologicTypeIcdO3": "9740"},
     "overRideHospseqSite", "1"),
    ("IF056", "state-submission", {"typeOfReportingSource": "7", "sequenceNumberCentral": "02"},
     "overRideReportSource", "1"),
    ("IF059", "hospital", {"ageAtDiagnosis": "040", "histologicTypeIcdO3": "8960"}, "overRideAgeSiteMorph", "1"),
    ("IF059", "state-submission", {"ageAtDiagnosis": "040", "histologicTypeIcdO3": "8960"},
     "overRideAgeSiteMorph", "3"),
    ("IF090", "hospital", {"diagnosticConfirmation": "8"}, "overRideSurgDxconf", "1"),
    ("IF111", "state-submission", {"sequenceNumberCentral": "02", "diagnosticConfirmation": "8"},
     "overRideSeqnoDxconf", "1"),
    ("IF112", "hospital", {"sequenceNumberHospital": "02", "diagnosticConfirmation": "8"},
     "overRideHospseqDxconf", "1"),
]


@pytest.mark.parametrize("edit_id, edit_set, bad, flag, value", OVERRIDES, ids=[f"{o[0]}-{o[3]}" for o in OVERRIDES])
def test_override_flag_makes_the_edit_pass(edit_id: str, edit_set: str, bad: dict, flag: str, value: str) -> None:
    assert edit_id in {f.edit_id for f in run_edits(rec(**bad), edit_set)}
    accepted = run_edits(rec(**bad, **{flag: value}), edit_set)
    assert edit_id not in {f.edit_id for f in accepted}


def test_override_value_for_another_reason_does_not_pass() -> None:
    """Over-ride Age/Site/Morph 2 (in utero) does not accept an unusual age/morphology combination."""
    bad = rec(ageAtDiagnosis="040", histologicTypeIcdO3="8960", overRideAgeSiteMorph="2")
    assert "IF059" in {f.edit_id for f in run_edits(bad, "hospital")}
