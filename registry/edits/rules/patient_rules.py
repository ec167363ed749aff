"""Inter-field edits on vital status and cause of death, race, class of case and sequence/confirmation.

Modelled on the NAACCR edits "Vital Status, Cause of Death (NAACCR)", "Cause of Death, ICD Revision Number
(NAACCR)", "Race 1, Race 2, Race 3, Race 4, Race 5 (NAACCR)", the STORE class-of-case definitions and SEER IF23
(Over-ride SeqNo/DxConf). Skip rules are in each docstring.
"""

from __future__ import annotations

import re

from registry.edits import dates
from registry.edits.define import ALL_SETS, HOSPITAL, STATE, edit
from registry.edits.model import Record

VS, COD, ICD = "vitalStatus", "causeOfDeath", "icdRevisionNumber"
_ICD10 = re.compile(r"[A-Z][0-9]{2,3}")
_ICD_NUMERIC = re.compile(r"[0-9]{4}")
_COD_NOT_CODED = ("7777", "7797")


@edit("IF100", "Vital Status, Cause of Death (NAACCR)", (VS, COD),
      message="{@vitalStatus} {vitalStatus} conflicts with {@causeOfDeath} {causeOfDeath}",
      rule="NAACCR #1760/#1910: alive (1) needs cause of death 0000; dead (0) cannot have 0000")
def vital_status_cause(r: Record) -> bool:
    """Skipped if either item is blank."""
    return (r[COD] == "0000") == (r[VS] == "1")


@edit("IF101", "Vital Status, ICD Revision Number (NAACCR)", (VS, ICD),
      message="{@vitalStatus} {vitalStatus} conflicts with {@icdRevisionNumber} {icdRevisionNumber}",
      rule="NAACCR #1920: ICD revision 0 means the patient was alive at last follow-up")
def vital_status_icd_revision(r: Record) -> bool:
    """Skipped if either item is blank."""
    return (r[ICD] == "0") == (r[VS] == "1")


@edit("IF102", "Cause of Death, ICD Revision Number (NAACCR)", (COD, ICD),
      message="{@causeOfDeath} {causeOfDeath} is not a code of {@icdRevisionNumber} {icdRevisionNumber}",
      rule="NAACCR #1910: 0000 alive; ICD-10 codes are a letter and 2-3 digits; ICD-7/8/9 codes are 4 digits; "
           "7777/7797 (certificate not available / not coded) with any revision")
def cause_of_death_revision(r: Record) -> bool:
    """Skipped if either item is blank."""
    cod, rev = r[COD], r[ICD]
    if rev == "0":
        return cod == "0000"
    if cod in _COD_NOT_CODED:
        return True
    if rev == "1":
        return bool(_ICD10.fullmatch(cod))
    return bool(_ICD_NUMERIC.fullmatch(cod)) and cod != "0000"


@edit("IF103", "Vital Status, SEER Cause-Specific COD (SEER)", (VS, "seerCauseSpecificCod"),
      message="{@vitalStatus} 1 (alive) needs {@seerCauseSpecificCod} 0 or 9, not {seerCauseSpecificCod}",
      rule="SEER #1914: a living patient is coded 0 (alive or dead of other cause) or 9 (not first tumor)")
def vital_status_cause_specific(r: Record) -> bool:
    """Skipped if either item is blank."""
    return r[VS] != "1" or r["seerCauseSpecificCod"] in ("0", "9")


@edit("IF104", "Vital Status, SEER Other COD (SEER)", (VS, "seerOtherCod"),
      message="{@vitalStatus} 1 (alive) needs {@seerOtherCod} 0 or 9, not {seerOtherCod}",
      rule="SEER #1915: a living patient is coded 0 (alive or dead of cancer) or 9 (not first tumor)")
def vital_status_other_cause(r: Record) -> bool:
    """Skipped if either item is blank."""
    return r[VS] != "1" or r["seerOtherCod"] in ("0", "9")


@edit("IF105", "Vital Status, Autopsy (NAACCR)", (VS, "autopsy"),
      message="{@vitalStatus} {vitalStatus} conflicts with {@autopsy} {autopsy}",
      rule="NAACCR #1930: 0 (not applicable, patient alive) if and only if the patient is alive")
def vital_status_autopsy(r: Record) -> bool:
    """Skipped if either item is blank."""
    return (r["autopsy"] == "0") == (r[VS] == "1")


@edit("IF106", "Vital Status, Place of Death--State (NAACCR)", (VS, "placeOfDeathState"),
      message="{@vitalStatus} 1 (alive) but {@placeOfDeathState} is {placeOfDeathState}",
      rule="NAACCR #1942: a place of death is recorded only for dead patients")
def alive_no_place_of_death(r: Record) -> bool:
    """Skipped if either item is blank."""
    return r[VS] != "1"


@edit("IF107", "Race 1, Race 2, Race 3, Race 4, Race 5 (NAACCR)", ("race1", "race2", "race3", "race4", "race5"),
      requires=("race1",),
      message="Race codes conflict: {race1}, {race2}, {race3}, {race4}, {race5}",
      rule="NAACCR #160-#164: Race 1 99 needs Race 2-5 99; otherwise Race 2-5 are not 99, 88 (no further race) is "
           "followed only by 88, and a specific race is not repeated")
def race_codes(r: Record) -> bool:
    """Skipped if Race 1 is blank; blank Race 2-5 are not checked."""
    others = [r.get(f"race{i}", "") for i in range(2, 6)]
    if r["race1"] == "99":
        return all(code in ("99", "") for code in others)
    if "99" in others or r["race1"] == "88":
        return False
    seen_88 = False
    for code in others:
        if seen_88 and code not in ("88", ""):
            return False
        seen_88 = seen_88 or code == "88"
    specific = [c for c in [r["race1"], *others] if c not in ("88", "")]
    return len(specific) == len(set(specific))


