"""SEER cause-specific death classification (seer.cancer.gov/causespecific), from the tables in ``data/``.

Decides whether a death is attributed to the tumor, for cause-specific survival.  The published
tables list, per ICD revision (8, 9, 10 = NAACCR icdRevisionNumber "8", "9", "1"), sequence type
("0": the only tumor; "1-59": first of several) and site recode, the underlying causes of death
counted as death from this cancer, as 3-character codes (4th digit ignored) and 4-character codes.
Before the tables, the SEER footnote rules apply: a tumor that is the only one (sequence 00) counts
any cancer death (ICD-8/9 140-239, ICD-9 042.2, ICD-10 C00-D48.9 and B21); for the first of several
tumors, unknown/secondary site deaths (ICD-8/9 199, ICD-10 C79.8, C80, C97, D48.9) and melanoma of
any site with a melanoma death code count as this cancer.

Classification codes (NAACCR/SEER "SEER Cause-Specific Death Classification"): "0" alive or dead of
other cause, "1" dead of this cancer, "8" dead with missing/unknown cause, "9" not applicable (not the
first tumor).  Variant ``"2023"`` keys the tables by the 2023 site recode, ``"2008"`` (post 2025 bug
fix) and ``"2008-pre-fix"`` by the WHO 2008 site recode.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from registry.recodes.ranges import hist_int
from registry.recodes.rows import read_text
from registry.recodes.site_recode import seer_site_recode

VARIANTS = {
    "2023": ("causespecific-data_2023.txt", "2023", "79"),
    "2008": ("causespecific-data_2008_post_bug_fix.txt", "2008", "37000"),
    "2008-pre-fix": ("causespecific-data_2008_pre_bug_fix.txt", "2008", "37000"),
}
ALIVE_OR_OTHER, DEAD_OF_CANCER, UNKNOWN_CAUSE, NOT_FIRST_TUMOR = "0", "1", "8", "9"


@dataclass(frozen=True)
class CauseSpecificResult:
    """Cause-specific and other-cause death classification codes for one tumor."""

    cause_specific: str
    cause_other: str


def _parse_codes(text: str) -> tuple[tuple[str, str], ...]:
    """"530-537,560" -> (("530", "537"), ("560", "560"))."""
    out = []
    for item in text.split(","):
        item = item.strip().upper()
        if item:
            lo, _, hi = item.partition("-")
            out.append((lo, hi or lo))
    return tuple(out)


@cache
def _table(variant: str) -> dict[tuple[str, str, str], tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]]:
    if variant not in VARIANTS:
        raise ValueError(f"unknown cause-specific variant {variant!r}; expected one of {sorted(VARIANTS)}")
    table = {}
    for line in read_text(VARIANTS[variant][0]).splitlines()[1:]:
        fields = line.split(";")
        if len(fields) < 5:
            continue
        # ICDVersion;SeqType;Recode;codes ignoring 4th digit;codes requiring 4th digit;Label - a few rows
        # omit the 4-digit column altogether (5 fields, the label last)
        four = fields[4] if len(fields) >= 6 else ""
        table[(fields[0].strip(), fields[1].strip(), fields[2].strip())] = (_parse_codes(fields[3]), _parse_codes(four))
    return table


def _in(code: str, ranges: tuple[tuple[str, str], ...]) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def _general_rule(icd: str, only_tumor: bool, cod: str, hist: int, misc_recode: bool) -> bool:
    """SEER footnote rules applied before the site tables."""
    cod3 = cod[:3]
    if only_tumor:
        return {"8": "140" <= cod3 <= "239", "9": "140" <= cod3 <= "239" or cod == "0422",
                "1": (cod3 >= "C00" and cod <= "D489") or cod3 == "B21"}.get(icd, False)
    melanoma = 8720 <= hist <= 8799
    if icd == "8":
        return cod3 == "199" or (melanoma and (cod3 == "172" or cod in ("2169", "2322")))
    if icd == "9":
        return cod3 == "199" or (melanoma and cod3 in ("172", "216", "232"))
    if icd != "1":
        return False
    if cod == "C798" or cod3 in ("C80", "C97") or cod == "D489":
        return True
    if melanoma and cod3 in ("C43", "D03", "D22"):
        return True
    if hist == 9950 or 9960 <= hist <= 9964 or 9980 <= hist <= 9989:
        return cod3 == "C77" or "C81" <= cod3 <= "C96" or cod3 == "D36" or "D45" <= cod3 <= "D47"
    return misc_recode and ((cod3 >= "C00" and cod <= "D489") or cod == "D619")


def classify_death(*, primary_site: str | None, histology: str | None, behavior: str | None, dx_year: str | None,
                   sequence: str | None, icd_revision: str | None, cause_of_death: str | None,
                   last_contact_year: str | None = None, cutoff_year: int | None = None,
                   variant: str = "2023") -> CauseSpecificResult:
    """SEER cause-specific (and other-cause) death classification for one tumor."""
    _table(variant)
    _, recode_variant, misc = VARIANTS[variant]
    seq = (sequence or "").strip()
    if seq not in ("00", "01"):
        return CauseSpecificResult(NOT_FIRST_TUMOR, NOT_FIRST_TUMOR)
    icd = (icd_revision or "").strip()
    last = (last_contact_year or "").strip()[:4]
    if icd == "0" or (cutoff_year is not None and last.isdigit() and int(last) > cutoff_year):
        return CauseSpecificResult(ALIVE_OR_OTHER, ALIVE_OR_OTHER)
    cod = (cause_of_death or "").strip().upper()
    if len(cod) < 3 or cod in ("7777", "7797"):
        return CauseSpecificResult(UNKNOWN_CAUSE, UNKNOWN_CAUSE)
    recode = seer_site_recode(primary_site, histology, recode_variant, behavior=behavior, dx_year=dx_year).code
    hist = hist_int(histology) or -1
    if _general_rule(icd, seq == "00", cod, hist, recode == misc) or _table_rule(variant, icd, seq, recode, cod):
        return CauseSpecificResult(DEAD_OF_CANCER, ALIVE_OR_OTHER)
    return CauseSpecificResult(ALIVE_OR_OTHER, DEAD_OF_CANCER)


def _table_rule(variant: str, icd: str, seq: str, recode: str, cod: str) -> bool:
    entry = _table(variant).get((icd, "0" if seq == "00" else "1-59", recode))
    if entry is None:
        return False
    three, four = entry
    return _in(cod[:3], three) or _in(cod, four)


def classify_death_record(record: Mapping[str, str], *, variant: str = "2023",
                          cutoff_year: int | None = None) -> CauseSpecificResult:
    """Classification of a flat NAACCR tumor mapping (patient items and the tumor's items)."""
    get = record.get
    return classify_death(primary_site=get("primarySite"), histology=get("histologicTypeIcdO3"),
                          behavior=get("behaviorCodeIcdO3"), dx_year=(get("dateOfDiagnosis") or "")[:4] or None,
                          sequence=get("sequenceNumberCentral"), icd_revision=get("icdRevisionNumber"),
                          cause_of_death=get("causeOfDeath"), last_contact_year=(get("dateOfLastContact") or "")[:4],
                          cutoff_year=cutoff_year, variant=variant)


def cancer_specific_death(record: Mapping[str, str], *, variant: str = "2023",
                          cutoff_year: int | None = None) -> bool | None:
    """True when the patient died of this cancer, False when alive or dead of another cause, None when unknown/N/A."""
    code = classify_death_record(record, variant=variant, cutoff_year=cutoff_year).cause_specific
    return {DEAD_OF_CANCER: True, ALIVE_OR_OTHER: False}.get(code)
