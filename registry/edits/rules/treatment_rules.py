"""Inter-field edits on first-course treatment: surgery codes by site, codes against dates, reasons, sequences.

Surgery codes follow the SEER site-specific surgery tables (2023 and 2024 coding manuals, registry/edits/data);
the 2003-2022 two-digit codes are the 2023 tables' ``A`` codes without the prefix and trailing zero. Code/date and
code/reason consistency follows the STORE/SEER coding rules for the items named (NAACCR "RX Date--Chemo,
RX Summ--Chemo (NAACCR)" style edits). Every edit is skipped when the items it needs are blank.
"""

from __future__ import annotations

from registry.edits import dates, tables
from registry.edits.define import HOSPITAL, REVIEW_SETS, STATE, edit
from registry.edits.model import Record

SITE, DX = "primarySite", "dateOfDiagnosis"
SURG, SURG23 = "rxSummSurgPrimSite", "rxSummSurgPrimSite2023"
NO_SURGERY = frozenset({"00", "A000", "B000"})
NOT_PERFORMED = frozenset({"00", "98", "99", "A000", "B000", "A980", "B980", "A990", "B990"})


def _surgery_code(r: Record) -> str:
    """The summary surgery code, 2023+ item first."""
    return r.get(SURG23) or r.get(SURG) or ""


def _surgery_2023_valid(site: str, code: str, dx: str) -> bool:
    year = dates.year_of(dx)
    if year is None or year < 2023:
        return True
    table = tables.surgery_tables("2023" if year == 2023 else "2024").get(site)
    return table is None or code in table.codes


def _surgery_legacy_valid(site: str, code: str, dx: str) -> bool:
    year = dates.year_of(dx)
    if year is None or not 2003 <= year <= 2022:
        return True
    codes = tables.legacy_surgery_codes().get(site)
    return codes is None or code in codes


@edit("IF070", "Primary Site, RX Summ--Surg Prim Site 2023 (SEER)", (SITE, SURG23, DX),
      message="{@rxSummSurgPrimSite2023} {rxSummSurgPrimSite2023} is not in the surgery table for {@primarySite} "
              "{primarySite} (diagnosed {dateOfDiagnosis})",
      rule="SEER Coding Manual 2023/2024 site-specific surgery tables (dx 2023: 2023 table, dx 2024+: 2024 table)")
def summary_surgery_2023(r: Record) -> bool:
    """Skipped if any item is blank, the date invalid or before 2023."""
    return _surgery_2023_valid(r[SITE], r[SURG23], r[DX])


@edit("IF071", "Primary Site, RX Hosp--Surg Prim Site 2023 (COC)", (SITE, "rxHospSurgPrimSite2023", DX),
      sets=frozenset({HOSPITAL}),
      message="{@rxHospSurgPrimSite2023} {rxHospSurgPrimSite2023} is not in the surgery table for {@primarySite} "
              "{primarySite} (diagnosed {dateOfDiagnosis})",
      rule="SEER/STORE site-specific surgery tables 2023 and 2024")
def hospital_surgery_2023(r: Record) -> bool:
    """Skipped if any item is blank, the date invalid or before 2023."""
    return _surgery_2023_valid(r[SITE], r["rxHospSurgPrimSite2023"], r[DX])


@edit("IF072", "Primary Site, RX Summ--Surg Prim Site 03-2022 (SEER)", (SITE, SURG, DX),
      message="{@rxSummSurgPrimSite} {rxSummSurgPrimSite} is not a surgery code for {@primarySite} {primarySite} "
              "(diagnosed {dateOfDiagnosis})",
      rule="SEER site-specific surgery codes 2003-2022 (the 2023 tables' A codes); skin is not checked")
def summary_surgery_legacy(r: Record) -> bool:
    """Skipped if any item is blank, the date invalid or outside 2003-2022, or the site is skin (C44)."""
    return _surgery_legacy_valid(r[SITE], r[SURG], r[DX])


@edit("IF073", "Primary Site, RX Hosp--Surg Prim Site 03-2022 (COC)", (SITE, "rxHospSurgPrimSite", DX),
      sets=frozenset({HOSPITAL}),
      message="{@rxHospSurgPrimSite} {rxHospSurgPrimSite} is not a surgery code for {@primarySite} {primarySite} "
              "(diagnosed {dateOfDiagnosis})",
      rule="SEER/ROADS-FORDS site-specific surgery codes 2003-2022 (the 2023 tables' A codes)")
