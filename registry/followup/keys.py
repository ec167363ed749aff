"""Normalised linkage fields and blocking keys of registry patients and death records (see ``linkage.py``).

Names are reduced to upper-case letters; the "formal" first name maps a nickname to the first formal name it
belongs to in the nickname table (BILL -> WILLIAM), so nickname pairs share a blocking key. Soundex is the
American Soundex (jellyfish). A key is missing (NaN) when any part of it is unknown, so blanks never block.
"""

from __future__ import annotations

import jellyfish
import numpy as np
import pandas as pd

from registry.followup.comparators import birth_date_number, sex_code, ssn_number
from registry.followup.dates import naaccr_dates
from registry.followup.nicknames import formal_name

UNKNOWN_SSN = ("000000000", "999999999")


def _letters(series: pd.Series) -> pd.Series:
    return series.astype("string").fillna("").str.upper().str.replace(r"[^A-Z]", "", regex=True)


def _soundex(series: pd.Series) -> pd.Series:
    unique = {v: (jellyfish.soundex(v) if v else "") for v in series.unique()}
    return series.map(unique)


def _join(*parts: pd.Series) -> pd.Series:
    """Key of the parts, NaN when any part is empty."""
    key = parts[0].astype(str)
    empty = parts[0] == ""
    for part in parts[1:]:
        key = key + "|" + part.astype(str)
        empty |= part == ""
    return key.where(~empty, np.nan).astype(object)


def _with_keys(frame: pd.DataFrame) -> pd.DataFrame:
    dob = frame["dob"]
    year = dob.str.slice(0, 4).where(dob.str.len() >= 4, "")
    month, day = dob.str.slice(4, 6), dob.str.slice(6, 8)
    full = dob.str.len() == 8
    low = month.where(month <= day, day).where(full, "")
    high = day.where(month <= day, month).where(full, "")
    last_sx = _soundex(frame["last"])
    first_sx = _soundex(frame["first"].map(formal_name))
    sex = frame["sex"].where(frame["sex"] != "9", "")
    return frame.assign(
        dob_number=birth_date_number(dob), ssn_number=ssn_number(frame["ssn"]), sex_code=sex_code(frame["sex"]),
        k_ssn=_join(frame["ssn"]), k_last_year=_join(last_sx, year), k_dob=_join(year, low, high),
        k_names=_join(last_sx, first_sx), k_first_year=_join(first_sx, year, sex),
        k_first_day=_join(first_sx, low, high), k_last_day=_join(last_sx, low, high),
    )


def _clean(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("").str.strip()


def registry_keys(df: pd.DataFrame) -> pd.DataFrame:
    """Linkage fields of registry patients (NAACCR items) with blocking keys; positional index."""
    sex_column = "sexAssignedAtBirth" if "sexAssignedAtBirth" in df.columns else "sex"
    ssn = _clean(df.get("socialSecurityNumber", pd.Series("", index=df.index)))
    contact = df.get("dateOfLastContact", pd.Series("", index=df.index))
    frame = pd.DataFrame({
        "patientIdNumber": _clean(df["patientIdNumber"]),
        "last": _letters(df["nameLast"]), "first": _letters(df["nameFirst"]),
        "dob": _clean(df["dateOfBirth"]), "sex": _clean(df.get(sex_column, pd.Series("", index=df.index))),
        "ssn": ssn.where(~ssn.isin(UNKNOWN_SSN), ""),
        "last_contact": naaccr_dates(contact, "earliest").fillna(pd.Timestamp.min).to_numpy(),
    }).reset_index(drop=True)
    return _with_keys(frame)


def death_keys(deaths: pd.DataFrame) -> pd.DataFrame:
    """Linkage fields of death records (``deathfile.read_death_file`` output) with blocking keys."""
    frame = pd.DataFrame({
        "last": _letters(deaths["last_name"]), "first": _letters(deaths["first_name"]),
        "dob": _clean(deaths["date_of_birth"]), "sex": _clean(deaths["sex"]), "ssn": _clean(deaths["ssn"]),
        "dod": naaccr_dates(deaths["date_of_death"], "earliest").to_numpy(),
    }).reset_index(drop=True)
    return _with_keys(frame)
