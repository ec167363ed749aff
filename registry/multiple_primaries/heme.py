"""SEER Hematopoietic and Lymphoid Neoplasm multiple-primary rules, cases diagnosed 2010 and later.

Rules M1-M15 of the SEER "Hematopoietic and Lymphoid Neoplasm Case Reportability and Coding Manual"
as they can be applied to coded data.  M1 (minimal information, e.g. death certificate only) and M7
(NOS then specific, confirmed with the Heme DB calculator) cannot be decided from codes alone; M7 is
covered by the calculator at M15.  M8, M9 and M11 need biopsy documentation and M12/M13 need
treatment information: when they apply the decision is "review".
"""

from __future__ import annotations

from registry.multiple_primaries.decision import NEW, REVIEW, SAME, Decision, Rule, Step, run_rules
from registry.multiple_primaries.heme_data import chronic_to_acute, is_same_primary, is_transformation
from registry.multiple_primaries.tumor import Tri, Tumor, days_apart, later


def _codes(text: str) -> frozenset[str]:
    out: set[str] = set()
    for item in text.split(","):
        lo, _, hi = item.strip().partition("-")
        out.update(str(h) for h in range(int(lo), int(hi or lo) + 1))
    return frozenset(out)


MAST_CELL_SARCOMA, MAST_CELL_LEUKEMIA = _codes("9740"), _codes("9742")
MYELOID_SARCOMA = _codes("9930")
MYELOID_LEUKEMIA = _codes("9840,9861,9865-9867,9869-9874,9891,9895-9898,9910-9911,9931")
LYMPHOMA_NOS_AND_NHL = _codes("9590-9591,9673,9678,9679,9687,9735-9738,9823,9827")
NON_HODGKIN = _codes("9591,9670-9729")
HODGKIN = _codes("9650-9653,9655,9659,9663")
PTLD = _codes("9971")
PTLD_PARTNERS = _codes("9671,9673,9678-9680,9687-9691,9695,9698,9699,9702,9705,9708,9709,9716-9719,9724,9726,"
                       "9827,9831,9834,9837,9650-9653,9655,9659,9663,9731-9732,9734")


def is_heme(t: Tumor) -> bool:
    """Hematopoietic or lymphoid neoplasm (ICD-O-3 9590-9993) with a reportable behavior (2, 3 or 6)."""
    return 9590 <= t.hist_int <= 9993 and t.beh in ("2", "3", "6")


def _split(a: Tumor, b: Tumor, first: frozenset[str], second: frozenset[str]) -> bool:
    return (a.hist in first and b.hist in second) or (b.hist in first and a.hist in second)


def _same_location(a: Tumor, b: Tumor) -> bool:
    return a.site == b.site or (a.site3 == b.site3 and a.site3 != "C77")


def _simultaneous_single(a: Tumor, b: Tumor) -> Step | None:
    apart = days_apart(a, b, 21)
    if apart is Tri.UNKNOWN:
        return Step(SAME, provisional=True)
    return Step(SAME) if apart is Tri.NO else None


def m2(a: Tumor, b: Tumor) -> Step | None:
    if a.hist != b.hist:
        return None
    nodal_and_extranodal_malt = a.morphology == b.morphology == "9699/3" and (a.site3 == "C77") != (b.site3 == "C77")
    return Step(REVIEW) if nodal_and_extranodal_malt else Step(SAME)


def m3(a: Tumor, b: Tumor) -> Step | None:
    lineage = _split(a, b, MAST_CELL_SARCOMA, MAST_CELL_LEUKEMIA) or _split(a, b, MYELOID_SARCOMA, MYELOID_LEUKEMIA)
    if not lineage or a.beh != "3" or b.beh != "3":
        return None
    order, apart = later(a, b), days_apart(a, b, 21)
    if order == -1 and apart is Tri.UNKNOWN:
        return Step(SAME, provisional=True)
    sarcomas = MAST_CELL_SARCOMA | MYELOID_SARCOMA
    if apart is Tri.NO or (order == 1 and a.hist in sarcomas) or (order == 2 and b.hist in sarcomas):
        return Step(SAME)
    return None


def m4(a: Tumor, b: Tumor) -> Step | None:
    both_nhl = a.hist != b.hist and a.hist in LYMPHOMA_NOS_AND_NHL and b.hist in LYMPHOMA_NOS_AND_NHL
    return _simultaneous_single(a, b) if both_nhl and _same_location(a, b) else None


def m5(a: Tumor, b: Tumor) -> Step | None:
    return _simultaneous_single(a, b) if _split(a, b, HODGKIN, LYMPHOMA_NOS_AND_NHL) and _same_location(a, b) else None


