"""General rules of the SEER Solid Tumor Rules (cases diagnosed 2018 and later).

Only rules that can be stated from coded items without the site modules' histology tables are applied;
each module lists them in the manual's order.  When none of them decides, the answer is "review":
the remaining rules need histology tables, tumor counts, treatment or clinical history.

* different modules: tumors covered by different modules are separate primaries;
* site: topography codes differing at the 2nd or 3rd character are multiple primaries;
* laterality: tumors in both breasts / both kidneys / a tumor in each lung are multiple primaries;
* timing: a subsequent tumor more than N years after the first (lung 3, kidney 3, breast 5, head and
  neck 5, other sites 1 year) is a new primary (colon and urinary put histology rules first);
* other sites: prostate adenocarcinoma (8140) is always one primary; Kaposi sarcoma is one primary;
* cutaneous melanoma (2021+): different C44x subsite, different laterality, or more than 60 days apart
  are multiple primaries (skin NOS, C44.9, is reviewed).

Guards stop the automatic rules ("review") where a manual single-primary rule of the module comes
first: inflammatory breast carcinoma, bilateral Wilms tumor, familial polyposis, retinoblastoma,
thyroid and bilateral ovarian tumors, prostate adenocarcinoma subtypes.  Urinary and CNS modules start
with table or clinical rules, so only the different-module rule applies to them.
"""

from __future__ import annotations

from collections.abc import Callable

from registry.multiple_primaries.decision import NEW, REVIEW, SAME, Decision, Rule, Step, run_rules
from registry.multiple_primaries.solid_modules import (
    BREAST,
    COLON,
    HEAD_NECK,
    KIDNEY,
    LUNG,
    MELANOMA,
    MODULE_FROM_YEAR,
    OTHER,
    UNCERTAIN,
    module_of,
)
from registry.multiple_primaries.tumor import Tri, Tumor, days_apart, years_apart

TIMING_YEARS = {LUNG: 3, KIDNEY: 3, BREAST: 5, HEAD_NECK: 5, OTHER: 1}


def guard(rule_id: str, why: str, condition: Callable[[Tumor, Tumor], bool]) -> Rule:
    """A rule that stops automatic decisions (review) when an earlier manual rule may apply."""
    return Rule(rule_id, why, lambda a, b: Step(REVIEW) if condition(a, b) else None)


def _either(hists: frozenset[int]) -> Callable[[Tumor, Tumor], bool]:
    return lambda a, b: a.hist_int in hists or b.hist_int in hists


def prostate(a: Tumor, b: Tumor) -> Step | None:
    """Adenocarcinoma (8140) of the prostate twice is one primary; other prostate adenocarcinoma
    subtypes (8141-8589) are reviewed because the manual's subtype list is not applied here."""
    if a.site != "C619" or b.site != "C619":
        return None
    if a.hist == b.hist == "8140" and a.beh == b.beh == "3":
        return Step(SAME)
    if any(8140 <= t.hist_int <= 8589 for t in (a, b)):
        return Step(REVIEW, message="Prostate adenocarcinoma subtypes: check the Other Sites prostate rule by hand.")
    return None


def kaposi(a: Tumor, b: Tumor) -> Step | None:
    return Step(SAME) if a.hist == b.hist == "9140" else None


def different_site(chars: int) -> Callable[[Tumor, Tumor], Step | None]:
    return lambda a, b: Step(NEW) if a.site[:chars] != b.site[:chars] else None


def opposite_sides(a: Tumor, b: Tumor) -> Step | None:
    """Left (2) and right (1) are separate primaries; anything but a known side on both is reviewed."""
    sides = {a.lat, b.lat}
    if sides == {"1", "2"}:
        return Step(NEW)
    if not sides <= {"1", "2"}:
        return Step(REVIEW, message="Valid and known laterality (1 right, 2 left) of both tumors is needed to apply "
                                    "the laterality rule.")
    return None


def melanoma_sides(a: Tumor, b: Tumor) -> Step | None:
    """Different known lateralities (1 right, 2 left) are multiple primaries; unknown ones are reviewed."""
    if a.lat in ("1", "2") and b.lat in ("1", "2"):
        return Step(NEW) if a.lat != b.lat else None
    return Step(REVIEW, message="Valid and known laterality of both melanomas is needed to apply the laterality rule.")


def within_days(days: int) -> Callable[[Tumor, Tumor], Step | None]:
    def rule(a: Tumor, b: Tumor) -> Step | None:
        apart = days_apart(a, b, days)
        if apart is Tri.UNKNOWN:
            return Step(NEW, provisional=True)
        return Step(NEW) if apart is Tri.YES else None
    return rule


def timing(years: int) -> Callable[[Tumor, Tumor], Step | None]:
    def rule(a: Tumor, b: Tumor) -> Step | None:
        apart = years_apart(a, b, years)
        if apart is Tri.UNKNOWN:
            return Step(NEW, provisional=True)
        return Step(NEW) if apart is Tri.YES else None
    return rule


