"""Deterministic synthetic registry patients and tumors for follow-up tests and benchmarks (no real people).

``synthetic_patients(n, seed)`` gives one row per patient with the NAACCR Patient items follow-up and death
clearance read; ``synthetic_tumors(patients, seed)`` adds one or two tumors per patient, giving the flat
tumor-level frame (patient items repeated) that ``status.followup_status`` and ``worksheet.rate_worksheet`` take.
Values are NAACCR strings. The mix (classes of case, sites, vital status, contact dates) is plausible, not
calibrated to any registry.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from registry.followup.synthetic_names import FEMALE, MALE, SURNAMES, SYLLABLE_HEADS, SYLLABLE_TAILS

_EPOCH = np.datetime64("1970-01-01")


def _zipf(n: int, exponent: float = 0.9) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def surnames(rng: np.random.Generator, size: int) -> np.ndarray:
    """Common surnames (Zipf-weighted) for 70%, made-up syllable surnames for the long tail."""
    common = rng.choice(np.array(SURNAMES), size=size, p=_zipf(len(SURNAMES)))
    made_up = np.char.add(rng.choice(np.array(SYLLABLE_HEADS), size=size),
                          rng.choice(np.array(SYLLABLE_TAILS), size=size))
    return np.where(rng.random(size) < 0.7, common, made_up)


def first_names(rng: np.random.Generator, sex: np.ndarray) -> np.ndarray:
    male = rng.choice(np.array(MALE), size=len(sex), p=_zipf(len(MALE), 0.7))
    female = rng.choice(np.array(FEMALE), size=len(sex), p=_zipf(len(FEMALE), 0.7))
    return np.where(sex == "1", male, female)


def _dates(days: np.ndarray) -> np.ndarray:
    """Days since 1970 -> NAACCR YYYYMMDD strings."""
    return np.datetime_as_string(_EPOCH + days.astype("timedelta64[D]"), unit="D").astype("U10")


def naaccr(dates: np.ndarray) -> np.ndarray:
    return np.char.replace(dates, "-", "")


def _ssns(rng: np.random.Generator, size: int) -> np.ndarray:
    """Distinct 9-digit numbers shaped like SSNs (area 001-899 but not 666, group 01-99, serial 0001-9999)."""
    area = rng.integers(1, 900, size * 2)
    area = area[area != 666]
    raw = area[:size] * 1_000_000 + rng.integers(1, 100, size) * 10_000 + rng.integers(1, 10_000, size)
    unique = np.unique(raw)
    while len(unique) < size:
        unique = np.unique(np.concatenate([unique, raw[: size - len(unique)] + 1]))
    return np.char.zfill(rng.permutation(unique)[:size].astype("U9"), 9)


def synthetic_patients(n: int, seed: int = 0, as_of: str = "2024-06-30") -> pd.DataFrame:
    """``n`` patients: patientIdNumber, names, sex, birth date, SSN (5% unknown), vital status, last contact.

    30% have died; of the living, most were contacted within the last months and a fifth at any time since
    diagnosis (so some are due, delinquent or lost)."""
    rng = np.random.default_rng(seed)
    end = (np.datetime64(as_of) - _EPOCH).astype(int)
    sex = np.where(rng.random(n) < 0.5, "1", "2")
    born = rng.integers((np.datetime64("1925-01-01") - _EPOCH).astype(int),
                        (np.datetime64("1995-12-31") - _EPOCH).astype(int), n)
    dx = rng.integers(end - 20 * 365, end - 30, n)
    dead = rng.random(n) < 0.3
    gap = np.where(rng.random(n) < 0.8, rng.exponential(150, n), rng.uniform(0, 8 * 365, n)).astype(int)
    last = np.where(dead, np.minimum(dx + rng.exponential(2 * 365, n).astype(int), end), np.maximum(dx, end - gap))
    ssn = _ssns(rng, n)
    return pd.DataFrame({
        "patientIdNumber": np.char.zfill(np.arange(1, n + 1).astype("U8"), 8),
        "nameLast": surnames(rng, n),
        "nameFirst": first_names(rng, sex),
        "nameMiddle": np.where(rng.random(n) < 0.6, rng.choice(list("ABCDEFGHJKLMNPRSTW"), n), ""),
        "sexAssignedAtBirth": sex,
        "dateOfBirth": naaccr(_dates(born)),
        "socialSecurityNumber": np.where(rng.random(n) < 0.05, "999999999", ssn),
        "vitalStatus": np.where(dead, "0", "1"),
        "dateOfLastContact": naaccr(_dates(last)),
        "dateOfDiagnosis": naaccr(_dates(dx)),
        "addrCurrentCountry": np.where(rng.random(n) < 0.01, "CAN", "USA"),
    }, dtype="string")


_SITES = (  # primarySite, histology, behavior, weight
    ("C509", "8500", "3", 0.25), ("C349", "8140", "3", 0.15), ("C619", "8140", "3", 0.15),
    ("C189", "8140", "3", 0.10), ("C679", "8120", "3", 0.05), ("C443", "8090", "3", 0.02),
    ("C539", "8070", "2", 0.02), ("C700", "9530", "0", 0.03), ("C447", "8720", "3", 0.08),
    ("C421", "9861", "3", 0.05), ("C739", "8260", "3", 0.10),
)
_CLASSES = (("10", 0.2), ("12", 0.1), ("14", 0.3), ("20", 0.1), ("22", 0.15), ("00", 0.05), ("30", 0.05),
            ("32", 0.03), ("38", 0.02))


def synthetic_tumors(patients: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """One tumor per patient, a second for 15%: the flat frame the follow-up status and worksheet read."""
    rng = np.random.default_rng(seed + 1)
    rows = pd.concat([patients, patients[rng.random(len(patients)) < 0.15]], ignore_index=True)
    size = len(rows)
    site = rng.choice(len(_SITES), size=size, p=np.array([s[3] for s in _SITES]))
    codes = np.array([s[:3] for s in _SITES])[site]
    classes = rng.choice([c for c, _ in _CLASSES], size=size, p=np.array([w for _, w in _CLASSES]))
    return rows.assign(
        primarySite=codes[:, 0], histologicTypeIcdO3=codes[:, 1], behaviorCodeIcdO3=codes[:, 2],
        classOfCase=classes, summaryStage2018=rng.choice(list("012347"), size=size),
        tumorRecordNumber=np.where(rows.index >= len(patients), "02", "01"),
    ).astype("string").sort_values("patientIdNumber", kind="stable", ignore_index=True)
