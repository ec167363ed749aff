"""Linkage fields: NAACCR patient items of source records, normalised into the columns the person model reads.

Input frames (one row per source record, values NAACCR strings, missing columns read as blank):

* ``record_id`` (required, unique within the frame): the source record's id;
* ``person_id`` (required for the registry's existing records): the linked person;
* ``source`` (required): who sent the record, a file's ``registryId`` else its reporting facility; a file with
  neither is a source of its own (the caller names it), never the registry itself;
* ``patientIdNumber`` (the sender's own key), ``medicalRecordNumber``, ``nameFirst``, ``nameLast``,
  ``nameBirthSurname``, ``dateOfBirth`` (YYYYMMDD), ``sexAssignedAtBirth`` (or ``sex`` of older files),
  ``socialSecurityNumber``, ``addrAtDxPostalCode`` (or ``addrCurrentPostalCode``), ``addrAtDxNoStreet``
  (or ``addrCurrentNoStreet``).

Normalisation: names reduced to upper-case letters; the date of birth kept only when it is a full, valid
YYYYMMDD (a partial date compares as missing); SSNs kept only when 9 digits and not a known "unknown" value
(000000000, 999999999, 123456789, area 000/666) ; sex 1/2/3..6 kept, 9 and blank missing; ZIP its first five
digits; the street upper-case with spaces collapsed. Blocking keys (Soundex of the last name and of the birth
surname, else the last name; the formal first name; month and day of birth; the SSN's first five and last four
digits; source + MRN) are NULL when any part is missing, so blanks never pair.
"""

from __future__ import annotations

import jellyfish
import numpy as np
import pandas as pd

from registry.followup.nicknames import formal_name, formal_names

COLUMNS = ("unique_id", "person_id", "source", "source_key", "first", "first_formals", "first_key", "last",
           "birth_surname", "last_sx", "maiden_sx", "dob", "dob_md", "ssn", "ssn_head", "ssn_tail", "sex", "zip",
           "street", "mrn_key")
_UNKNOWN_SSN = ("000000000", "999999999", "123456789")


def _text(df: pd.DataFrame, *names: str) -> pd.Series:
    """The first of ``names`` present in ``df`` as stripped strings, blank where missing."""
    for name in names:
        if name in df.columns:
            return df[name].astype("string").fillna("").str.strip()
    return pd.Series("", index=df.index, dtype="string")


def _letters(values: pd.Series) -> pd.Series:
    return values.str.upper().str.replace(r"[^A-Z]", "", regex=True)


def _null(values: pd.Series) -> pd.Series:
    """Blank -> None, as an object column (DuckDB reads None as NULL)."""
    out = values.astype(object)
    return out.where(values != "", None)


def _mapped(values: pd.Series, function) -> pd.Series:
    """``function`` of each distinct value once (names repeat a lot)."""
    codes, uniques = pd.factorize(values)
    mapped = np.array([function(v) for v in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def _soundex(name: str):
    return jellyfish.soundex(name) if name else None


def _formals(name: str):
    formals = formal_names(name)
    return sorted(formals) if formals else None


def _dob(values: pd.Series) -> pd.Series:
    full = values.str.fullmatch(r"\d{8}").fillna(False).astype(bool)
    valid = pd.to_datetime(values.where(full), format="%Y%m%d", errors="coerce").notna()
    return values.where(valid, "")


def _ssn(values: pd.Series) -> pd.Series:
    digits = values.str.replace("-", "", regex=False)
    ok = digits.str.fullmatch(r"\d{9}").fillna(False).astype(bool) & ~digits.isin(_UNKNOWN_SSN)
    ok &= ~digits.str.slice(0, 3).isin(("000", "666"))
    return digits.where(ok, "")


def linkage_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The person model's columns (``COLUMNS``) of source records given as NAACCR items (see the module doc)."""
    for required in ("record_id", "source"):
        if required not in df.columns:
            raise ValueError(f"linkage input needs a {required!r} column")
    record_id = _text(df, "record_id")
    if (record_id == "").any() or record_id.duplicated().any():
        raise ValueError("record_id must be present and unique in each linkage input")
    source = _text(df, "source")
    if (source == "").any():
        raise ValueError("every record needs a source (registryId, reporting facility or a file of its own)")
    first = _letters(_text(df, "nameFirst"))
    last = _letters(_text(df, "nameLast"))
    birth = _letters(_text(df, "nameBirthSurname"))
    sex = _text(df, "sexAssignedAtBirth", "sex")
    zip_code = _text(df, "addrAtDxPostalCode", "addrCurrentPostalCode").str.slice(0, 5)
    street = _text(df, "addrAtDxNoStreet", "addrCurrentNoStreet").str.upper().str.replace(r"\s+", " ", regex=True)
    mrn = _text(df, "medicalRecordNumber")
    dob = _dob(_text(df, "dateOfBirth"))
    ssn = _ssn(_text(df, "socialSecurityNumber"))
    frame = pd.DataFrame({
        "unique_id": record_id.astype(object),
        "person_id": _null(_text(df, "person_id")),
        "source": source.astype(object),
        "source_key": _null(_text(df, "patientIdNumber")),
        "first": _null(first),
        "first_formals": _mapped(first, _formals),
        "first_key": _null(_mapped(first, lambda n: formal_name(n) if n else "").astype("string")),
        "last": _null(last),
        "birth_surname": _null(birth.where(birth != last, "")),
        "last_sx": _mapped(last, _soundex),
        "maiden_sx": _mapped(birth.where(birth != "", last), _soundex),
        "dob": _null(dob),
        "dob_md": _null(dob.str.slice(4, 8)),
        "ssn": _null(ssn),
        "ssn_head": _null(ssn.str.slice(0, 5)),
        "ssn_tail": _null(ssn.str.slice(5, 9)),
        "sex": _null(sex.where(sex.isin(("1", "2", "3", "4", "5", "6")), "")),
        "zip": _null(zip_code.where(zip_code.str.fullmatch(r"\d{5}").fillna(False).astype(bool), "")),
        "street": _null(street),
        "mrn_key": _null((source + "|" + mrn).where(mrn != "", "")),
    })
    return frame.reset_index(drop=True)