def m6(a: Tumor, b: Tumor) -> Step | None:
    different = (a.site != b.site and a.site3 == "C77") or a.site3 != b.site3
    return Step(NEW) if _split(a, b, HODGKIN, NON_HODGKIN) and different else None


def _transformation(a: Tumor, b: Tumor) -> bool:
    return is_transformation(a.morphology, b.morphology, a.year or 0, b.year or 0)


def m8(a: Tumor, b: Tumor) -> Step | None:
    if _transformation(a, b) and days_apart(a, b, 21) is not Tri.YES:
        return Step(REVIEW, message="Chronic and acute neoplasms diagnosed within 21 days: rules M8, M9 and M11 "
                                    "depend on the number of positive biopsies; needs a manual review.")
    return None


def m10(a: Tumor, b: Tumor) -> Step | None:
    if not _transformation(a, b):
        return None
    if {a.morphology, b.morphology} in ({"9732/3", "9731/3"}, {"9732/3", "9734/3"}):
        return Step(REVIEW, message="For plasmacytoma (9731, 9734) and plasma cell myeloma (9732): this rule applies "
                                    "only if the initial workup was completed and a single plasmacytoma was "
                                    "diagnosed; needs a manual review.")
    order, apart = later(a, b), days_apart(a, b, 21)
    if order == -1 or apart is Tri.UNKNOWN:
        return Step(NEW, provisional=True)
    first, second = (b, a) if order == 1 else (a, b)
    if apart is Tri.YES and chronic_to_acute(first.morphology, second.morphology, first.year or 0, second.year or 0):
        return Step(NEW)
    return None


def m12(a: Tumor, b: Tumor) -> Step | None:
    if _transformation(a, b):
        return Step(REVIEW, message="Manual review is required to check whether there is confirmation of treatment "
                                    "or not (rules M12/M13, acute neoplasm reverting to a chronic one).")
    return None


def m14(a: Tumor, b: Tumor) -> Step | None:
    return _simultaneous_single(a, b) if _split(a, b, PTLD, PTLD_PARTNERS) else None


def m15(a: Tumor, b: Tumor) -> Step | None:
    same = is_same_primary(a.morphology, b.morphology, a.year or 0, b.year or 0)
    return Step(SAME if same else NEW)


HEME_RULES = [
    Rule("SEER-HEME-M2", "Abstract a single primary when there is a single histology (exception: nodal and "
                         "extranodal MALT lymphoma, 9699/3, are reviewed).", m2),
    Rule("SEER-HEME-M3", "Abstract a single primary when a mast cell or myeloid sarcoma is diagnosed simultaneously "
                         "with or after a leukemia of the same lineage.", m3),
    Rule("SEER-HEME-M4", "Abstract a single primary when two or more types of non-Hodgkin lymphoma are "
                         "simultaneously present in the same anatomic location.", m4),
    Rule("SEER-HEME-M5", "Abstract a single primary when Hodgkin and non-Hodgkin lymphoma are simultaneously present "
                         "in the same anatomic location.", m5),
    Rule("SEER-HEME-M6", "Abstract multiple primaries when Hodgkin lymphoma is diagnosed in one anatomic location "
                         "and non-Hodgkin lymphoma in another.", m6),
    Rule("SEER-HEME-M8", "Chronic and acute neoplasm diagnosed simultaneously or within 21 days (M8, M9, M11).", m8),
    Rule("SEER-HEME-M10", "Abstract multiple primaries when a chronic neoplasm is followed more than 21 days later "
                          "by an acute neoplasm it transforms to.", m10),
    Rule("SEER-HEME-M12", "Acute neoplasm reverting to a chronic neoplasm: single or multiple primaries depending "
                          "on treatment (M12, M13).", m12),
    Rule("SEER-HEME-M14", "Abstract a single primary when post-transplant lymphoproliferative disorder is diagnosed "
                          "simultaneously with a B-cell, T-cell or Hodgkin lymphoma or plasmacytoma/myeloma.", m14),
    Rule("SEER-HEME-M15", "Use the Heme DB Multiple Primaries Calculator: same primary when the Heme DB lists the "
                          "two neoplasms as the same primary for their years of diagnosis, otherwise multiple.", m15),
]


def decide_heme(a: Tumor, b: Tumor) -> Decision:
    """Apply the 2010+ hematopoietic rules to two hematopoietic tumors (diagnosis years known)."""
    decision = run_rules(HEME_RULES, a, b)
    assert decision is not None  # M15 always answers
    return decision
