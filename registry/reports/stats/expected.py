"""Expected (general-population) survival from US life tables by age, sex, race and calendar year.

SEER*Stat matches expected survival on age, sex, race and year (Expected_Survival.htm; methods-and-standards §3.5).
Tables: ``survexp.us`` / ``survexp.usr`` of the R survival package (NCHS US life tables 1940-2020, daily hazards by
single year of age 0-109), copied into ``registry/reports/data`` (PROVENANCE.md there).

Monthly expected survival of a case in interval x (months [x-1, x) after diagnosis):
``p*_x = exp(-h(age + (x-1)//12, year + (x-1)//12) × 365.24/12)``: the attained age and calendar year advance
once every 12 months after diagnosis; ages past 109 use 109, years outside 1940-2020 use the nearest table year.
Sex (NAACCR item 220): 1 male, 2 female, any other code the mean of the two hazards. Race (NAACCR race1):
01 white and 02 black use the race-specific table, other codes the all-races table.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from registry.reports.stats.standards import DATA_DIR
from registry.reports.stats.survival_time import DAYS_PER_MONTH

US_TABLE = DATA_DIR / "survexp_us_1940_2020_daily_hazard.csv.gz"
US_RACE_TABLE = DATA_DIR / "survexp_usr_1940_2020_daily_hazard.csv.gz"

RACE_ALL, RACE_WHITE, RACE_BLACK = 0, 1, 2
_RACE_NAMES = {"white": RACE_WHITE, "black": RACE_BLACK}


@dataclass(frozen=True)
class ExpectedHazards:
    """Daily hazards ``hazard[race, year - first_year, age, sex]`` with sex 0 male, 1 female.

    ``race`` 0 is the all-races table; 1 white and 2 black may repeat it when no race table is loaded.
    """

    hazard: np.ndarray
    first_year: int

    @property
    def last_year(self) -> int:
        return self.first_year + self.hazard.shape[1] - 1

    @property
    def max_age(self) -> int:
        return self.hazard.shape[2] - 1

    def monthly_survival(
        self, age: npt.ArrayLike, sex: npt.ArrayLike, year: npt.ArrayLike, race: npt.ArrayLike, n_intervals: int
    ) -> npt.NDArray[np.float64]:
        """``p*[i, x-1]`` for cases i and intervals x = 1..n (arrays of equal length; codes as in the module doc)."""
        a0 = np.asarray(age, dtype=np.int64)[:, None]
        y0 = np.asarray(year, dtype=np.int64)[:, None]
        s = np.asarray(sex, dtype=np.int64)[:, None]
        r = np.asarray(race, dtype=np.int64)[:, None]
        step = np.arange(-(-n_intervals // 12), dtype=np.int64)[None, :]  # one value per 12 months
        a = np.clip(a0 + step, 0, self.max_age)
        y = np.clip(y0 + step, self.first_year, self.last_year) - self.first_year
        male = self.hazard[r, y, a, 0]
        female = self.hazard[r, y, a, 1]
        h = np.where(s == 1, male, np.where(s == 2, female, (male + female) / 2))
        return np.repeat(np.exp(-h * DAYS_PER_MONTH), 12, axis=1)[:, :n_intervals]


def _to_array(frame: pd.DataFrame, years: np.ndarray, ages: int) -> np.ndarray:
    out = np.zeros((years.size, ages, 2))
    sex = np.where(frame["sex"].to_numpy() == "male", 0, 1)
    out[frame["year"].to_numpy() - years[0], frame["age"].to_numpy(), sex] = frame["daily_hazard"].to_numpy()
    return out


@cache
def us_life_tables() -> ExpectedHazards:
    """The copied US life tables (all races, white, black), loaded once."""
    with gzip.open(US_TABLE, "rt") as handle:
        total = pd.read_csv(handle)
    with gzip.open(US_RACE_TABLE, "rt") as handle:
        by_race = pd.read_csv(handle)
    years = np.arange(total["year"].min(), total["year"].max() + 1)
    ages = int(total["age"].max()) + 1
    hazard = np.zeros((3, years.size, ages, 2))
    hazard[RACE_ALL] = _to_array(total, years, ages)
    for name, index in _RACE_NAMES.items():
        hazard[index] = _to_array(by_race[by_race["race"] == name], years, ages)
    return ExpectedHazards(hazard=hazard, first_year=int(years[0]))


def race_index(race1: npt.ArrayLike | None, size: int) -> npt.NDArray[np.int64]:
    """Life-table race per case from NAACCR race1 codes ("01" white, "02" black, else all races)."""
    if race1 is None:
        return np.zeros(size, dtype=np.int64)
    codes = np.asarray(race1).astype(str)
    white, black = np.isin(codes, ["01", "1"]), np.isin(codes, ["02", "2"])
    return np.where(white, RACE_WHITE, np.where(black, RACE_BLACK, RACE_ALL)).astype(np.int64)
