"""Inter-field date edits: birth <= diagnosis <= last contact, treatment and event dates inside that span.

Modelled on the NAACCR date-order edits ("Date of Diagnosis, Date of Last Contact (NAACCR)", "RX Date Surgery,
Date of Diagnosis (NAACCR)", "RX Date Surgery, Date Last Contact (NAACCR)", "Age, Birth Date, Date of Diagnosis
(SEER IF13)" ...). Dates are compared on the parts known in both (registry/edits/dates.py); every edit is
skipped when the dates it compares are blank or invalid (the invalid date is reported by G002 instead).
"""

from __future__ import annotations

from registry.edits import dates
from registry.edits.define import ALL_SETS, HOSPITAL, REVIEW_SETS, edit
from registry.edits.model import Record

DX, DOB, DLC = "dateOfDiagnosis", "dateOfBirth", "dateOfLastContact"


@edit("IF001", "Date of Birth, Date of Diagnosis (NAACCR)", (DOB, DX),
      message="{@dateOfBirth} {dateOfBirth} is after {@dateOfDiagnosis} {dateOfDiagnosis}",
      rule="NAACCR: Date of Birth must be on or before Date of Diagnosis")
def birth_before_diagnosis(r: Record) -> bool:
    """Skipped if either date is blank or invalid."""
    return not dates.out_of_order(r[DOB], r[DX])


@edit("IF002", "Date of Diagnosis, Date of Last Contact (NAACCR)", (DX, DLC),
      message="{@dateOfDiagnosis} {dateOfDiagnosis} is after {@dateOfLastContact} {dateOfLastContact}",
      rule="NAACCR: Date of Diagnosis must be on or before Date of Last Contact")
def diagnosis_before_last_contact(r: Record) -> bool:
    """Skipped if either date is blank or invalid."""
    return not dates.out_of_order(r[DX], r[DLC])


@edit("IF003", "Date of Birth, Date of Last Contact (NAACCR)", (DOB, DLC),
      message="{@dateOfBirth} {dateOfBirth} is after {@dateOfLastContact} {dateOfLastContact}",
      rule="NAACCR: Date of Birth must be on or before Date of Last Contact")
def birth_before_last_contact(r: Record) -> bool:
    """Skipped if either date is blank or invalid."""
    return not dates.out_of_order(r[DOB], r[DLC])


@edit("IF004", "Age, Birth Date, Date of Diagnosis (modelled on SEER IF13)", ("ageAtDiagnosis", DOB, DX),
      message="{@ageAtDiagnosis} {ageAtDiagnosis} does not match {@dateOfBirth} {dateOfBirth} and "
              "{@dateOfDiagnosis} {dateOfDiagnosis}",
      rule="SEER IF13: Age at Diagnosis equals the whole years from Date of Birth to Date of Diagnosis")
def age_matches_dates(r: Record) -> bool:
    """Skipped if any item is blank or a date is invalid. With partial dates, either possible age passes;
    999 (unknown) fails when both dates are known, as the age can then be computed."""
    birth, dx = dates.parse(r[DOB]), dates.parse(r[DX])
    if birth is None or dx is None:
        return True
    low, high = dates.age_range(birth, dx)
    age = r["ageAtDiagnosis"]
    return age.isdigit() and age != "999" and max(low, 0) <= int(age) <= max(high, 0)


def _between_edit(edit_id: str, item: str, label: str, sets: frozenset[str] = ALL_SETS) -> None:
    """Register "<item>, Date of Diagnosis, Date of Last Contact": DX <= item <= DLC."""
    def check(r: Record) -> bool:
        value = r[item]
        return not (dates.out_of_order(r.get(DX), value) or dates.out_of_order(value, r.get(DLC)))
    check.__doc__ = (f"{label} must fall between Date of Diagnosis and Date of Last Contact. Skipped if {label} "
                     "is blank or invalid; a blank diagnosis or last-contact date is not compared.")
    edit(edit_id, f"{label}, Date of DX, Date Last Contact (NAACCR)", (item, DX, DLC), requires=(item,), sets=sets,
         message=f"{{@{item}}} {{{item}}} is not between {{@dateOfDiagnosis}} {{dateOfDiagnosis}} and "
                 "{@dateOfLastContact} {dateOfLastContact}",
         rule=f"NAACCR: {label} >= Date of Diagnosis and <= Date of Last Contact")(check)


