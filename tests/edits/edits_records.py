"""A clean, realistic tumor record (flat NAACCR items) that passes every edit, and a helper to vary it."""

from __future__ import annotations

BASE: dict[str, str] = {
    "patientIdNumber": "00000001", "tumorRecordNumber": "01", "dateOfBirth": "19600412", "sexAssignedAtBirth": "2",
    "race1": "01", "race2": "88", "race3": "88", "race4": "88", "race5": "88", "spanishHispanicOrigin": "0",
    "vitalStatus": "1", "dateOfLastContact": "20230601", "causeOfDeath": "0000", "icdRevisionNumber": "0",
    "autopsy": "0", "dateOfDiagnosis": "20210310", "ageAtDiagnosis": "060", "primarySite": "C504", "laterality": "1",
    "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "diagnosticConfirmation": "1",
    "sequenceNumberCentral": "00", "sequenceNumberHospital": "00", "typeOfReportingSource": "1",
    "classOfCase": "14", "dateOf1stContact": "20210301", "schemaId": "00480", "summaryStage2018": "1",
    "gradeClinical": "2", "gradePathological": "2", "estrogenReceptorSummary": "1", "progesteroneRecepSummary": "1",
    "her2OverallSummary": "0", "rxSummSurgPrimSite": "50", "rxDateSurgery": "20210405",
    "rxDateMostDefinSurg": "20210405", "reasonForNoSurgery": "0", "rxSummChemo": "00", "rxSummHormone": "01",
    "rxDateHormone": "20210601", "rxSummBrm": "00", "rxSummOther": "0", "phase1RadiationTreatmentModality": "02",
    "rxDateRadiation": "20210701", "rxDateRadiationEnded": "20210815", "reasonForNoRadiation": "0",
    "rxSummTreatmentStatus": "1", "rxSummSurgRadSeq": "3", "rxSummSystemicSurSeq": "3", "rxSummScopeRegLnSur": "2",
    "regionalNodesExamined": "02", "regionalNodesPositive": "00", "sentinelLymphNodesExamined": "02",
    "sentinelLymphNodesPositive": "00", "seerCauseSpecificCod": "0", "seerOtherCod": "0", "tumorSizeSummary": "015",
    "eodPrimaryTumor": "100", "eodRegionalNodes": "000", "eodMets": "00", "neoadjuvantTherapy": "0",
    "neoadjuvTherapyClinicalResponse": "0", "neoadjuvTherapyTreatmentEffect": "0", "lnPositiveAxillaryLevel1To2": "00",
    "estrogenReceptorPercntPosOrRange": "090", "progesteroneRecepPrcntPosOrRange": "080", "ki67": "15.0",
    "oncotypeDxRecurrenceScoreInvasiv": "XX9", "oncotypeDxRecurrenceScoreDcis": "XX8", "multigeneSignatureMethod": "8",
    "multigeneSignatureResults": "X8", "responseToNeoadjuvantTherapy": "0", "oncotypeDxRiskLevelInvasive": "8",
    "oncotypeDxRiskLevelDcis": "8",
}


def rec(**changes: str | None) -> dict[str, str]:
    """BASE with items changed; None removes an item."""
    record = dict(BASE)
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record