def hospital_surgery_legacy(r: Record) -> bool:
    """Skipped if any item is blank, the date invalid or outside 2003-2022, or the site is skin (C44)."""
    return _surgery_legacy_valid(r[SITE], r["rxHospSurgPrimSite"], r[DX])


@edit("IF074", "RX Summ--Surg Prim Site 2023, Date of Diagnosis (NAACCR)", (SURG23, DX), severity="warning",
      message="{@rxSummSurgPrimSite2023} is for cases diagnosed 2023 or later, not {dateOfDiagnosis}",
      rule="NAACCR v23: item #1291 is coded for dx 2023+, item #1290 for dx before 2023")
def surgery_2023_item_year(r: Record) -> bool:
    """Skipped if either item is blank or the date invalid."""
    year = dates.year_of(r[DX])
    return year is None or year >= 2023


@edit("IF075", "RX Summ--Surg Prim Site 03-2022, Date of Diagnosis (NAACCR)", (SURG, DX), severity="warning",
      message="{@rxSummSurgPrimSite} is for cases diagnosed before 2023, not {dateOfDiagnosis}",
      rule="NAACCR v23: item #1290 is coded for dx before 2023, item #1291 for dx 2023+")
def surgery_legacy_item_year(r: Record) -> bool:
    """Skipped if either item is blank or the date invalid."""
    year = dates.year_of(r[DX])
    return year is None or year < 2023


@edit("IF076", "Reason for No Surgery, RX Summ--Surg Prim Site (NAACCR)", ("reasonForNoSurgery", SURG23, SURG),
      requires=("reasonForNoSurgery",),
      message="{@reasonForNoSurgery} {reasonForNoSurgery} conflicts with the surgery code "
              "{rxSummSurgPrimSite2023}{rxSummSurgPrimSite}",
      rule="STORE/SEER: surgery performed needs Reason for No Surgery 0; no surgery (00/A000/B000) cannot have 0")
def reason_no_surgery(r: Record) -> bool:
    """Skipped if Reason for No Surgery is blank or no surgery code is present; codes 98/99 (and A980/A990) are
    not checked."""
    code, reason = _surgery_code(r), r["reasonForNoSurgery"]
    if not code:
        return True
    if code in NO_SURGERY:
        return reason != "0"
    return code in NOT_PERFORMED or reason == "0"


@edit("IF077", "RX Date--Most Defin Surg, RX Summ--Surg Prim Site (NAACCR)", ("rxDateMostDefinSurg", SURG23, SURG),
      requires=("rxDateMostDefinSurg",),
      message="{@rxDateMostDefinSurg} {rxDateMostDefinSurg} is given but the surgery code "
              "{rxSummSurgPrimSite2023}{rxSummSurgPrimSite} says no surgery was performed",
      rule="STORE: the date of most definitive surgery is blank when no surgery of the primary site was done")
def surgery_date_needs_surgery(r: Record) -> bool:
    """Skipped if the date is blank or no surgery code is present."""
    code = _surgery_code(r)
    return not code or code not in NOT_PERFORMED


def _date_needs_code(edit_id: str, name: str, date_item: str, code_item: str, given: frozenset[str]) -> None:
    """Register "<date>, <code>": a treatment date is present only when the code says treatment was given."""
    def check(r: Record) -> bool:
        return r[code_item] in given
    check.__doc__ = f"Skipped if {date_item} or {code_item} is blank."
    edit(edit_id, f"{name} (NAACCR)", (date_item, code_item),
         message=f"{{@{date_item}}} {{{date_item}}} is given but {{@{code_item}}} is {{{code_item}}}",
         rule=f"NAACCR/STORE: {date_item} is recorded only when {code_item} is one of {', '.join(sorted(given))}"
         )(check)


_date_needs_code("IF078", "RX Date--Chemo, RX Summ--Chemo", "rxDateChemo", "rxSummChemo", frozenset({"01", "02", "03"}))
_date_needs_code("IF079", "RX Date--Hormone, RX Summ--Hormone", "rxDateHormone", "rxSummHormone", frozenset({"01"}))
_date_needs_code("IF080", "RX Date--BRM, RX Summ--BRM", "rxDateBrm", "rxSummBrm", frozenset({"01"}))
_date_needs_code("IF081", "RX Date--Other, RX Summ--Other", "rxDateOther", "rxSummOther", frozenset("1236"))
_date_needs_code("IF082", "RX Date--Radiation, Phase I Radiation Treatment Modality", "rxDateRadiation",
                 "phase1RadiationTreatmentModality",
                 frozenset({f"{n:02d}" for n in range(1, 17)} | {"98"}))


