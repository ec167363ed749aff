"""Which SEER Solid Tumor Rules module (2018+) a tumor falls in, by primary site, histology and behavior.

Site lists of the 2018+ modules (SEER Solid Tumor Rules manual, "Equivalent Terms and Definitions"
headings): Head & Neck, Colon (C18, C19.9, C20.9), Lung (C34), Breast (C50), Kidney (C64.9), Urinary
(C65.9, C66.9, C67, C68), Malignant CNS and peripheral nerves (behavior 3), Non-malignant CNS (behavior
0/1), Cutaneous melanoma (C44 with 8720-8780, 2021+ rules) and Other Sites.  Lymphoma/leukemia
(9590-9993) follow the Hematopoietic rules and Kaposi sarcoma (9140) the Other Sites module.

Sites whose module assignment changed between manual revisions are reported as "uncertain"; the
decision layer never guesses for them.
"""

from __future__ import annotations

from registry.multiple_primaries.tumor import Tumor

HEAD_NECK, COLON, LUNG, BREAST, KIDNEY, URINARY = "head-neck", "colon", "lung", "breast", "kidney", "urinary"
CNS_MALIGNANT, CNS_BENIGN, MELANOMA, OTHER = "cns-malignant", "cns-nonmalignant", "cutaneous-melanoma", "other-sites"
UNCERTAIN = "uncertain"

#: Sites listed in one revision of a module and not in another (e.g. C33.9, C41.0-C41.1, C44.2, C47.x).
_UNCERTAIN_SITES = frozenset({"C339", "C410", "C411", "C442", "C470", "C471", "C472", "C473", "C474", "C475", "C476",
                              "C477", "C478", "C479", "C720"})
_CNS_SITES = frozenset({"C700", "C701", "C709", "C721", "C722", "C723", "C724", "C725", "C728", "C729",
                        "C751", "C752", "C753"} | {f"C71{i}" for i in range(10)})

#: Years from which each module's Solid Tumor Rules apply (melanoma from 2021, Other Sites from 2023).
MODULE_FROM_YEAR = {HEAD_NECK: 2018, COLON: 2018, LUNG: 2018, BREAST: 2018, KIDNEY: 2018, URINARY: 2018,
                    CNS_MALIGNANT: 2018, CNS_BENIGN: 2018, MELANOMA: 2021, OTHER: 2023}


def _site_module(site: str) -> str | None:
    n = int(site[1:])
    if 0 <= n <= 148 or 300 <= n <= 329:
        return HEAD_NECK
    if 180 <= n <= 189 or site in ("C199", "C209"):
        return COLON
    if 340 <= n <= 349:
        return LUNG
    if 500 <= n <= 509:
        return BREAST
    if site == "C649":
        return KIDNEY
    if site in ("C659", "C669") or 670 <= n <= 689:
        return URINARY
    return None


def module_of(t: Tumor) -> str | None:
    """Module name, UNCERTAIN, or None when the tumor is not covered (non-malignant outside the CNS)."""
    hist = t.hist_int
    if t.site in _UNCERTAIN_SITES:
        return UNCERTAIN
    if t.site in _CNS_SITES:
        return CNS_MALIGNANT if t.beh == "3" else CNS_BENIGN
    if t.beh not in ("2", "3"):
        return None
    if hist == 9140:
        return OTHER
    if t.site3 == "C44" and 8720 <= hist <= 8780:
        return MELANOMA
    return _site_module(t.site) or OTHER
