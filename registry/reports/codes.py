"""Report categories: how NAACCR codes are grouped for tables and charts, with their labels.

* Sex: sexAssignedAtBirth (NAACCR item 225) 1 male, 2 female; every other code is "other/unknown" and has no
  population denominator.
* Race: the SEER population-file race groups (seer.cancer.gov/popdata/popdic.html) from race1 (item 160):
  01 White -> "1", 02 Black -> "2", 03 American Indian/Alaska Native and 04-97 Asian or Pacific Islander ->
  "3" Other; 98 (other) and 99 (unknown) -> "9" unknown. Expanded-race population files (3 AIAN, 4 API) are
  summed into "3" so tumors and denominators agree.
* Stage: Summary Stage 2018 (derivedSummaryStage2018, else summaryStage2018; items 762/764) in SEER's combined
  groups: 0 in situ, 1 localized, 2-4 regional, 7 distant, 8/9/blank unknown or not applicable.
* Behavior for incidence (SEER*Stat "malignant behavior" selection): behavior 3, plus in situ (2) urinary
  bladder (C670-C679), as SEER counts bladder in situ in incidence.
"""

from __future__ import annotations

from registry.reports.populations import AGE_LABELS

SEX_LABELS = {"1": "Male", "2": "Female", "9": "Other/unknown"}
RACE_LABELS = {"1": "White", "2": "Black", "3": "Other (AIAN, API)", "9": "Unknown"}
STAGE_LABELS = {"0": "In situ", "1": "Localized", "2": "Regional", "7": "Distant", "9": "Unknown/unstaged"}
STAGE_GROUP = {"0": "0", "1": "1", "2": "2", "3": "2", "4": "2", "7": "7"}
CLASS_LABELS = {
    "00": "00 Dx here, all Rx elsewhere", "10": "10 Dx here, Rx elsewhere", "11": "11 Dx in office, Rx here",
    "12": "12 Dx in office, Rx here", "13": "13 Dx here, part Rx here", "14": "14 Dx and all 1st course Rx here",
    "20": "20 Dx elsewhere, part Rx here", "21": "21 Dx elsewhere, all Rx here", "22": "22 Dx elsewhere, Rx here",
    "30": "30 Diagnostic/staging only", "31": "31 Palliative care only", "32": "32 Recurrence/progression",
    "33": "33 Disease only, no evidence", "34": "34 Dx here, non-reportable", "35": "35 Dx here, Rx elsewhere",
    "36": "36 Dx elsewhere, non-reportable", "37": "37 Dx before reference date", "38": "38 Autopsy only",
    "40": "40 Physician office, Dx and Rx", "41": "41 Physician office, Dx only", "42": "42 Non-hospital",
    "43": "43 Pathology only", "49": "49 Death certificate only", "99": "99 Unknown",
}
ANALYTIC_CLASSES = ("00", "10", "11", "12", "13", "14", "20", "21", "22")


def race_group(race1: str | None) -> str:
    """Population race group of a NAACCR race1 code (see the module docstring)."""
    code = (race1 or "").strip().zfill(2) if race1 else ""
    if code == "01":
        return "1"
    if code == "02":
        return "2"
    if code.isdigit() and 3 <= int(code) <= 97:
        return "3"
    return "9"


def sex_group(sex: str | None) -> str:
    """"1" male, "2" female, "9" anything else."""
    value = (sex or "").strip()
    return value if value in ("1", "2") else "9"


def stage_group(stage: str | None) -> str:
    """Combined Summary Stage 2018 group code (0, 1, 2, 7, 9)."""
    return STAGE_GROUP.get((stage or "").strip(), "9")


def age_label(group: int | None) -> str:
    """Label of a 19-group index; "Unknown" for None."""
    return AGE_LABELS[group] if group is not None and 0 <= group < len(AGE_LABELS) else "Unknown"