def _timing_rule(module: str) -> Rule:
    n = TIMING_YEARS[module]
    text = f"Abstract multiple primaries when the subsequent tumor is diagnosed more than {n} year(s) after the first."
    return Rule(f"SEER-STR-{module}-TIMING", text, timing(n))


SITE_RULE = Rule("SEER-STR-SITE", "Abstract multiple primaries when tumors are in sites with ICD-O-3 topography codes "
                                  "that are different at the second (CXxx) and/or third (CxXx) character.",
                 different_site(3))
LATERALITY_RULE = Rule("SEER-STR-LATERALITY", "Abstract multiple primaries when there are tumors on both sides "
                                              "(right and left) of a paired organ (breast, kidney).", opposite_sides)
_SAME_SITE = {"C739": "thyroid (follicular and papillary carcinoma rule)", "C569": "ovary (bilateral ovarian rule)",
              "C692": "retina (retinoblastoma rule)"}

MODULE_RULES: dict[str, list[Rule]] = {
    OTHER: [
        Rule("SEER-STR-OTHER-PROSTATE", "Adenocarcinoma of the prostate (8140) is always a single primary.", prostate),
        Rule("SEER-STR-OTHER-KAPOSI", "Kaposi sarcoma (any site or sites) is always a single primary.", kaposi),
        guard("SEER-STR-OTHER-MANUAL", "Retinoblastoma, thyroid, ovary: an Other Sites rule needing the histology "
                                       "tables or clinical details applies before the timing rule.",
              lambda a, b: (a.site == b.site and a.site in _SAME_SITE) or _either(frozenset(range(9510, 9514)))(a, b)),
        _timing_rule(OTHER), SITE_RULE],
    BREAST: [guard("SEER-STR-breast-INFLAMMATORY", "Inflammatory carcinoma (8530) in one or both breasts is reviewed "
                                                   "(single primary rule).", _either(frozenset({8530}))),
             LATERALITY_RULE, _timing_rule(BREAST)],
    LUNG: [_timing_rule(LUNG)],
    KIDNEY: [guard("SEER-STR-kidney-WILMS", "Nephroblastoma (Wilms, 8960) in both kidneys is reviewed (single primary "
                                            "rule).", _either(frozenset({8959, 8960}))),
             LATERALITY_RULE, _timing_rule(KIDNEY)],
    COLON: [guard("SEER-STR-colon-POLYPOSIS", "Familial adenomatous polyposis (8220, 8221) is reviewed (single primary "
                                              "rule).", _either(frozenset({8220, 8221}))), SITE_RULE],
    HEAD_NECK: [SITE_RULE, _timing_rule(HEAD_NECK)],
    MELANOMA: [
        guard("SEER-STR-melanoma-SITE-UNKNOWN", "Skin, NOS (C44.9): the melanoma site rules cannot be applied.",
              lambda a, b: "C449" in (a.site, b.site)),
        Rule("SEER-STR-melanoma-SITE", "Melanomas in sites with ICD-O-3 topography codes that are different at the "
                                       "second, third or fourth (C44x) character are multiple primaries.",
             different_site(4)),
        Rule("SEER-STR-melanoma-LATERALITY", "Separate, non-contiguous melanomas with different lateralities are "
                                             "multiple primaries.", melanoma_sides),
        Rule("SEER-STR-melanoma-TIMING", "Melanomas diagnosed more than 60 days apart are multiple primaries.",
             within_days(60)),
    ],
}


def decide_solid(a: Tumor, b: Tumor, latest_year: int) -> Decision:
    """Solid tumor pair (neither hematopoietic) whose later diagnosis is in ``latest_year``."""
    ma, mb = module_of(a), module_of(b)
    if ma is None or mb is None:
        return Decision(REVIEW, "SEER-STR-SCOPE", "A tumor is not covered by the Solid Tumor Rules (benign or "
                                                  "borderline outside the central nervous system).")
    if UNCERTAIN in (ma, mb):
        return Decision(REVIEW, "SEER-STR-SCOPE", "The module for this primary site differs between revisions of "
                                                  "the Solid Tumor Rules.")
    if ma != mb:
        return Decision(NEW, "SEER-STR-MODULES", "Tumors covered by different Solid Tumor Rules modules are "
                                                 "multiple primaries.")
    if latest_year < MODULE_FROM_YEAR[ma] or ma not in MODULE_RULES:
        return Decision(REVIEW, "SEER-STR-NOT-AUTOMATED", f"The {ma} module rules for this diagnosis year depend on "
                                                          "histology tables or clinical details not applied here.")
    decision = run_rules(MODULE_RULES[ma], a, b)
    return decision or Decision(REVIEW, "SEER-STR-NOT-AUTOMATED", f"No general rule of the {ma} module decides; the "
                                                                  "remaining rules need histology tables or clinical "
                                                                  "details.")
