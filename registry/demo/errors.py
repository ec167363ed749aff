"""Deliberate coding errors and incomplete abstracts, so the edit work queue has real work to show.

Each planted error breaks one documented inter-field rule (``shared/docs/staging-edits-codes.md`` 2.4) and is
reported as ``(tumor index, "kind: detail")``; ``ERROR_KINDS`` names the items each kind involves:
- ``sex-site``: a female-only site (C510-C589) in a male or a male-only site (C600-C639) in a female;
- ``laterality-missing``: a paired organ coded laterality 0 (not a paired site) (SEER IF42/IF24);
- ``birth-after-diagnosis``: date of birth after the date of diagnosis (NAACCR date edits);
- ``in-situ-clinical``: behavior 2 (in situ) with diagnostic confirmation 8, clinical only (SEER IF31);
- ``site-histology``: a site/histology pair that is not on the SEER site/type validation list (SEER IF25);
- ``age-mismatch``: age at diagnosis that does not match birth and diagnosis dates (SEER IF13).
Every planted value is still a valid code for its item on its own; the combination is what is wrong.
"""

from __future__ import annotations

import random

from registry.demo import tables
from registry.demo.dates import naaccr, parse
from registry.demo.sampling import choice, randint

ERROR_KINDS: dict[str, tuple[str, ...]] = {
    "sex-site": ("sexAssignedAtBirth", "primarySite"),
    "laterality-missing": ("primarySite", "laterality"),
    "birth-after-diagnosis": ("dateOfBirth", "dateOfDiagnosis", "ageAtDiagnosis"),
    "in-situ-clinical": ("behaviorCodeIcdO3", "diagnosticConfirmation"),
    "site-histology": ("primarySite", "histologicTypeIcdO3"),
    "age-mismatch": ("ageAtDiagnosis", "dateOfBirth", "dateOfDiagnosis"),
}
# Items whose absence makes an abstract incomplete (all required by NAACCR/CoC for analytic cases).
INCOMPLETE_CANDIDATES = ("gradeClinical", "summaryStage2018", "diagnosticConfirmation", "dateOf1stContact",
                         "primaryPayerAtDx", "tumorSizeSummary", "eodPrimaryTumor", "rxSummChemo",
                         "textDxProcPath", "addrAtDxPostalCode", "maritalStatusAtDx")
# Histologies accepted as in situ (not in the ICD-O-3 list of histologies that cannot be /2, SEER MORPH edit).
_IN_SITU_OK = ("8010", "8070", "8140", "8500", "8120", "8720")
# Behavior 2 not allowed at these sites (SEER IF39).
_NO_IN_SITU_SITES = ("C269", "C399", "C559", "C579", "C639", "C689", "C729", "C759", "C809")


def _sex_site(rng: random.Random, patient: dict[str, str], t: dict[str, str]) -> str | None:
    if tables.sex_specific(t["primarySite"]):
        return None
    if patient["sexAssignedAtBirth"] == "1":
        t.update(primarySite="C539", histologicTypeIcdO3="8070", laterality="0")
        return "sex-site: male patient with a cervix uteri primary (C539)"
    t.update(primarySite="C619", histologicTypeIcdO3="8140", laterality="0")
    return "sex-site: female patient with a prostate primary (C619)"


def _laterality_missing(rng: random.Random, patient: dict[str, str], t: dict[str, str]) -> str | None:
    if tables.paired_sites().get(t["primarySite"]) != "paired":
        return None
    t["laterality"] = "0"
    return f"laterality-missing: paired site {t['primarySite']} coded laterality 0 (not paired)"


def _birth_after_dx(rng: random.Random, patient: dict[str, str], t: dict[str, str]) -> str | None:
    dx = parse(t["dateOfDiagnosis"]).toordinal()
    patient["dateOfBirth"] = naaccr(dx + randint(rng, 30, 400))
    return f"birth-after-diagnosis: date of birth {patient['dateOfBirth']} after diagnosis {t['dateOfDiagnosis']}"


def _in_situ_clinical(rng: random.Random, patient: dict[str, str], t: dict[str, str]) -> str | None:
    if t["histologicTypeIcdO3"] not in _IN_SITU_OK or t["primarySite"] in _NO_IN_SITU_SITES:
        return None
    t.update(behaviorCodeIcdO3="2", diagnosticConfirmation="8")
    return f"in-situ-clinical: in situ {t['histologicTypeIcdO3']}/2 with clinical-only confirmation (8)"


def _site_histology(rng: random.Random, patient: dict[str, str], t: dict[str, str]) -> str | None:
    if t["primarySite"].startswith("C69") or t["behaviorCodeIcdO3"] != "3":
        return None
    t["histologicTypeIcdO3"] = "9510"
    return f"site-histology: retinoblastoma 9510/3 coded to {t['primarySite']} (valid only in the eye, C692/C699)"


def _age_mismatch(rng: random.Random, patient: dict[str, str], t: dict[str, str]) -> str | None:
    age = int(t["ageAtDiagnosis"])
    wrong = age + choice(rng, (-10, -5, 5, 10)) if age >= 10 else age + 10
    t["ageAtDiagnosis"] = f"{wrong:03d}"
    return f"age-mismatch: age at diagnosis {wrong} but birth and diagnosis dates give {age}"


def error_kind(description: str) -> str:
    """The kind (a key of ERROR_KINDS) of a planted-error description such as ``"sex-site: ..."``."""
    return description.split(":", 1)[0]


_PLANTERS = {
    "sex-site": _sex_site, "laterality-missing": _laterality_missing, "birth-after-diagnosis": _birth_after_dx,
    "in-situ-clinical": _in_situ_clinical, "site-histology": _site_histology, "age-mismatch": _age_mismatch,
}
_KINDS = tuple(_PLANTERS)


def plant_errors(rng: random.Random, patient: dict[str, str], tumors: list[dict[str, str]],
                 rate: float) -> list[tuple[int, str]]:
    """Mis-code about ``rate`` of the tumors, one error each; return (tumor index, description) pairs."""
    planted: list[tuple[int, str]] = []
    for index, tumor in enumerate(tumors):
        if rng.random() >= rate:
            continue
        kinds = list(_KINDS)
        rng.shuffle(kinds)
        for kind in kinds:
            if kind == "birth-after-diagnosis" and (planted or index):
                continue
            description = _PLANTERS[kind](rng, patient, tumor)
            if description:
                planted.append((index, description))
                break
    return planted


def make_incomplete(rng: random.Random, tumors: list[dict[str, str]], rate: float,
                    planted: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Remove 1-3 required items from about ``rate`` of the tumors; return (tumor index, naaccrId) pairs."""
    protected = {i: ERROR_KINDS[error_kind(d)] for i, d in planted}
    missing: list[tuple[int, str]] = []
    for index, tumor in enumerate(tumors):
        if rng.random() >= rate:
            continue
        candidates = [k for k in INCOMPLETE_CANDIDATES if k in tumor and k not in protected.get(index, ())]
        for item in rng.sample(candidates, min(len(candidates), randint(rng, 1, 3))):
            del tumor[item]
            missing.append((index, item))
    return missing
