"""Population denominators that match the demo registry, so incidence rates over demo data are plausible.

The population is sized so that the expected number of demo tumors per diagnosis year among residents of
the area gives an all-sites crude rate of about 450 per 100,000 (the order of US cancer incidence). Its age
structure is the 2000 US population in the 19 standard age groups (SEER, code D203 in
``standard_populations_long_DERIVED.csv``), its race shares follow ``race.csv`` (the same table the patients
are drawn from) and its sex ratio shifts toward women at older ages, as census tables do.

Rows: ``{"year", "area", "sex", "race", "age_group", "population"}``; ``sex`` 1 male / 2 female, ``race``
follows the SEER population-file race recode (1 White, 2 Black, 3 Other: American Indian/Alaska Native,
Asian/Pacific Islander), ``age_group`` 0..18 for 0, 1-4, 5-9, ..., 80-84, 85+.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from registry.demo import geography, tables
from registry.demo.options import TUMOR_COUNTS, DemoOptions

TARGET_RATE_PER_100K = 450.0
MEAN_TUMORS_PER_PATIENT = sum(int(n) * w for n, w in TUMOR_COUNTS) / sum(w for _, w in TUMOR_COUNTS)
# Share of women in each of the 19 age groups (rising with age, as in US census tables).
_FEMALE_SHARE = (0.49, 0.49, 0.49, 0.49, 0.49, 0.49, 0.50, 0.50, 0.50, 0.50, 0.51, 0.51, 0.52, 0.52, 0.53,
                 0.54, 0.56, 0.59, 0.66)


def race_shares() -> dict[str, float]:
    """Shares of SEER race groups 1/2/3 among patients of known race (from ``race.csv``)."""
    races = tables.coded("race.csv")
    white, black = races.share("01"), races.share("02")
    other = 1.0 - white - black - races.share("99")
    total = white + black + other
    return {"1": white / total, "2": black / total, "3": other / total}


def area_population(patients: int, options: DemoOptions | None = None) -> float:
    """Total population for which the demo's yearly resident tumors give about 450 per 100,000."""
    opts = options or DemoOptions()
    years = opts.last_dx_year - opts.first_dx_year + 1
    tumors_per_year = patients * MEAN_TUMORS_PER_PATIENT * (1 - geography.OUT_OF_STATE_SHARE) / years
    return tumors_per_year / TARGET_RATE_PER_100K * 100_000


def generate_population(seed: int, years: Iterable[int], area: str = geography.STATE, patients: int = 5000,
                        options: DemoOptions | None = None) -> list[dict[str, object]]:
    """Population rows by year, sex, race and age group for ``area``; same seed, same rows.

    Each year grows about 0.4% on the one before; each cell carries a small seeded jitter (under 1%).
    """
    rng = random.Random(seed)
    base = area_population(patients, options)
    ages = tables.us_2000_population()
    age_total = sum(ages)
    races = race_shares()
    rows: list[dict[str, object]] = []
    ordered = sorted(set(years))
    for year in ordered:
        growth = 1.004 ** (year - ordered[0])
        for sex in ("1", "2"):
            for race in ("1", "2", "3"):
                for group, count in enumerate(ages):
                    female = _FEMALE_SHARE[group]
                    share = (female if sex == "2" else 1 - female) * races[race] * count / age_total
                    value = base * growth * share * (1 + rng.uniform(-0.008, 0.008))
                    rows.append({"year": year, "area": area, "sex": sex, "race": race, "age_group": group,
                                 "population": round(value)})
    return rows
