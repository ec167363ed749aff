"""Standard populations for direct age adjustment, and age grouping.

Weights follow SEER*Stat's rate algorithm (seer.cancer.gov/help/seerstat/equations-and-algorithms/rate-algorithms):
``W_i = stdpop_i / Σ_j stdpop_j`` over the age groups used. The default standard is the 2000 US standard
million in 19 age groups (<1, 1-4, 5-9, …, 80-84, 85+; NCHS / SEER code 201, methods-and-standards §3.2).
Data: ``registry/reports/data/standard_populations_long_DERIVED.csv`` (see PROVENANCE.md there).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STANDARDS_FILE = DATA_DIR / "standard_populations_long_DERIVED.csv"

#: Public names of the standards, mapped to the code used in the data file.
STANDARD_CODES: dict[str, str] = {
    "us2000": "D201",  # 2000 US Std Million, 19 age groups (SEER*Stat default)
    "us2000-18": "200",  # 2000 US Std Million, 18 age groups
    "us2000-single": "202",  # 2000 US Std Population, single ages 0-84 and 85+
    "us2000-population-19": "D203",  # 2000 US population (census counts) in 19 groups
    "us1990": "190",
    "us1980": "180",
    "us1970": "170",
    "us1960": "160",
    "us1950": "150",
    "us1940": "140",
    "world": "001",  # Segi 1960 world standard (Doll), 18 groups: IARC / CanReg5 default
    "world-who": "009",  # WHO 2000-2025 world standard, 18 groups
    "world-who-single": "011",  # WHO 2000-2025, single ages 0-84 and 85+
    "european": "013",  # European Standard Population 2013, 18 groups
    "european-2013-21": "DESP2013",  # ESP 2013 in 21 bands (to 95+)
    "european-scandinavian-1960": "003",
    "canada1991": "002",
    "canada1996": "004",
    "canada2011": "015",
    "canada2011-single": "017",
}

DEFAULT_STANDARD = "us2000"


@dataclass(frozen=True)
class StandardPopulation:
    """One standard population: age groups ``[age_start, age_end]`` (``age_end`` None = open) and sizes."""

    name: str
    code: str
    title: str
    labels: tuple[str, ...]
    age_start: tuple[int, ...]
    age_end: tuple[int | None, ...]
    population: tuple[float, ...]

    @property
    def weights(self) -> npt.NDArray[np.float64]:
        """``W_i = s_i / Σ s_j`` (SEER*Stat rate algorithm)."""
        pop = np.asarray(self.population, dtype=float)
        return pop / pop.sum()

    def __len__(self) -> int:
        return len(self.labels)

    def group_index(self, ages: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Index of the age group holding each single-year age (vectorised; -1 for a missing/negative age).

        Ages of 999 (NAACCR "unknown age") or NaN are returned as -1 so callers can count them apart.
        """
        values = np.asarray(ages, dtype=float)
        starts = np.asarray(self.age_start, dtype=float)
        idx = np.searchsorted(starts, values, side="right") - 1
        bad = ~np.isfinite(values) | (values < 0) | (values >= 999)
        return np.where(bad, -1, idx).astype(np.int64)

    def group_labels(self, ages: npt.ArrayLike) -> list[str | None]:
        """Label of the age group holding each age (None for unknown age)."""
        return [self.labels[i] if i >= 0 else None for i in self.group_index(ages)]


def standard_names() -> list[str]:
    """All selectable standard names."""
    return list(STANDARD_CODES)


@cache
def _rows_by_code() -> dict[str, list[dict[str, str]]]:
    with STANDARDS_FILE.open(newline="", encoding="utf-8") as handle:
        rows: dict[str, list[dict[str, str]]] = {}
        for row in csv.DictReader(handle):
            rows.setdefault(row["standard_code"], []).append(row)
    return rows


@cache
def standard_population(name: str = DEFAULT_STANDARD) -> StandardPopulation:
    """Load a standard population by public name (see :data:`STANDARD_CODES`).

    Raises ``KeyError`` naming the known standards for an unknown name.
    """
    if name not in STANDARD_CODES:
        raise KeyError(f"unknown standard population {name!r}; known: {', '.join(STANDARD_CODES)}")
    code = STANDARD_CODES[name]
    rows = sorted(_rows_by_code()[code], key=lambda r: int(r["age_start"]))
    return StandardPopulation(
        name=name,
        code=code,
        title=rows[0]["standard_name"],
        labels=tuple(r["age_group"] for r in rows),
        age_start=tuple(int(r["age_start"]) for r in rows),
        age_end=tuple(int(r["age_end"]) if r["age_end"] else None for r in rows),
        population=tuple(float(r["population"]) for r in rows),
    )


def sum_by_group(ages: npt.ArrayLike, values: npt.ArrayLike, standard: StandardPopulation) -> npt.NDArray[np.float64]:
    """Collapse single-age counts (or populations) into the standard's age groups.

    ``ages[k]`` is a single year of age and ``values[k]`` its count; rows with unknown age are dropped.
    Lets callers holding single-age data use any grouped standard (SEER*Stat aggregates the same way).
    """
    idx = standard.group_index(ages)
    vals = np.asarray(values, dtype=float)
    keep = idx >= 0
    return np.bincount(idx[keep], weights=vals[keep], minlength=len(standard)).astype(float)
