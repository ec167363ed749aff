"""Every edit has at least one failing and one passing record, built from a clean realistic record."""

from __future__ import annotations

import pytest
from edits_records import BASE, rec

from registry.edits.engine import EDIT_SETS, all_edits, get_edit

# (edit id, changes that make the record fail, changes that make it pass while the edit is evaluated)
CASES: list[tuple[str, dict[str, str | None], dict[str, str | None]]] = [
    ("G001", {"laterality": "7"}, {"laterality": "2"}),
    ("G001", {"primarySite": "C999"}, {"primarySite": "C509"}),
    ("G002", {"dateOfDiagnosis": "20210230"}, {"dateOfDiagnosis": "20210228"}),
    ("G002", {"dateOfBirth": "196013"}, {"dateOfBirth": "196012"}),
    ("G003", {"dateOfLastContact": "29990101"}, {"dateOfLastContact": "20230601"}),
    ("G004", {"ageAtDiagnosis": "60"}, {"ageAtDiagnosis": "060"}),
    ("G004", {"primarySite": "C5040"}, {"primarySite": "C504"}),
    ("G005", {"ageAtDiagnosis": "06A"}, {"ageAtDiagnosis": "061"}),
    ("IF001", {"dateOfBirth": "20220101"}, {"dateOfBirth": "2021"}),
    ("IF002", {"dateOfLastContact": "20201231"}, {"dateOfLastContact": "202103"}),
    ("IF003", {"dateOfBirth": "20240101", "dateOfDiagnosis": None}, {"dateOfBirth": "1960"}),
    ("IF004", {"ageAtDiagnosis": "061"}, {"ageAtDiagnosis": "060"}),
    ("IF004", {"ageAtDiagnosis": "999"}, {"dateOfBirth": "1960", "ageAtDiagnosis": "061"}),
    ("IF023", {"rxDateRadiationEnded": "20210601"}, {"rxDateRadiationEnded": "20210801"}),
    ("IF024", {"rxDateSurgicalDisch": "20210401"}, {"rxDateSurgicalDisch": "20210410"}),
    ("IF025", {"rxDateSurgery": "20210410"}, {"rxDateSurgery": "20210320"}),
    ("IF026", {"dateOfInptAdm": "20210410", "dateOfInptDisch": "20210405"},
     {"dateOfInptAdm": "20210403", "dateOfInptDisch": "20210405"}),
    ("IF027", {"rxDateDxStgProc": "19590101"}, {"rxDateDxStgProc": "20210305"}),
    ("IF028", {"rxDateDxStgProc": "20240101"}, {"rxDateDxStgProc": "20210305"}),
    ("IF029", {"dateOf1stContact": "20240101"}, {"dateOf1stContact": "20210301"}),
    ("IF030", {"dateOf1stContact": "19590101"}, {"dateOf1stContact": "20210301"}),
    ("IF031", {"ambiguousTerminologyDx": "2"}, {"ambiguousTerminologyDx": "2", "dateConclusiveDx": "20210320"}),
    ("IF031", {"ambiguousTerminologyDx": "0", "dateConclusiveDx": "20210320"}, {"ambiguousTerminologyDx": "0"}),
    ("IF040", {"histologicTypeIcdO3": "9510"}, {"histologicTypeIcdO3": "8520"}),
    ("IF041", {"histologicTypeIcdO3": "9510"}, {"primarySite": "C443", "histologicTypeIcdO3": "8090"}),
    ("IF042", {"primarySite": "C539", "sexAssignedAtBirth": "1"}, {"primarySite": "C539", "sexAssignedAtBirth": "2"}),
    ("IF043", {"primarySite": "C619", "sexAssignedAtBirth": "2"}, {"primarySite": "C619", "sexAssignedAtBirth": "1"}),
    ("IF044", {"laterality": "0"}, {"laterality": "2"}),
    ("IF044", {"laterality": "5"}, {"primarySite": "C710", "laterality": "5"}),
    ("IF044", {"primarySite": "C342", "laterality": "2"}, {"primarySite": "C342", "laterality": "1"}),
    ("IF045", {"primarySite": "C180", "laterality": "1"}, {"primarySite": "C180", "laterality": "0"}),
    ("IF046", {"primarySite": "C809", "laterality": "1"}, {"primarySite": "C809", "laterality": "0"}),
    ("IF047", {"behaviorCodeIcdO3": "2", "laterality": "4"}, {"behaviorCodeIcdO3": "2", "laterality": "1"}),
    ("IF048", {"primarySite": "C809", "behaviorCodeIcdO3": "2"}, {"primarySite": "C809", "behaviorCodeIcdO3": "3"}),
    ("IF049", {"behaviorCodeIcdO3": "2", "diagnosticConfirmation": "8"},
     {"behaviorCodeIcdO3": "2", "diagnosticConfirmation": "4"}),
    ("IF050", {"histologicTypeIcdO3": "8800", "behaviorCodeIcdO3": "2"},
     {"histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "2"}),
    ("IF051", {"histologicTypeIcdO3": "8149", "behaviorCodeIcdO3": "3"},
     {"histologicTypeIcdO3": "8149", "behaviorCodeIcdO3": "0"}),
    ("IF052", {"histologicTypeIcdO3": "9680", "diagnosticConfirmation": "8"},
     {"histologicTypeIcdO3": "9680", "diagnosticConfirmation": "3"}),
    ("IF052", {"histologicTypeIcdO3": "9800", "diagnosticConfirmation": "6"},
     {"histologicTypeIcdO3": "9800", "diagnosticConfirmation": "8"}),
    ("IF053", {"diagnosticConfirmation": "3"}, {"diagnosticConfirmation": "3", "histologicTypeIcdO3": "9680"}),
    ("IF054", {"sequenceNumberCentral": "02", "primarySite": "C809", "histologicTypeIcdO3": "8000"},
     {"sequenceNumberCentral": "00", "primarySite": "C809", "histologicTypeIcdO3": "8000"}),
    ("IF054", {"sequenceNumberCentral": "01", "histologicTypeIcdO3": "9740"},
     {"sequenceNumberCentral": "01", "primarySite": "C421", "histologicTypeIcdO3": "9800"}),
    ("IF055", {"sequenceNumberHospital": "02", "primarySite": "C771", "histologicTypeIcdO3": "8500"},
     {"sequenceNumberHospital": "02", "primarySite": "C771", "histologicTypeIcdO3": "9680"}),
    ("IF056", {"typeOfReportingSource": "7", "sequenceNumberCentral": "02"},
     {"typeOfReportingSource": "7", "sequenceNumberCentral": "00"}),
    ("IF057", {"behaviorCodeIcdO3": "0", "sequenceNumberCentral": "00"},
     {"behaviorCodeIcdO3": "0", "sequenceNumberCentral": "60"}),
    ("IF057", {"sequenceNumberCentral": "98"},
     {"primarySite": "C539", "behaviorCodeIcdO3": "2", "sequenceNumberCentral": "98"}),
    ("IF058", {"behaviorCodeIcdO3": "1", "sequenceNumberHospital": "01"},
     {"behaviorCodeIcdO3": "1", "sequenceNumberHospital": "61"}),
    ("IF059", {"ageAtDiagnosis": "030", "histologicTypeIcdO3": "9510"},
     {"ageAtDiagnosis": "002", "histologicTypeIcdO3": "9510"}),
    ("IF060", {"behaviorCodeIcdO3": "0"}, {"behaviorCodeIcdO3": "0", "primarySite": "C710"}),
    ("IF061", {"grade": "5"}, {"grade": "5", "histologicTypeIcdO3": "9680"}),
    ("IF062", {"grade": "2"}, {"grade": "2", "dateOfDiagnosis": "20170310"}),
    ("IF070", {"dateOfDiagnosis": "20240310", "rxSummSurgPrimSite2023": "A500"},
     {"dateOfDiagnosis": "20240310", "rxSummSurgPrimSite2023": "B500"}),
    ("IF070", {"dateOfDiagnosis": "20230310", "rxSummSurgPrimSite2023": "B500"},
     {"dateOfDiagnosis": "20230310", "rxSummSurgPrimSite2023": "A500"}),
    ("IF071", {"dateOfDiagnosis": "20240310", "rxHospSurgPrimSite2023": "A500"},
     {"dateOfDiagnosis": "20240310", "rxHospSurgPrimSite2023": "B200"}),
    ("IF072", {"rxSummSurgPrimSite": "25"}, {"rxSummSurgPrimSite": "41"}),
    ("IF073", {"rxHospSurgPrimSite": "25"}, {"rxHospSurgPrimSite": "50"}),
    ("IF074", {"rxSummSurgPrimSite2023": "A500"}, {"rxSummSurgPrimSite2023": "A500", "dateOfDiagnosis": "20230101"}),
    ("IF075", {"dateOfDiagnosis": "20230310"}, {"dateOfDiagnosis": "20221231"}),
    ("IF076", {"reasonForNoSurgery": "1"}, {"reasonForNoSurgery": "0"}),
    ("IF076", {"rxSummSurgPrimSite": "00", "reasonForNoSurgery": "0"},
     {"rxSummSurgPrimSite": "00", "reasonForNoSurgery": "7"}),
    ("IF077", {"rxSummSurgPrimSite": "00"}, {"rxSummSurgPrimSite": "41"}),
    ("IF078", {"rxDateChemo": "20210501"}, {"rxDateChemo": "20210501", "rxSummChemo": "03"}),
    ("IF079", {"rxSummHormone": "00"}, {"rxSummHormone": "01"}),
    ("IF080", {"rxDateBrm": "20210501"}, {"rxDateBrm": "20210501", "rxSummBrm": "01"}),
    ("IF081", {"rxDateOther": "20210501"}, {"rxDateOther": "20210501", "rxSummOther": "2"}),
    ("IF082", {"phase1RadiationTreatmentModality": "00", "reasonForNoRadiation": "1"},
     {"phase1RadiationTreatmentModality": "98"}),
    ("IF083", {"reasonForNoRadiation": "1"}, {"phase1RadiationTreatmentModality": "00", "reasonForNoRadiation": "1"}),
    ("IF084", {"rxSummTreatmentStatus": "0"}, {"rxSummTreatmentStatus": "1"}),
    ("IF085", {"regionalNodesPositive": "05"}, {"regionalNodesPositive": "02"}),
    ("IF085", {"regionalNodesExamined": "00", "regionalNodesPositive": "00"},
     {"regionalNodesExamined": "00", "regionalNodesPositive": "98"}),
    ("IF086", {"sentinelLymphNodesPositive": "03"}, {"sentinelLymphNodesPositive": "01"}),
    ("IF087", {"rxSummScopeRegLnSur": "0"}, {"rxSummScopeRegLnSur": "0", "regionalNodesExamined": "00"}),
    ("IF088", {"rxSummSurgPrimSite": "00", "rxSummScopeRegLnSur": "0", "rxSummSurgOthRegDis": "0"},
     {"rxSummSurgPrimSite": "00", "rxSummScopeRegLnSur": "4", "rxSummSurgOthRegDis": "0"}),
    ("IF089", {"rxSummSurgPrimSite": "00", "rxSummScopeRegLnSur": "0"},
     {"rxSummSurgPrimSite": "00", "rxSummScopeRegLnSur": "0", "rxSummSurgOthRegDis": "1"}),
    ("IF090", {"diagnosticConfirmation": "8"}, {"diagnosticConfirmation": "2"}),
    ("IF091", {"classOfCase": "38"}, {"classOfCase": "38", "rxSummSurgPrimSite": "00"}),
    ("IF092", {"classOfCase": "00", "rxHospSurgPrimSite2023": "A500"},
     {"classOfCase": "00", "rxHospSurgPrimSite2023": "A000"}),
    ("IF100", {"vitalStatus": "0"}, {"vitalStatus": "0", "causeOfDeath": "C509"}),
    ("IF101", {"vitalStatus": "0"}, {"vitalStatus": "0", "icdRevisionNumber": "1"}),
    ("IF102", {"icdRevisionNumber": "1", "causeOfDeath": "1749"}, {"icdRevisionNumber": "1", "causeOfDeath": "C509"}),
    ("IF102", {"icdRevisionNumber": "9", "causeOfDeath": "C509"}, {"icdRevisionNumber": "9", "causeOfDeath": "1749"}),
    ("IF103", {"seerCauseSpecificCod": "1"}, {"seerCauseSpecificCod": "9"}),
    ("IF104", {"seerOtherCod": "1"}, {"seerOtherCod": "0"}),
    ("IF105", {"autopsy": "2"}, {"vitalStatus": "0", "autopsy": "2"}),
    ("IF106", {"placeOfDeathState": "VA"}, {"vitalStatus": "0", "placeOfDeathState": "VA"}),
    ("IF107", {"race2": "01"}, {"race2": "02"}),
    ("IF107", {"race2": "88", "race3": "04"}, {"race2": "04", "race3": "88"}),
    ("IF107", {"race1": "99"}, {"race1": "99", "race2": "99", "race3": "99", "race4": "99", "race5": "99"}),
    ("IF108", {"classOfCase": "49"}, {"classOfCase": "49", "typeOfReportingSource": "7"}),
    ("IF109", {"classOfCase": "20"}, {"classOfCase": "20", "dateOf1stContact": "20210320"}),
    ("IF110", {"dateOf1stContact": "20210320"}, {"dateOf1stContact": "20210310"}),
    # STORE class 12: diagnosed in a staff physician's office, first seen at the facility later (not checked).
    ("IF110", {"classOfCase": "13", "dateOf1stContact": "20210320"},
     {"classOfCase": "12", "dateOf1stContact": "20210320"}),
    ("IF111", {"sequenceNumberCentral": "02", "diagnosticConfirmation": "8"},
     {"sequenceNumberCentral": "02", "diagnosticConfirmation": "1"}),
    ("IF112", {"sequenceNumberHospital": "01", "diagnosticConfirmation": "7"},
     {"sequenceNumberHospital": "01", "diagnosticConfirmation": "2"}),
    ("IF113", {"ageAtDiagnosis": "130"}, {"ageAtDiagnosis": "120"}),
    ("IF120", {"schemaId": None}, {"schemaId": "00480"}),
    ("IF120", {"dateOfDiagnosis": "20170310"}, {"dateOfDiagnosis": "20170310", "schemaId": None}),
    ("IF120", {"schemaId": "00520"}, {"schemaId": "00520", "dateOfDiagnosis": "20200310"}),
    ("IF121", {"gradeClinical": "5"}, {"gradeClinical": "3"}),
    ("IF121", {"tumorSizeSummary": "991"}, {"tumorSizeSummary": "989"}),
    ("IF122", {"estrogenReceptorSummary": None}, {"estrogenReceptorSummary": "0"}),
    ("IF123", {"summaryStage2018": "0"}, {"summaryStage2018": "0", "behaviorCodeIcdO3": "2"}),
    ("IF124", {"seerSummaryStage2000": "0"}, {"seerSummaryStage2000": "1"}),
    ("IF125", {"dateOfDiagnosis": "20170310"}, {"dateOfDiagnosis": "20180101"}),
]

_BETWEEN = ["IF005", "IF006", "IF007", "IF008", "IF009", "IF010", "IF011", "IF012", "IF013", "IF014", "IF015",
            "IF016", "IF017", "IF018", "IF019", "IF020", "IF021", "IF022"]
for _edit_id in _BETWEEN:
    _item = get_edit(_edit_id).items[0]
    CASES.append((_edit_id, {_item: "20210101"}, {_item: "20210501"}))
    CASES.append((_edit_id, {_item: "20240101"}, {_item: "202106"}))


def _ids(case: tuple[str, dict, dict]) -> str:
    return case[0]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_edit_fails_on_bad_record(case: tuple[str, dict, dict]) -> None:
    edit_id, bad, _good = case
    failures = get_edit(edit_id).evaluate(rec(**bad))
    assert failures, f"{edit_id} should fail on {bad}"
    assert all(f.edit_id == edit_id and f.message and f.items for f in failures)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_edit_passes_on_good_record(case: tuple[str, dict, dict]) -> None:
    edit_id, _bad, good = case
    edit = get_edit(edit_id)
    record = rec(**good)
    assert not edit.is_skipped(record), f"{edit_id}: the passing case must evaluate the edit, not skip it"
    assert edit.evaluate(record) == []


def test_every_edit_has_failing_and_passing_cases() -> None:
    covered = {edit_id for edit_id, _bad, _good in CASES}
    assert covered == {e.id for e in all_edits()}


def test_base_record_passes_every_edit_set() -> None:
    from registry.edits.engine import run_edits
    for name in EDIT_SETS:
        assert run_edits(BASE, name) == [], name


def test_at_least_sixty_inter_field_edits() -> None:
    inter_field = [e for e in all_edits() if e.id.startswith("IF")]
    assert len(inter_field) >= 60
    assert all(e.rule and e.description for e in all_edits())
