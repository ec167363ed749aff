"""Same primary or new primary?  Entry points of the multiple-primary rules.

``decide(existing, new, rules="seer"|"iarc")`` compares a new tumor report with one existing tumor of
the same patient; ``find_matching_tumor`` compares it with all of them.  Records are NAACCR tumor
mappings (primarySite, histologicTypeIcdO3, behaviorCodeIcdO3, laterality, dateOfDiagnosis).
Every decision names the rule that made it; anything the rules cannot settle is "review".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from registry.multiple_primaries.decision import NEW, REVIEW, SAME, Decision
from registry.multiple_primaries.heme import decide_heme, is_heme
from registry.multiple_primaries.iarc import decide_iarc
from registry.multiple_primaries.solid import decide_solid
from registry.multiple_primaries.solid_modules import UNCERTAIN, module_of
from registry.multiple_primaries.tumor import Tumor, invalid_reason, tumor_from_record

HEME_FROM_YEAR = 2010
SOLID_FROM_YEAR = 2018


def _invalid(a: Tumor, b: Tumor, need_date: bool = True) -> Decision | None:
    for label, t in (("existing", a), ("new", b)):
        reason = invalid_reason(t, need_date)
        if reason:
            return Decision(REVIEW, "INPUT", f"The {label} tumor cannot be compared: {reason}.")
    return None


def decide_seer(a: Tumor, b: Tumor) -> Decision:
    """SEER rules: Hematopoietic rules (2010+) for 9590-9993, Solid Tumor Rules (2018+) otherwise."""
    invalid = _invalid(a, b)
    if invalid:
        return invalid
    latest = max(a.year or 0, b.year or 0)
    heme_a, heme_b = is_heme(a), is_heme(b)
    if heme_a and heme_b:
        if latest < HEME_FROM_YEAR:
            return Decision(REVIEW, "SEER-HEME-PRE2010", "Hematopoietic neoplasms diagnosed before 2010 follow the "
                                                         "1998/2001 rules, which are not applied here.")
        return decide_heme(a, b)
    if latest < SOLID_FROM_YEAR:
        return Decision(REVIEW, "SEER-PRE2018", "Pairs whose later diagnosis is before 2018 follow the 2007 MP/H "
                                                "rules, which are not applied here.")
    if heme_a or heme_b:
        return _heme_and_solid(b if heme_a else a)
    return decide_solid(a, b, latest)


def _heme_and_solid(solid: Tumor) -> Decision:
    """A hematopoietic neoplasm and a solid tumor follow different rule sets: separate primaries, provided
    the solid tumor is itself reportable under the Solid Tumor Rules."""
    module = module_of(solid)
    if module is None or module == UNCERTAIN:
        return Decision(REVIEW, "SEER-STR-SCOPE", "The solid tumor is not covered by the Solid Tumor Rules (benign "
                                                  "or borderline outside the CNS, or a site whose module changed).")
    return Decision(NEW, "SEER-HEME-SOLID", "A hematopoietic or lymphoid neoplasm and a solid tumor are separate "
                                            "primaries (different rule sets).")


def decide(existing: Mapping[str, str], new: Mapping[str, str], rules: str = "seer") -> Decision:
    """Is the ``new`` tumor report the same primary as the ``existing`` tumor ("same"), a new primary
    ("new"), or does a registrar have to decide ("review")?"""
    a, b = tumor_from_record(existing), tumor_from_record(new)
    if rules == "seer":
        return decide_seer(a, b)
    if rules == "iarc":
        return _invalid(a, b, need_date=False) or decide_iarc(a, b)  # IARC rules do not depend on time
    raise ValueError(f"unknown rule set {rules!r}; expected 'seer' or 'iarc'")


def find_matching_tumor(existing_tumors: Sequence[Mapping[str, str]], new: Mapping[str, str],
                        rules: str = "seer") -> tuple[int | None, Decision]:
    """Index of the existing tumor the report belongs to (None if it is a new primary) and the decision.

    The first "same" decision wins.  If no tumor is the same but any comparison needs review, the answer
    is (None, that review decision): the report must not be filed as a new primary automatically.
    """
    review: Decision | None = None
    for index, tumor in enumerate(existing_tumors):
        decision = decide(tumor, new, rules)
        if decision.result == SAME:
            return index, decision
        if decision.result == REVIEW and review is None:
            review = Decision(REVIEW, decision.rule, f"Tumor {index + 1}: {decision.reason}")
    if review is not None:
        return None, review
    if not existing_tumors:
        return None, Decision(NEW, "NO-EXISTING-TUMOR", "The patient has no tumor on file.")
    return None, Decision(NEW, "ALL-DIFFERENT", f"New primary: each of the {len(existing_tumors)} existing tumors is "
                                                "a different primary.")