@edit("IF083", "Reason for No Radiation, Phase I Rad Treatment Modality (NAACCR)",
      ("reasonForNoRadiation", "phase1RadiationTreatmentModality"),
      message="{@reasonForNoRadiation} {reasonForNoRadiation} conflicts with "
              "{@phase1RadiationTreatmentModality} {phase1RadiationTreatmentModality}",
      rule="STORE: radiation given (modality 01-16, 98) needs Reason for No Radiation 0; no radiation (00) "
           "cannot have 0")
def reason_no_radiation(r: Record) -> bool:
    """Skipped if either item is blank; modality 99 (unknown) is not checked."""
    modality, reason = r["phase1RadiationTreatmentModality"], r["reasonForNoRadiation"]
    if modality == "00":
        return reason != "0"
    return modality == "99" or reason == "0"


def _treatment_given(r: Record) -> bool:
    code = _surgery_code(r)
    return bool((code and code not in NOT_PERFORMED)
                or r.get("rxSummChemo") in ("01", "02", "03") or r.get("rxSummHormone") == "01"
                or r.get("rxSummBrm") == "01" or r.get("rxSummOther") in ("1", "2", "3", "6")
                or r.get("phase1RadiationTreatmentModality", "00") not in ("00", "99", ""))


@edit("IF084", "RX Summ--Treatment Status, treatment items (NAACCR)",
      ("rxSummTreatmentStatus", SURG23, SURG, "rxSummChemo", "rxSummHormone", "rxSummBrm", "rxSummOther",
       "phase1RadiationTreatmentModality"), requires=("rxSummTreatmentStatus",),
      message="{@rxSummTreatmentStatus} {rxSummTreatmentStatus} says no treatment, but a first-course treatment "
              "item shows treatment given",
      rule="NAACCR #1285: 0 (no treatment) and 2 (active surveillance) cannot go with treatment given")
def treatment_status(r: Record) -> bool:
    """Skipped if Treatment Status is blank."""
    return r["rxSummTreatmentStatus"] not in ("0", "2") or not _treatment_given(r)


@edit("IF085", "Regional Nodes Examined, Regional Nodes Positive (NAACCR)",
      ("regionalNodesExamined", "regionalNodesPositive"),
      message="{@regionalNodesPositive} {regionalNodesPositive} conflicts with {@regionalNodesExamined} "
              "{regionalNodesExamined}",
      rule="NAACCR #820/#830: positive nodes cannot exceed nodes examined; no nodes examined (00) needs "
           "positive 98")
def regional_nodes(r: Record) -> bool:
    """Skipped if either item is blank."""
    exam, pos = r["regionalNodesExamined"], r["regionalNodesPositive"]
    if exam == "00":
        return pos == "98"
    if exam.isdigit() and pos.isdigit() and exam <= "90" and pos <= "90":
        return pos <= exam
    return True


@edit("IF086", "Sentinel Lymph Nodes Examined, Sentinel Lymph Nodes Positive (NAACCR)",
      ("sentinelLymphNodesExamined", "sentinelLymphNodesPositive"),
      message="{@sentinelLymphNodesPositive} {sentinelLymphNodesPositive} conflicts with "
              "{@sentinelLymphNodesExamined} {sentinelLymphNodesExamined}",
      rule="NAACCR #834/#835: positive sentinel nodes cannot exceed those examined; 00 examined needs 98 positive")
def sentinel_nodes(r: Record) -> bool:
    """Skipped if either item is blank."""
    exam, pos = r["sentinelLymphNodesExamined"], r["sentinelLymphNodesPositive"]
    if exam == "00":
        return pos == "98"
    if exam.isdigit() and pos.isdigit() and exam <= "90" and pos <= "90":
        return pos <= exam
    return True


@edit("IF087", "RX Summ--Scope Reg LN Sur, Regional Nodes Examined (NAACCR)",
      ("rxSummScopeRegLnSur", "regionalNodesExamined"), severity="warning",
      message="{@rxSummScopeRegLnSur} 0 (no nodes removed) but {@regionalNodesExamined} is {regionalNodesExamined}",
      rule="STORE: no regional lymph node surgery (scope 0) goes with nodes examined 00 or 99")
def scope_and_nodes(r: Record) -> bool:
    """Skipped if either item is blank."""
    return r["rxSummScopeRegLnSur"] != "0" or r["regionalNodesExamined"] in ("00", "99")


