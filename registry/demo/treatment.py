"""First-course treatment: surgery, radiation, systemic therapy, their dates and summary items.

Codes follow the NAACCR v26 items: ``rxSummSurgPrimSite2023`` (#1291, diagnoses 2023+, from the SEER
site-specific table of the diagnosis year: 2023 manual for 2023, 2024 manual for 2024+) or ``rxSummSurgPrimSite``
(#1290, 2-digit codes, 2003-2022 diagnoses; the 2023 table's A codes kept from the older tables),
``reasonForNoSurgery`` (#1340),
``rxSummRadiation`` (#1360), ``reasonForNoRadiation`` (#1430), ``rxSummChemo``/``Hormone``/``Brm``
(#1390/#1400/#1410: 00 none, 01-03 given, 85 patient died first, 87 refused), the sequence items
``rxSummSurgRadSeq`` (#1380) and ``rxSummSystemicSurSeq`` (#1639), ``rxSummTreatmentStatus`` (#1285:
0 none, 1 given, 2 active surveillance) and ``date1stCrsRxCoc`` (#1270). Treatment probabilities are rough
clinical patterns by site and stage, not registry statistics.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from registry.demo import tables
from registry.demo.dates import naaccr
from registry.demo.diagnosis import is_heme
from registry.demo.sampling import choice, randint

_SURGERY_BY_STAGE = {"0": 0.9, "1": 0.85, "2": 0.7, "3": 0.65, "4": 0.55, "7": 0.15, "8": 0.6, "9": 0.4}
_LOW_SURGERY = ("C22", "C25", "C15", "C34", "C71")
_RADIATION = {"C50": 0.55, "C61": 0.3, "C20": 0.5, "C34": 0.35, "C71": 0.7, "C53": 0.6, "C32": 0.6, "C01": 0.6,
              "C09": 0.6, "C10": 0.6, "C15": 0.5, "C21": 0.6}
_HORMONE = {"C50": 0.7, "C61": 0.35, "C54": 0.05}
_BRM = {"C43": 0.3, "C44": 0.1, "C34": 0.25, "C64": 0.3, "C67": 0.3}


@dataclass
class Course:
    """A first course of treatment: NAACCR items plus what later steps need to know."""

    items: dict[str, str] = field(default_factory=dict)
    surgery: bool = False
    dissection: bool = False
    dates: list[int] = field(default_factory=list)
    decided: int | None = None  # date of the decision not to treat, when nothing was given


def _given(rng: random.Random, start: int, delay: tuple[int, int], death: int | None) -> int | None:
    """A start date ``delay`` days after ``start``; None when the patient died before it."""
    when = start + randint(rng, *delay)
    return None if death is not None and when > death else when


def _surgery(rng: random.Random, c: Course, site: str, hist: str, ss: str, start: int, death: int | None,
             year: int) -> None:
    chance = _SURGERY_BY_STAGE.get(ss, 0.4) * (0.5 if site[:3] in _LOW_SURGERY else 1.0)
    codes = tables.surgery_codes(site, year)
    heme = is_heme(hist) and hist >= "9731"
    when = None if heme or rng.random() >= chance else _given(rng, start, (7, 60), death)
    none, special = _special_codes(codes, year)
    done = [x for x in codes if x not in (none, special) and x[-3:] not in ("990", "900") and x not in ("99", "90")]
    if heme or not done:
        # SEER: 98 (A980) for hematopoietic and unknown/ill-defined sites whose table has it; else 00 (none).
        code, reason = (special, "1") if special else (none, "1")
    elif when is None:
        code, reason = none, "5" if death is not None and rng.random() < 0.5 else _no_reason(rng)
    else:
        code = choice(rng, done)
        reason = "0"
        c.surgery, c.dissection = True, rng.random() < 0.7
        c.dates.append(when)
        c.items["rxDateSurgery"] = c.items["rxDateMostDefinSurg"] = naaccr(when)
    c.items["rxSummSurgPrimSite2023" if year >= 2023 else "rxSummSurgPrimSite"] = code
    c.items["reasonForNoSurgery"] = reason
    c.items.setdefault("rxSummScopeRegLnSur", "0")
    c.items["rxSummSurgOthRegDis"] = "0"


def _special_codes(codes: tuple[str, ...], year: int) -> tuple[str, str | None]:
    """(the table's 'no surgery' code, its 'special code 98' or None): A000/B000/00 and A980/98."""
    none = next((x for x in codes if x.endswith("000")), "A000") if year >= 2023 else "00"
    special = next((x for x in codes if x.endswith("980") or x == "98"), None)
    return none, special


def _no_reason(rng: random.Random) -> str:
    x = rng.random()
    return "1" if x < 0.8 else ("2" if x < 0.9 else "7")


def _radiation(rng: random.Random, c: Course, site: str, ss: str, start: int, death: int | None) -> None:
    chance = _RADIATION.get(site[:3], 0.2) + (0.15 if ss == "7" else 0.0)
    after = max(c.dates) if c.dates else start
    when = _given(rng, after, (25, 80), death) if rng.random() < chance else None
    if when is None:
        c.items["rxSummRadiation"] = "0"
        c.items["reasonForNoRadiation"] = "5" if death is not None and rng.random() < 0.3 else _no_reason(rng)
        c.items["rxSummSurgRadSeq"] = "0"
        return
    c.items["rxSummRadiation"] = "1" if rng.random() < 0.9 else choice(rng, ("2", "3", "4", "5"))
    c.items["reasonForNoRadiation"] = "0"
    c.items["rxDateRadiation"] = naaccr(when)
    c.items["rxSummSurgRadSeq"] = "3" if c.surgery else "0"
    c.dates.append(when)


def _systemic(rng: random.Random, c: Course, item: str, date_item: str, chance: float, codes: tuple[str, ...],
              start: int, death: int | None) -> bool:
    if rng.random() >= chance:
        c.items[item] = "87" if rng.random() < 0.03 else "00"
        return False
    when = _given(rng, start, (14, 75), death)
    if when is None:
        c.items[item] = "85"
        return False
    c.items[item] = choice(rng, codes)
    c.items[date_item] = naaccr(when)
    c.dates.append(when)
    return True


def _chemo_chance(site: str, hist: str, ss: str) -> float:
    if is_heme(hist):
        return 0.75
    return {"0": 0.0, "1": 0.15, "2": 0.45, "3": 0.55, "4": 0.6, "7": 0.65, "8": 0.02}.get(ss, 0.3) * (
        0.2 if site[:3] in ("C61", "C44", "C73") else 1.0)


def first_course(rng: random.Random, site: str, hist: str, ss: str, start: int, death: int | None,
                 year: int) -> Course:
    """The first course of treatment of one tumor, starting on or after ``start`` (first contact)."""
    c = Course()
    if site[:3] == "C61" and ss == "1" and rng.random() < 0.3:
        return _surveillance(rng, c, start, death, year)
    _surgery(rng, c, site, hist, ss, start, death, year)
    _radiation(rng, c, site, ss, start, death)
    systemic_start = max(c.dates) if c.dates and rng.random() < 0.8 else start
    chemo = _systemic(rng, c, "rxSummChemo", "rxDateChemo", _chemo_chance(site, hist, ss), ("01", "02", "03"),
                      systemic_start, death)
    hormone = _systemic(rng, c, "rxSummHormone", "rxDateHormone",
                        _HORMONE.get(site[:3], 0.0) * (0.3 if ss == "0" else 1.0), ("01",), systemic_start, death)
    brm = _systemic(rng, c, "rxSummBrm", "rxDateBrm", _BRM.get(site[:3], 0.0) * (2 if ss == "7" else 0.5),
                    ("01",), systemic_start, death)
    c.items["rxSummSystemicSurSeq"] = "3" if c.surgery and (chemo or hormone or brm) else "0"
    if c.dates:
        c.items["rxSummTreatmentStatus"] = "1"
        c.items["date1stCrsRxCoc"] = naaccr(min(c.dates))
    else:
        c.items["rxSummTreatmentStatus"] = "0"
        c.decided = start + randint(rng, 0, 21) if death is None else min(start, death)
        c.items["date1stCrsRxCoc"] = naaccr(c.decided)
    return c


def _surveillance(rng: random.Random, c: Course, start: int, death: int | None, year: int) -> Course:
    """Active surveillance (watchful waiting) of a localized prostate cancer: no first-course therapy."""
    surgery = {"rxSummSurgPrimSite2023": "A000"} if year >= 2023 else {"rxSummSurgPrimSite": "00"}  # prostate
    c.items.update(surgery)
    c.items.update({
        "reasonForNoSurgery": "1", "rxSummScopeRegLnSur": "0", "rxSummSurgOthRegDis": "0", "rxSummRadiation": "0",
        "reasonForNoRadiation": "1", "rxSummChemo": "00", "rxSummHormone": "00", "rxSummBrm": "00",
        "rxSummSurgRadSeq": "0", "rxSummSystemicSurSeq": "0", "rxSummTreatmentStatus": "2",
    })
    decided = start + randint(rng, 7, 45)
    c.decided = decided if death is None else min(decided, death)
    c.items["date1stCrsRxCoc"] = naaccr(c.decided)
    return c
