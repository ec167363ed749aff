"""Survival, cause of death and the follow-up contact history of a demo patient.

Survival is a competing-risks draw: a cancer hazard by Summary Stage 2018 and site (distant stage dies
soonest; pancreas, liver and lung worse than breast, prostate or thyroid) plus an other-cause hazard that
rises with age (Gompertz form, about 2% a year at 70). Deaths carry an ICD-10 underlying cause
(``causeOfDeath`` #1910, ``icdRevisionNumber`` #1920 = 1); NAACCR codes a living patient 0000 and 0.
Follow-up follows the usual registry pattern: a contact about every year, most patients seen in the last
year, some delinquent or lost (no contact for more than 15 months or several years).
"""

from __future__ import annotations

import math
import random

from registry.demo.dates import naaccr
from registry.demo.diagnosis import is_heme
from registry.demo.sampling import choice, randint
from registry.naaccr import lookups

_STAGE_HAZARD = {"0": 0.002, "1": 0.02, "2": 0.07, "3": 0.09, "4": 0.12, "7": 0.55, "8": 0.01, "9": 0.2}
_SITE_FACTOR = {
    "C25": 3.0, "C22": 2.5, "C15": 2.0, "C34": 1.8, "C71": 2.5, "C16": 1.5, "C56": 1.2, "C92": 1.5,
    "C61": 0.3, "C73": 0.15, "C50": 0.5, "C44": 0.4, "C62": 0.3, "C54": 0.6, "C67": 0.6,
}
OTHER_CAUSES = ("I251", "I509", "J449", "I639", "F03", "G309", "J189", "E119", "N189", "K746", "A419", "U071", "W19")
ALIVE_CAUSE = "0000"


def hazards(age: int, site: str, hist: str, ss: str) -> tuple[float, float]:
    """(cancer, other-cause) yearly hazards for a tumor diagnosed at ``age``."""
    cancer = _STAGE_HAZARD.get(ss, 0.2) * _SITE_FACTOR.get(site[:3], 1.0)
    if is_heme(hist):
        cancer = max(cancer, 0.12)
    other = math.exp(-9.8 + 0.085 * min(age, 100))
    return cancer, other


def death_after(rng: random.Random, dx: int, age: int, site: str, hist: str, ss: str) -> tuple[int, bool]:
    """(date of death as an ordinal, whether the cancer caused it); the date may lie past the as-of date."""
    cancer, other = hazards(age, site, hist, ss)
    years = rng.expovariate(cancer + other)
    return dx + int(years * 365.25), rng.random() < cancer / (cancer + other)


def cause_of_death(rng: random.Random, site: str, hist: str, behavior: str, by_cancer: bool) -> str:
    """ICD-10 underlying cause: the tumor's cancer code, or a common non-cancer cause."""
    table = lookups.codes("causeOfDeath") or {}
    if not by_cancer or behavior not in ("3",):
        return choice(rng, OTHER_CAUSES)
    if is_heme(hist):
        if "9650" <= hist <= "9667":
            return "C819"
        if hist <= "9729":
            return "C859"
        return "C900" if hist in ("9731", "9732") else ("C959" if hist >= "9800" else "C969")
    if "8720" <= hist <= "8790" and site[:3] == "C44":
        return "C43" + site[3]
    for code in (site, site[:3]):
        if code in table:
            return code
    return "C80"


_METHODS = {"1": "chart review", "2": "letter to physician", "3": "telephone call to patient",
            "7": "death certificate linkage", "8": "state vital records linkage"}
_NOTES = {"1": "No evidence of disease.", "2": "Disease present; under treatment or observation.",
          "9": "Cancer status not documented."}


def _contact(when: int, vital: str, source: str, status: str) -> dict[str, str]:
    note = "Death certificate received." if vital == "0" else _NOTES[status]
    return {"date": naaccr(when), "vitalStatus": vital, "source": source, "method": _METHODS[source],
            "cancerStatus": status, "note": note}


def cancer_status(rng: random.Random, ss: str, dying_of_cancer: bool) -> str:
    """Cancer status (#1770): 1 no evidence, 2 evidence of tumor, 9 unknown."""
    if dying_of_cancer or ss == "7":
        return "2"
    if rng.random() < 0.05:
        return "9"
    return "2" if rng.random() < {"0": 0.02, "1": 0.08}.get(ss, 0.25) else "1"


def last_alive_contact(rng: random.Random, as_of: int) -> int:
    """Date of last contact of a living patient: mostly within a year of ``as_of``; some delinquent or lost."""
    x = rng.random()
    if x < 0.85:
        return as_of - randint(rng, 0, 365)
    if x < 0.95:
        return as_of - randint(rng, 366, 900)
    return as_of - randint(rng, 901, 2200)


def contacts(rng: random.Random, first: int, last: int, dead: bool, status: str) -> list[dict[str, str]]:
    """Contact history from the first contact to ``last`` (death or last alive contact), about yearly."""
    out = [_contact(first, "1", "1", status if status != "1" else "2")]
    when = first + randint(rng, 300, 420)
    while when < last - 30:
        out.append(_contact(when, "1", choice(rng, ("1", "2", "2", "3")), status))
        when += randint(rng, 300, 420)
    if last > first or dead:
        source = "7" if dead else choice(rng, ("1", "2", "3", "8"))
        out.append(_contact(last, "0" if dead else "1", source, status))
    return out
