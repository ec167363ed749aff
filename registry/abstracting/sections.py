"""The NAACCR sections of an abstract, in form order: what the tumor page and abstract screen show.

Section names follow NAACCR Volume II's chapters (Demographic, Cancer Identification, Stage/Prognostic
Factors, Treatment-1st Course, Follow-up/Recurrence/Death, Text). Items of a record that no section
names are shown under "Other items" so nothing stored is hidden.
"""

from __future__ import annotations

SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("demographics", "Demographics", (
        "patientIdNumber", "nameLast", "nameFirst", "nameMiddle", "nameSuffix", "nameBirthSurname", "nameAlias",
        "dateOfBirth", "sexAssignedAtBirth", "race1", "race2", "race3", "race4", "race5",
        "spanishHispanicOrigin", "socialSecurityNumber", "birthplaceState", "birthplaceCountry",
        "addrCurrentNoStreet", "addrCurrentCity", "addrCurrentState", "addrCurrentPostalCode",
        "addrCurrentCountry", "telephone",
    )),
    ("identification", "Cancer Identification", (
        "reportingFacility", "npiReportingFacility", "medicalRecordNumber", "accessionNumberHosp",
        "tumorRecordNumber", "sequenceNumberHospital", "sequenceNumberCentral", "classOfCase",
        "typeOfReportingSource", "dateOf1stContact", "primaryPayerAtDx", "dateOfDiagnosis", "ageAtDiagnosis",
        "primarySite", "laterality", "histologicTypeIcdO3", "behaviorCodeIcdO3", "diagnosticConfirmation",
        "grade", "addrAtDxNoStreet", "addrAtDxCity", "addrAtDxState", "addrAtDxPostalCode", "addrAtDxCountry",
        "countyAtDx", "physicianManaging", "physicianFollowUp",
    )),
    ("stage", "Stage and Prognostic Factors", (
        "schemaId", "schemaDiscriminator1", "schemaDiscriminator2", "schemaDiscriminator3",
        "gradeClinical", "gradePathological", "gradePostTherapyClin", "gradePostTherapy",
        "tumorSizeSummary", "regionalNodesPositive", "regionalNodesExamined", "eodPrimaryTumor",
        "eodRegionalNodes", "eodMets", "summaryStage2018", "derivedSummaryStage2018",
        "derivedSummaryGrade2018", "derivedEod2018T", "derivedEod2018N", "derivedEod2018M",
        "derivedEod2018StageGroup", "ajccId", "ajccTnmClinT", "ajccTnmClinN", "ajccTnmClinM",
        "ajccTnmClinStageGroup", "ajccTnmPathT", "ajccTnmPathN", "ajccTnmPathM", "ajccTnmPathStageGroup",
        "ajccTnmPostTherapyClinStageGrp", "ajccTnmPostTherapyStageGroup",
    )),
    ("treatment", "First Course of Treatment", (
        "date1stCrsRxCoc", "rxSummTreatmentStatus", "rxDateSurgery", "rxDateMostDefinSurg",
        "rxSummSurgPrimSite2023", "rxSummSurgPrimSite", "rxSummScopeRegLnSur", "rxSummSurgOthRegDis",
        "reasonForNoSurgery", "rxDateRadiation", "rxSummRadiation", "reasonForNoRadiation", "rxDateChemo",
        "rxSummChemo", "rxDateHormone", "rxSummHormone", "rxDateBrm", "rxSummBrm",
    )),
    ("followup", "Follow-up", (
        "dateOfLastContact", "vitalStatus", "cancerStatus", "dateOfLastCancerStatus", "followUpSource",
        "followUpSourceCentral", "causeOfDeath", "icdRevisionNumber",
    )),
    ("text", "Text", (
        "textPrimarySiteTitle", "textHistologyTitle", "textDxProcPe", "textDxProcXRayScan", "textDxProcScopes",
        "textDxProcLabTests", "textDxProcOp", "textDxProcPath", "textStaging", "rxTextSurgery",
        "rxTextRadiation", "rxTextRadiationOther", "rxTextChemo", "rxTextHormone", "rxTextBrm", "rxTextOther",
        "textRemarks", "textPlaceOfDiagnosis",
    )),
)

PATIENT_SECTION = "demographics"


def group_items(items: dict[str, str], *, include_empty: bool = False) -> list[tuple[str, str, list[str]]]:
    """[(key, title, [item ids])] in form order, with an "Other items" section for the rest."""
    named: set[str] = set()
    groups = []
    for key, title, ids in SECTIONS:
        named.update(ids)
        shown = [i for i in ids if include_empty or items.get(i)]
        if shown:
            groups.append((key, title, shown))
    other = sorted(k for k in items if k not in named)
    if other:
        groups.append(("other", "Other items", other))
    return groups