@edit("IF108", "Class of Case, Type of Reporting Source (NAACCR)", ("classOfCase", "typeOfReportingSource"),
      sets=frozenset({HOSPITAL, STATE}),
      message="{@classOfCase} {classOfCase} conflicts with {@typeOfReportingSource} {typeOfReportingSource}",
      rule="STORE/NAACCR: class 38 (diagnosed at autopsy) is reporting source 6 (autopsy only); class 49 (death "
           "certificate only) is reporting source 7")
def class_and_source(r: Record) -> bool:
    """Skipped if either item is blank."""
    cls, source = r["classOfCase"], r["typeOfReportingSource"]
    if cls == "38":
        return source == "6"
    return cls != "49" or source == "7"


# STORE classes of case whose initial diagnosis was at the reporting facility itself (not a staff physician's office).
DIAGNOSED_AT_FACILITY = frozenset({"00", "13", "14"})


@edit("IF109", "Class of Case 20-22, Date of 1st Contact, Date of Diagnosis (COC)",
      ("classOfCase", "dateOf1stContact", "dateOfDiagnosis"), severity="warning", sets=frozenset({HOSPITAL}),
      message="{@classOfCase} {classOfCase} (diagnosed elsewhere) but {@dateOf1stContact} {dateOf1stContact} is "
              "before {@dateOfDiagnosis} {dateOfDiagnosis}",
      rule="STORE classes 20-22: diagnosed elsewhere, so the first contact with this facility follows diagnosis")
def diagnosed_elsewhere_first_contact(r: Record) -> bool:
    """Skipped if any item is blank or a date is invalid."""
    return r["classOfCase"] not in ("20", "21", "22") or not dates.out_of_order(r["dateOfDiagnosis"],
                                                                                r["dateOf1stContact"])


@edit("IF110", "Class of Case 00, 13, 14, Date of 1st Contact, Date of Diagnosis (COC)",
      ("classOfCase", "dateOf1stContact", "dateOfDiagnosis"), severity="warning", sets=frozenset({HOSPITAL}),
      message="{@classOfCase} {classOfCase} (diagnosed at this facility) but {@dateOf1stContact} {dateOf1stContact} "
              "is after {@dateOfDiagnosis} {dateOfDiagnosis}",
      rule="STORE classes 00, 13, 14: initial diagnosis at the reporting facility, and Date of First Contact is the "
           "first inpatient/outpatient encounter for diagnosis or treatment, so it is on or before diagnosis. Classes "
           "10-12 are not checked: they include diagnosis in a staff physician's office, where first contact is the "
           "later date the patient is first seen at the facility")
def diagnosed_here_first_contact(r: Record) -> bool:
    """Skipped if any item is blank or a date is invalid, or the class is not 00, 13 or 14."""
    return r["classOfCase"] not in DIAGNOSED_AT_FACILITY or not dates.out_of_order(
        r["dateOf1stContact"], r["dateOfDiagnosis"])


def _multiple_without_microscopic(seq: str, conf: str) -> bool:
    return seq.isdigit() and "01" <= seq <= "59" and conf in ("5", "6", "7", "8", "9")


@edit("IF111", "Seq Num--Central, Diagnostic Confirmation (modelled on SEER IF23)",
      ("sequenceNumberCentral", "diagnosticConfirmation"), override="overRideSeqnoDxconf", sets=frozenset({STATE}),
      message="{@sequenceNumberCentral} {sequenceNumberCentral} shows more than one primary but "
              "{@diagnosticConfirmation} is {diagnosticConfirmation} (not microscopic): review",
      rule="SEER IF23 (Over-ride SeqNo/DxConf #2000): a multiple primary without microscopic confirmation needs "
           "review")
def central_sequence_confirmation(r: Record) -> bool:
    """Skipped if either item is blank, the sequence is 00 or 60+, or Over-ride SeqNo/DxConf = 1."""
    return not _multiple_without_microscopic(r["sequenceNumberCentral"], r["diagnosticConfirmation"])


@edit("IF112", "Seq Num--Hosp, Diagnostic Confirmation (COC)", ("sequenceNumberHospital", "diagnosticConfirmation"),
      override="overRideHospseqDxconf", sets=frozenset({HOSPITAL}),
      message="{@sequenceNumberHospital} {sequenceNumberHospital} shows more than one primary but "
              "{@diagnosticConfirmation} is {diagnosticConfirmation} (not microscopic): review",
      rule="Hospital version of SEER IF23 (Over-ride HospSeq/DxConf #1986)")
def hospital_sequence_confirmation(r: Record) -> bool:
    """Skipped if either item is blank, the sequence is 00 or 60+, or Over-ride HospSeq/DxConf = 1."""
    return not _multiple_without_microscopic(r["sequenceNumberHospital"], r["diagnosticConfirmation"])


@edit("IF113", "Age at Diagnosis, range (NAACCR)", ("ageAtDiagnosis",), sets=ALL_SETS,
      message="{@ageAtDiagnosis} {ageAtDiagnosis} must be 000-120 or 999 (unknown)",
      rule="NAACCR #230: 000-120 years, 999 unknown")
def age_range(r: Record) -> bool:
    """Skipped if Age at Diagnosis is blank."""
    age = r["ageAtDiagnosis"]
    return len(age) == 3 and age.isdigit() and (age <= "120" or age == "999")