def _any_surgery(r: Record) -> bool:
    code = _surgery_code(r)
    return bool((code and code not in NOT_PERFORMED) or r.get("rxSummScopeRegLnSur", "0") not in ("0", "9", "")
                or r.get("rxSummSurgOthRegDis", "0") not in ("0", "9", ""))


@edit("IF088", "RX Summ--Surg/Rad Seq, surgery items (NAACCR)",
      ("rxSummSurgRadSeq", SURG23, SURG, "rxSummScopeRegLnSur", "rxSummSurgOthRegDis"), requires=("rxSummSurgRadSeq",),
      message="{@rxSummSurgRadSeq} {rxSummSurgRadSeq} orders radiation and surgery, but no surgery is coded",
      rule="STORE: Surgery/Radiation sequence 2-7 needs surgery of the primary site, regional nodes or other sites")
def surgery_radiation_sequence(r: Record) -> bool:
    """Skipped if the sequence is blank, 0 or 9."""
    return r["rxSummSurgRadSeq"] not in ("2", "3", "4", "5", "6", "7") or _any_surgery(r)


@edit("IF089", "RX Summ--Systemic/Sur Seq, surgery items (NAACCR)",
      ("rxSummSystemicSurSeq", SURG23, SURG, "rxSummScopeRegLnSur", "rxSummSurgOthRegDis"),
      requires=("rxSummSystemicSurSeq",),
      message="{@rxSummSystemicSurSeq} {rxSummSystemicSurSeq} orders systemic therapy and surgery, but no surgery is "
              "coded",
      rule="STORE: Systemic/Surgery sequence 2-6 needs surgery of the primary site, regional nodes or other sites")
def systemic_surgery_sequence(r: Record) -> bool:
    """Skipped if the sequence is blank, 0 or 9."""
    return r["rxSummSystemicSurSeq"] not in ("2", "3", "4", "5", "6") or _any_surgery(r)


@edit("IF090", "RX Summ--Surg Prim Site, Diagnostic Confirmation (modelled on SEER IF76)",
      ("diagnosticConfirmation", SURG23, SURG), requires=("diagnosticConfirmation",), override="overRideSurgDxconf",
      sets=REVIEW_SETS,
      message="Surgical resection ({rxSummSurgPrimSite2023}{rxSummSurgPrimSite}) but {@diagnosticConfirmation} is "
              "{diagnosticConfirmation} (not microscopic): review",
      rule="SEER IF76 (Over-ride Surg/DxConf #2020): a resected primary (surgery 20-90) is normally confirmed "
           "microscopically")
def resection_confirmation(r: Record) -> bool:
    """Skipped if confirmation is blank, no surgery code is present, or Over-ride Surg/DxConf = 1."""
    code = _surgery_code(r)
    resected = ("20" <= code <= "90") if len(code) == 2 else (len(code) == 4 and "200" <= code[1:] <= "900")
    return not resected or r["diagnosticConfirmation"] in ("1", "2", "3", "4")


@edit("IF091", "Class of Case, RX Summ--Surg Prim Site: autopsy (COC)", ("classOfCase", SURG23, SURG),
      requires=("classOfCase",), sets=frozenset({HOSPITAL, STATE}),
      message="{@classOfCase} 38 (diagnosed at autopsy) cannot have surgery "
              "{rxSummSurgPrimSite2023}{rxSummSurgPrimSite}",
      rule="STORE class 38: initial diagnosis at autopsy - no first-course treatment")
def autopsy_no_surgery(r: Record) -> bool:
    """Skipped if Class of Case is blank or no surgery code is present."""
    code = _surgery_code(r)
    return r["classOfCase"] != "38" or not code or code in NO_SURGERY


@edit("IF092", "Class of Case 00, RX Hosp--Surg Prim Site (COC)", ("classOfCase", "rxHospSurgPrimSite2023"),
      severity="warning", sets=frozenset({HOSPITAL}),
      message="{@classOfCase} 00 (all first-course treatment elsewhere) but this facility coded surgery "
              "{rxHospSurgPrimSite2023}",
      rule="STORE class 00: diagnosed here, all first-course treatment elsewhere - no hospital surgery")
def class_00_no_hospital_surgery(r: Record) -> bool:
    """Skipped if either item is blank."""
    return r["classOfCase"] != "00" or r["rxHospSurgPrimSite2023"] in NOT_PERFORMED

