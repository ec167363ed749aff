"""Case administration items: class of case, reporting source, first contact, payer, marital status, ids.

Codes: ``classOfCase`` (#610, CoC: analytic 00, 10-14, 20-22; non-analytic 30-43), ``typeOfReportingSource``
(#500), ``primaryPayerAtDx`` (#630), ``maritalStatusAtDx`` (#150), ``accessionNumberHosp`` (#550: year of first
contact and a 5-digit serial, the usual CoC layout), ``medicalRecordNumber`` (#2300).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence

from registry.demo.sampling import Weighted, randint, weighted_of

CLASS_OF_CASE: tuple[tuple[str, float], ...] = (
    ("00", 0.07), ("10", 0.10), ("11", 0.02), ("12", 0.03), ("13", 0.08), ("14", 0.36), ("20", 0.05),
    ("21", 0.08), ("22", 0.11), ("30", 0.03), ("31", 0.01), ("32", 0.02), ("33", 0.02), ("43", 0.02),
)
ANALYTIC = ("00", "10", "11", "12", "13", "14", "20", "21", "22")
_REPORTING_SOURCE = (("1", 0.85), ("8", 0.08), ("2", 0.04), ("4", 0.03))
_PAYER_UNDER_65 = (("20", 0.45), ("21", 0.22), ("31", 0.08), ("35", 0.07), ("01", 0.03), ("02", 0.02),
                   ("10", 0.05), ("65", 0.02), ("67", 0.02), ("60", 0.02), ("99", 0.02))
_PAYER_65_PLUS = (("60", 0.18), ("61", 0.12), ("62", 0.30), ("63", 0.22), ("64", 0.08), ("67", 0.04),
                  ("20", 0.04), ("99", 0.02))
_MARITAL_YOUNG = (("1", 0.45), ("2", 0.40), ("4", 0.07), ("6", 0.05), ("9", 0.03))
_MARITAL = (("1", 0.10), ("2", 0.55), ("3", 0.02), ("4", 0.13), ("5", 0.15), ("6", 0.02), ("9", 0.03))
_MARITAL_OLD = (("1", 0.06), ("2", 0.40), ("4", 0.10), ("5", 0.41), ("9", 0.03))


def pick(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    """One code from (code, share) pairs (relative weights)."""
    return _weighted(tuple(pairs)).pick(rng)


@functools.cache
def _weighted(pairs: tuple[tuple[str, float], ...]) -> Weighted[str]:
    return weighted_of(pairs)


def first_contact_delay(rng: random.Random, class_of_case: str) -> int:
    """Days from diagnosis to first contact (negative: first contact before diagnosis).

    STORE Date of First Contact is the first inpatient or outpatient encounter at the facility for diagnosis or
    treatment. Classes 00, 13, 14 (initial diagnosis at the facility): the work-up visit, imaging or biopsy that
    led to the diagnosis, on or before it. Classes 11, 12 (diagnosis in a staff physician's office) and 10 (NOS):
    the patient is first seen at the facility on or after the diagnosis. Classes 20-22 (diagnosed elsewhere):
    weeks later; non-analytic classes 30+: later still.
    """
    if class_of_case in ("00", "13", "14"):
        return -randint(rng, 0, 21)
    if class_of_case[0] == "1":
        return randint(rng, 0, 14)
    if class_of_case[0] == "2":
        return randint(rng, 5, 45)
    return randint(rng, 10, 240)


def reporting_source(rng: random.Random, class_of_case: str) -> str:
    return "3" if class_of_case == "43" else pick(rng, _REPORTING_SOURCE)


def payer(rng: random.Random, age: int) -> str:
    return pick(rng, _PAYER_65_PLUS if age >= 65 else _PAYER_UNDER_65)


def marital(rng: random.Random, age: int) -> str:
    if age < 18:
        return "1"
    return pick(rng, _MARITAL_YOUNG if age < 35 else (_MARITAL_OLD if age >= 80 else _MARITAL))


def medical_record_number(facility: int, patient_number: int) -> str:
    """A facility MRN: unique per patient (7919 is coprime with 10**8), scrambled to look assigned."""
    return f"{'HCBE'[facility % 4]}{(patient_number * 7919 + facility * 104729) % 10**8:08d}"


class Accessions:
    """Hospital accession numbers: year of first contact + a serial per facility and year."""

    def __init__(self) -> None:
        self._next: dict[tuple[int, int], int] = {}

    def next(self, facility: int, year: int) -> str:
        n = self._next.get((facility, year), 0) + 1
        self._next[(facility, year)] = n
        return f"{year:04d}{n:05d}"