BETWEEN_DX_AND_LAST_CONTACT = (
    ("IF005", "rxDateSurgery", "RX Date--Surgery"),
    ("IF006", "rxDateMostDefinSurg", "RX Date--Most Defin Surg"),
    ("IF007", "rxDateSurgicalDisch", "RX Date--Surgical Disch"),
    ("IF008", "rxDateRadiation", "RX Date--Radiation"),
    ("IF009", "rxDateRadiationEnded", "RX Date--Radiation Ended"),
    ("IF010", "rxDateChemo", "RX Date--Chemo"),
    ("IF011", "rxDateHormone", "RX Date--Hormone"),
    ("IF012", "rxDateBrm", "RX Date--BRM"),
    ("IF013", "rxDateOther", "RX Date--Other"),
    ("IF014", "rxDateSystemic", "RX Date--Systemic"),
    ("IF015", "date1stCrsRxCoc", "Date of 1st Crs RX--CoC"),
    ("IF016", "dateInitialRxSeer", "Date Initial RX SEER"),
    ("IF017", "dateSentinelLymphNodeBiopsy", "Date of Sentinel Lymph Node Biopsy"),
    ("IF018", "dateRegionalLNDissection", "Date Regional Lymph Node Dissection"),
    ("IF019", "recurrenceDate1st", "Recurrence Date--1st"),
    ("IF020", "dateOfLastCancerStatus", "Date of Last Cancer (tumor) Status"),
    ("IF021", "dateConclusiveDx", "Date Conclusive DX"),
    ("IF022", "dateOfMultTumors", "Date of Multiple Tumors"),
)
for _id, _item, _label in BETWEEN_DX_AND_LAST_CONTACT:
    _between_edit(_id, _item, _label)


def _order_edit(edit_id: str, first: str, second: str, name: str, sets: frozenset[str] = ALL_SETS) -> None:
    """Register "<first>, <second>": first <= second."""
    def check(r: Record) -> bool:
        return not dates.out_of_order(r[first], r[second])
    check.__doc__ = f"{name}: the first date must not be after the second. Skipped if either is blank or invalid."
    edit(edit_id, f"{name} (NAACCR)", (first, second),
         message=f"{{@{first}}} {{{first}}} is after {{@{second}}} {{{second}}}",
         rule=f"NAACCR date order: {first} <= {second}", sets=sets)(check)


_order_edit("IF023", "rxDateRadiation", "rxDateRadiationEnded", "RX Date Radiation, RX Date Rad Ended")
_order_edit("IF024", "rxDateMostDefinSurg", "rxDateSurgicalDisch", "RX Date Mst Defn Srg, RX Date Surg Disch")
_order_edit("IF025", "rxDateSurgery", "rxDateMostDefinSurg", "RX Date Surgery, RX Date Mst Defn Srg")
_order_edit("IF026", "dateOfInptAdm", "dateOfInptDisch", "Date of Inpatient Adm, Date of Inpatient Disch",
            sets=frozenset({HOSPITAL}))
_order_edit("IF027", DOB, "rxDateDxStgProc", "Date of Birth, RX Date Dx/Stg Proc")
_order_edit("IF028", "rxDateDxStgProc", DLC, "RX Date Dx/Stg Proc, Date of Last Contact")
_order_edit("IF029", "dateOf1stContact", DLC, "Date of 1st Contact, Date of Last Contact", sets=frozenset({HOSPITAL}))
_order_edit("IF030", DOB, "dateOf1stContact", "Date of Birth, Date of 1st Contact", sets=frozenset({HOSPITAL}))


@edit("IF031", "Ambiguous Terminology DX, Date of Conclusive DX (NAACCR)",
      ("ambiguousTerminologyDx", "dateConclusiveDx"), requires=("ambiguousTerminologyDx",), sets=REVIEW_SETS,
      message="{@ambiguousTerminologyDx} {ambiguousTerminologyDx} conflicts with {@dateConclusiveDx} "
              "{dateConclusiveDx}",
      rule="NAACCR items #442/#443: a conclusive date exists only when ambiguous terms were followed by a "
           "conclusive one (code 2)")
def conclusive_date_only_after_ambiguous(r: Record) -> bool:
    """Skipped if Ambiguous Terminology DX is blank. Code 2 needs Date of Conclusive DX; codes 0 and 1 must not
    have one (code 9 is not checked: the date may be unknown)."""
    code, conclusive = r["ambiguousTerminologyDx"], r.get("dateConclusiveDx", "")
    if code == "2":
        return bool(conclusive)
    if code in ("0", "1"):
        return not conclusive
    return True
