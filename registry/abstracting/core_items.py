"""The NAACCR items kept as typed, indexed columns (the rest of a record lives in a JSON column).

The list is the core abstract of a hospital/central registry (v26 ids; docs: shared naaccr-formats.md
section 6) plus the few items follow-up and the screens filter on (middle name, current street and
country, managing physician, derived grade). Every other item of any dictionary, and user-defined
items, round-trip through ``extra_items``.
"""

PATIENT_ITEMS: tuple[str, ...] = (
    "patientIdNumber", "nameLast", "nameFirst", "nameBirthSurname", "dateOfBirth", "sexAssignedAtBirth",
    "race1", "race2", "race3", "race4", "race5", "spanishHispanicOrigin", "socialSecurityNumber",
    "birthplaceState", "birthplaceCountry", "addrCurrentCity", "addrCurrentState", "addrCurrentPostalCode",
    "dateOfLastContact", "vitalStatus", "followUpSourceCentral", "causeOfDeath", "icdRevisionNumber",
    "nameMiddle", "nameSuffix", "addrCurrentNoStreet", "addrCurrentCountry", "telephone", "nameAlias",
)

TUMOR_ITEMS: tuple[str, ...] = (
    "medicalRecordNumber", "addrAtDxNoStreet", "addrAtDxCity", "addrAtDxState", "addrAtDxPostalCode",
    "countyAtDx", "tumorRecordNumber", "sequenceNumberCentral", "sequenceNumberHospital",
    "accessionNumberHosp", "classOfCase", "reportingFacility", "npiReportingFacility", "typeOfReportingSource",
    "dateOf1stContact", "primaryPayerAtDx", "dateOfDiagnosis", "ageAtDiagnosis", "primarySite", "laterality",
    "histologicTypeIcdO3", "behaviorCodeIcdO3", "grade", "gradeClinical", "gradePathological",
    "gradePostTherapyClin", "gradePostTherapy", "diagnosticConfirmation", "tumorSizeSummary",
    "regionalNodesPositive", "regionalNodesExamined", "schemaId", "schemaDiscriminator1",
    "schemaDiscriminator2", "schemaDiscriminator3", "summaryStage2018", "eodPrimaryTumor", "eodRegionalNodes",
    "eodMets", "derivedSummaryStage2018", "derivedEod2018T", "derivedEod2018N", "derivedEod2018M",
    "derivedEod2018StageGroup", "ajccId", "ajccTnmClinT", "ajccTnmClinN", "ajccTnmClinM",
    "ajccTnmClinStageGroup", "ajccTnmPathT", "ajccTnmPathN", "ajccTnmPathM", "ajccTnmPathStageGroup",
    "ajccTnmPostTherapyStageGroup", "ajccTnmPostTherapyClinStageGrp", "rxSummSurgPrimSite",
    "rxSummSurgPrimSite2023", "rxSummScopeRegLnSur", "rxSummSurgOthRegDis", "rxDateSurgery",
    "rxDateMostDefinSurg", "reasonForNoSurgery", "rxSummRadiation", "rxDateRadiation", "reasonForNoRadiation",
    "rxSummChemo", "rxDateChemo", "rxSummHormone", "rxDateHormone", "rxSummBrm", "rxDateBrm",
    "rxSummTreatmentStatus", "date1stCrsRxCoc", "cancerStatus", "dateOfLastCancerStatus", "followUpSource",
    "textDxProcPe", "textDxProcXRayScan", "textDxProcScopes", "textDxProcLabTests", "textDxProcOp",
    "textDxProcPath", "textPrimarySiteTitle", "textHistologyTitle", "textStaging", "rxTextSurgery",
    "rxTextRadiation", "rxTextRadiationOther", "rxTextChemo", "rxTextHormone", "rxTextBrm", "rxTextOther",
    "textRemarks", "textPlaceOfDiagnosis", "addrAtDxCountry", "physicianManaging", "physicianFollowUp",
    "derivedSummaryGrade2018", "dateCaseCompleted", "dateCaseLastChanged",
)

# NaaccrData-level items are per file, kept with the import record, never on a patient.
FILE_ITEMS: tuple[str, ...] = (
    "recordType", "registryId", "naaccrRecordVersion",
)

# Items given their own database index (searches, queues, follow-up and report filters).
INDEXED_ITEMS: frozenset[str] = frozenset({
    "patientIdNumber", "socialSecurityNumber", "dateOfBirth", "medicalRecordNumber", "accessionNumberHosp",
    "primarySite", "histologicTypeIcdO3", "classOfCase", "reportingFacility", "dateOfDiagnosis",
    "dateOfLastContact", "vitalStatus", "schemaId", "physicianManaging",
})
