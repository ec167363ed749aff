"""Short, realistic abstract text fields (NAACCR text items #2520-#2690) written from the coded values.

Registrars document the codes in text; these sentences do the same so the abstract screen, text searches and
visual editing have something real to show. Titles use the SEER/IMS lookup labels (ICD-O-3 site and
preferred morphology terms). Every field stays well under its dictionary length.
"""

from __future__ import annotations

import functools
import random

from registry.demo.dates import parse
from registry.demo.sampling import choice
from registry.naaccr import lookups

_STAGE_WORDS = {"0": "In situ", "1": "Localized", "2": "Regional by direct extension", "3": "Regional lymph nodes only",
                "4": "Regional by extension and nodes", "7": "Distant metastases", "8": "Benign/borderline",
                "9": "Unknown stage"}
_SIDE = {"1": "right", "2": "left", "4": "bilateral"}
_PRESENTATION = ("presented with", "was referred for", "was evaluated for", "reported")
_GRADE_WORDS = {"1": "grade 1", "2": "grade 2", "3": "grade 3", "4": "grade 4", "L": "low grade",
                "M": "intermediate grade", "H": "high grade"}


@functools.cache
def _morphology_terms() -> dict[tuple[str, str], str]:
    """(histology, behavior) -> the preferred ICD-O-3 term (the first term when none is preferred)."""
    terms: dict[tuple[str, str], str] = {}
    have_preferred: set[tuple[str, str]] = set()
    for hist, behavior, term, preferred in lookups.histology_terms():
        key = (hist, behavior)
        if preferred and key not in have_preferred:
            terms[key] = term
            have_preferred.add(key)
        else:
            terms.setdefault(key, term)
    return terms


def _fit(text: str, length: int) -> str:
    """``text`` without the lookup's notes ("[...]", "(C50._)"), cut to ``length`` and trimmed."""
    return text.split(" [", 1)[0].split(" (C", 1)[0][:length].strip()


@functools.cache
def site_title(site: str) -> str:
    return _fit(lookups.label("primarySite", site) or site, 100)


@functools.cache
def histology_title(hist: str, behavior: str) -> str:
    term = _morphology_terms().get((hist, behavior)) or lookups.label("histologicTypeIcdO3", hist) or hist
    return _fit(term, 100)


def _us_date(value: str) -> str:
    d = parse(value)
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


def texts(rng: random.Random, t: dict[str, str], age: int, sex: str, facility_name: str) -> dict[str, str]:
    """Text fields for tumor ``t`` (its coded items must already be set)."""
    site, hist, beh = t["primarySite"], t["histologicTypeIcdO3"], t["behaviorCodeIcdO3"]
    site_words = site_title(site).lower().replace(", nos", ", NOS")
    morph = histology_title(hist, beh)
    side = _SIDE.get(t.get("laterality", ""), "")
    who = f"{age} year old {'woman' if sex == '2' else 'man'}"
    out = {
        "textPrimarySiteTitle": site_title(site),
        "textHistologyTitle": morph,
        "textDxProcPe": f"{who} {choice(rng, _PRESENTATION)} symptoms referable to the {side + ' ' if side else ''}"
                        f"{site_words}.",
        "textStaging": _staging_text(t),
        "textPlaceOfDiagnosis": _fit(facility_name, 60),
    }
    if t.get("diagnosticConfirmation") in ("1", "2", "3", "4"):
        grade = _GRADE_WORDS.get(t.get("gradeClinical", ""), "")
        out["textDxProcPath"] = (f"{_us_date(t['dateOfDiagnosis'])} {'Biopsy' if beh != '2' else 'Excision'}, "
                                 f"{site_words}: {morph}{', ' + grade if grade else ''}.")
    if t.get("rxDateSurgery"):
        out["rxTextSurgery"] = f"{_us_date(t['rxDateSurgery'])} resection of {site_words}."
    if t.get("rxDateRadiation"):
        out["rxTextRadiation"] = f"{_us_date(t['rxDateRadiation'])} external beam radiation started."
    if t.get("rxDateChemo"):
        out["rxTextChemo"] = f"{_us_date(t['rxDateChemo'])} systemic chemotherapy started."
    if t.get("rxDateHormone"):
        out["rxTextHormone"] = f"{_us_date(t['rxDateHormone'])} hormone therapy started."
    return out


def _staging_text(t: dict[str, str]) -> str:
    parts = [_STAGE_WORDS.get(t.get("summaryStage2018", "9"), "Unknown stage") + "."]
    size = t.get("tumorSizeSummary", "999")
    if size.isdigit() and 0 < int(size) < 990:
        parts.append(f"Tumor size {int(size)} mm.")
    examined = t.get("regionalNodesExamined", "00")
    if examined not in ("00", "99", ""):
        parts.append(f"Nodes {int(t.get('regionalNodesPositive', '0'))}/{int(examined)} positive.")
    if t.get("eodMets") not in (None, "00", "88", "99"):
        parts.append("Distant metastases documented on imaging.")
    return " ".join(parts)
