"""IARC/IACR/ENCR rules for multiple primary neoplasms (2004), from ``data/iarc_mp_groups_DERIVED.csv``.

* Rule 1: recognition of multiple primaries does not depend on time.
* Rule 3: only one tumor per organ (3-character ICD-O-3 topography; C01-C02, C00+C03-C06,
  C09-C10+C12-C14, C19-C20, C23-C24, C33-C34, C40-C41 and C65-C68 each count as one organ).
  Systemic cancers (Kaposi sarcoma, group 15, and hematopoietic neoplasms, groups 8-14) are counted
  once whatever the sites involved.
* Rule 4: tumors of different histology groups (17 groups) in one organ are multiple primaries, except
  that the NOS groups give way to a specific group: 5 (carcinoma NOS) to 1-4, 14 (hematopoietic NOS)
  to 8-13 and 17 (cancer NOS) to 1-7, 15 and 16.

The rules count malignant (behavior 3) neoplasms only; other behaviors are returned for review.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from registry.multiple_primaries.decision import NEW, REVIEW, SAME, Decision
from registry.multiple_primaries.tumor import Tumor

HEME_GROUPS = frozenset(range(8, 15))
KAPOSI = 15
NOS_FOR = {5: frozenset({1, 2, 3, 4}), 14: frozenset(range(8, 14)), 17: frozenset({1, 2, 3, 4, 5, 6, 7, 15, 16})}


@cache
def _groups() -> tuple[dict[int, int], dict[str, str]]:
    text = resources.files("registry.multiple_primaries").joinpath("data", "iarc_mp_groups_DERIVED.csv")
    histology: dict[int, int] = {}
    topography: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text.read_text(encoding="utf-8"))):
        if row["group_type"] == "histology":
            for item in row["codes"].split(","):
                lo, _, hi = item.strip().partition("-")
                histology.update({h: int(row["group_id"]) for h in range(int(lo), int(hi or lo) + 1)})
        elif row["group_id"] != "other":
            topography.update({code.strip(): row["group_id"] for code in row["codes"].split(",")})
    return histology, topography


def histology_group(hist: str) -> int | None:
    """IARC histology group 1-17 of an ICD-O-3 morphology code, None when it is in no group."""
    return _groups()[0].get(int(hist)) if hist.isdigit() else None


def organ(site: str) -> str:
    """IARC organ of a topography code: the 3-character code, or its site group (e.g. C33 -> "C34")."""
    return _groups()[1].get(site[:3], site[:3])


def _same_histology(g1: int, g2: int) -> bool:
    return g1 == g2 or g1 in NOS_FOR.get(g2, ()) or g2 in NOS_FOR.get(g1, ())


def decide_iarc(a: Tumor, b: Tumor) -> Decision:
    """IARC/IACR 2004 decision for two malignant tumors of one patient."""
    if a.beh != "3" or b.beh != "3":
        return Decision(REVIEW, "IARC-SCOPE", "The IARC/IACR rules count malignant (behavior 3) neoplasms only.")
    g1, g2 = histology_group(a.hist), histology_group(b.hist)
    if g1 is None or g2 is None:
        return Decision(REVIEW, "IARC-SCOPE", "A histology code is in none of the 17 IARC histology groups.")
    if {g1, g2} <= HEME_GROUPS | {KAPOSI} and (g1 == g2 == KAPOSI or (g1 != KAPOSI and g2 != KAPOSI)):
        if _same_histology(g1, g2):
            return Decision(SAME, "IARC-R3-SYSTEMIC", "Systemic cancers (hematopoietic neoplasms of one histology "
                                                      "group, Kaposi sarcoma) are counted once whatever the sites.")
        return Decision(NEW, "IARC-R4", "Hematopoietic neoplasms of different histology groups are multiple "
                                        "primaries.")
    if organ(a.site) != organ(b.site):
        return Decision(NEW, "IARC-R3", "Tumors of different organs (3-character topography groups) are multiple "
                                        "primaries, whatever the time between them.")
    if _same_histology(g1, g2):
        return Decision(SAME, "IARC-R3", "Only one tumor is counted per organ for one histology group (an NOS group "
                                         "gives way to a specific one), whatever the time between them.")
    return Decision(NEW, "IARC-R4", "Tumors of different histology groups in the same organ are multiple primaries.")
