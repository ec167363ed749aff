"""Field comparators for death-file linkage: each turns aligned pairs of values into agreement levels.

Levels are small integers (higher = closer agreement) with NaN where either value is missing, so a missing value
adds no weight (the usual Fellegi-Sunter treatment of missing data). They are plain vectorised functions used
through ``recordlinkage.Compare.compare_vectorized``.

* names: 2 = same (for first names also the same by the nickname table), 1 = typo-close (Jaro-Winkler >= 0.85,
  or a Damerau-Levenshtein distance of 1), 0 = different;
* date of birth: 3 = same, 2 = day and month transposed, 1 = one part (year, month or day) differs, 0 = different;
  when either date is partial (YYYY or YYYYMM) the years alone are compared (1 if equal);
* SSN: 2 = same, 1 = one digit different or two adjacent digits swapped, 0 = different;
* sex: 1 = same, 0 = different (unknown sex 9 counts as missing).
"""

from __future__ import annotations

import jellyfish
import numpy as np
import pandas as pd

from registry.followup.nicknames import equivalent_series

CLOSE_JARO_WINKLER = 0.85


def _values(series: pd.Series) -> np.ndarray:
    return series.fillna("").astype(str).to_numpy()


def _missing(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return (left == "") | (right == "")


def _close(left: np.ndarray, right: np.ndarray, todo: np.ndarray) -> np.ndarray:
    """Typo-closeness of the pairs flagged in ``todo``, each distinct pair of names computed once."""
    close = np.zeros(len(left), dtype=bool)
    where = np.flatnonzero(todo)
    codes, uniques = pd.factorize(pd.Series(left[where], dtype=object) + "|" + right[where])
    verdict = np.fromiter((_typo_close(*pair.split("|")) for pair in uniques), bool, count=len(uniques))
    close[where] = verdict[codes]
    return close


def _typo_close(a: str, b: str) -> bool:
    return (jellyfish.jaro_winkler_similarity(a, b) >= CLOSE_JARO_WINKLER
            or jellyfish.damerau_levenshtein_distance(a, b) <= 1)


def surname_level(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Surname agreement level (2 same, 1 typo-close, 0 different, NaN missing)."""
    a, b = _values(left), _values(right)
    same = a == b
    level = np.where(same, 2.0, np.where(_close(a, b, ~same & ~_missing(a, b)), 1.0, 0.0))
    return np.where(_missing(a, b), np.nan, level)


def first_name_level(left: pd.Series, right: pd.Series) -> np.ndarray:
    """First-name agreement level; nicknames of the same formal name count as the same (level 2)."""
    a, b = _values(left), _values(right)
    same = equivalent_series(left, right)
    level = np.where(same, 2.0, np.where(_close(a, b, ~same & ~_missing(a, b)), 1.0, 0.0))
    return np.where(_missing(a, b), np.nan, level)


def birth_date_number(values: pd.Series) -> np.ndarray:
    """NAACCR birth dates as integers YYYYMMDD (a partial date has 00 for its unknown parts; -1 when missing)."""
    text = values.astype("string").fillna("").str.strip()
    text = text.where(text.str.fullmatch(r"\d{4}(\d{2}(\d{2})?)?").fillna(False).astype(bool), "")
    padded = text.str.pad(8, side="right", fillchar="0").where(text != "", "-1")
    return pd.to_numeric(padded).to_numpy(dtype=np.int64)


def birth_date_level(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Birth-date agreement level allowing a transposed day/month and a one-part typo (``birth_date_number``)."""
    a, b = left.to_numpy(dtype=np.int64), right.to_numpy(dtype=np.int64)
    (ya, ma, da), (yb, mb, db) = (a // 10000, a // 100 % 100, a % 100), (b // 10000, b // 100 % 100, b % 100)
    full = (ma > 0) & (da > 0) & (mb > 0) & (db > 0)
    differing = (ya != yb).astype(int) + (ma != mb) + (da != db)
    swapped = (ya == yb) & (ma == db) & (da == mb) & (ma != da)
    level = np.select([differing == 0, swapped, differing == 1], [3.0, 2.0, 1.0], default=0.0)
    level = np.where(full, level, np.where(ya == yb, 1.0, 0.0))
    return np.where((a < 0) | (b < 0), np.nan, level)


def ssn_number(values: pd.Series) -> np.ndarray:
    """SSNs as integers, -1 when not 9 digits (blank or unknown)."""
    text = values.astype("string").fillna("").str.strip()
    return pd.to_numeric(text.where(text.str.fullmatch(r"\d{9}").fillna(False).astype(bool), "-1")).to_numpy(np.int64)


def _strip_zeros(values: np.ndarray) -> np.ndarray:
    for _ in range(9):
        values = np.where((values % 10 == 0) & (values > 0), values // 10, values)
    return values


def _one_slip(a: int, b: int) -> bool:
    da, db = f"{a:09d}", f"{b:09d}"
    diff = [i for i in range(9) if da[i] != db[i]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]]
                              and da[diff[1]] == db[diff[0]])


def ssn_level(left: pd.Series, right: pd.Series) -> np.ndarray:
    """SSN agreement level (``ssn_number`` values): exact, one digit off or adjacent digits swapped, different.

    A one-digit slip changes the number by k * 10^i (k < 10) and a swap of adjacent digits by 9k * 10^i, so only
    differences of those shapes are checked digit by digit.
    """
    a, b = left.to_numpy(dtype=np.int64), right.to_numpy(dtype=np.int64)
    core = _strip_zeros(np.abs(a - b))
    shaped = np.flatnonzero((core > 0) & ((core < 10) | ((core % 9 == 0) & (core <= 81))) & (a >= 0) & (b >= 0))
    slip = np.zeros(len(a), dtype=bool)
    slip[shaped] = [_one_slip(x, y) for x, y in zip(a[shaped], b[shaped], strict=True)]
    level = np.select([a == b, slip], [2.0, 1.0], default=0.0)
    return np.where((a < 0) | (b < 0), np.nan, level)


def sex_level(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Sex agreement on integer NAACCR codes (``sex_code``: unknown 9 and blanks are -1, counted as missing)."""
    a, b = left.to_numpy(dtype=np.int64), right.to_numpy(dtype=np.int64)
    return np.where((a < 0) | (b < 0), np.nan, (a == b).astype(float))


def sex_code(values: pd.Series) -> np.ndarray:
    """NAACCR sex codes as integers; 9 (unknown) and blanks become -1."""
    codes = pd.to_numeric(values.astype("string").fillna("").str.strip(), errors="coerce").fillna(-1)
    return codes.where(codes != 9, -1).to_numpy(np.int64)
