"""Survival cases counted per integer key: one number per case, computed in SQL, holding everything the life
tables need (survival months, death, and for expected survival the cohort), so the database returns counts.

Key (mixed radix, most significant first): whole survival months (0..max_months), dead (0/1), and with the
cohort: age at diagnosis (0..998 as coded, 999 unknown), sex (0 other/unknown, 1 male, 2 female: NAACCR item
220), year of diagnosis clipped to [1800, last life-table year] (the same expected survival; registry.reports.
stats.expected) less 1800, and life-table race (0 all races, 1 white for race1 "01", 2 black for "02").
Tumors the filter covers that cannot enter a survival analysis get key -1, so one scan counts both.

Counting: PostgreSQL aggregates per key (hash aggregate) and returns the counts packed in one string per
category (``string_agg``: one row, not a row per key). SQLite has no hash aggregation (its GROUP BY sorts every
row), so it returns the keys packed in one string (``group_concat``) and numpy counts them (``numpy.unique``):
the same counts for about half the CPU time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, ColumnElement, String, and_, case, cast, func, literal_column, select
from sqlalchemy.orm import Session

from registry.abstracting.models import Patient, Tumor
from registry.reports.fetch import NULL_MARK, ROW_SEP, packed_column

YEAR_FLOOR = 1800  # as registry.reports.stats.relative: earlier years share expected survival with 1800
UNKNOWN_AGE = 999
INELIGIBLE = -1


@dataclass(frozen=True)
class KeyLayout:
    """Radices of the key after months: dead, then (with the cohort) age, sex, year offset, race."""

    max_months: int
    last_year: int | None = None  # None: no cohort parts

    @property
    def radices(self) -> tuple[int, ...]:
        if self.last_year is None:
            return (2,)
        return (2, UNKNOWN_AGE + 1, 3, self.last_year - YEAR_FLOOR + 1, 3)

    @property
    def names(self) -> tuple[str, ...]:
        return ("dead",) if self.last_year is None else ("dead", "age", "sex_code", "dx_year", "race_code")


def _least(dialect: str, a, b):
    return func.min(a, b) if dialect == "sqlite" else func.least(a, b)


def _greatest(dialect: str, a, b):
    return func.max(a, b) if dialect == "sqlite" else func.greatest(a, b)


def age_code(dialect: str) -> ColumnElement[int]:
    """ageAtDiagnosis as a number when it is 1-3 digits, else 999 (unknown); 999 too when the year of diagnosis
    is missing (no expected survival without it)."""
    age = Tumor.ageAtDiagnosis
    # PostgreSQL: translate() is cheaper than a regular expression; SQLite has GLOB, not translate()
    only_digits = (age.op("NOT GLOB")("*[^0-9]*") if dialect == "sqlite"
                   else func.translate(age, "0123456789", "") == "")
    digits = and_(func.length(age).between(1, 3), only_digits)
    return case((and_(digits, Tumor.dx_year.is_not(None)), cast(age, BigInteger)), else_=UNKNOWN_AGE)


def _cohort_parts(dialect: str, last_year: int) -> list[ColumnElement[int]]:
    sex = case((Patient.sexAssignedAtBirth == "1", 1), (Patient.sexAssignedAtBirth == "2", 2), else_=0)
    year = func.coalesce(_greatest(dialect, _least(dialect, Tumor.dx_year, last_year), YEAR_FLOOR), YEAR_FLOOR)
    race = case((Patient.race1 == "01", 1), (Patient.race1 == "02", 2), else_=0)
    return [age_code(dialect), sex, year - YEAR_FLOOR, race]


def case_key(dialect: str, whole_months, layout: KeyLayout, eligible: Sequence) -> ColumnElement[int]:
    """The key of an eligible case (module docstring), -1 for the others.

    Months and death together as ``least(2 × months + died, 2 × max_months)``: below ``max_months`` that is
    ``2 × months + died``, past it ``2 × max_months`` (counted at ``max_months``, alive), with the survival
    months (two date parses) computed once per row."""
    died = case((Patient.vitalStatus == "0", 1), else_=0)
    key = _least(dialect, cast(whole_months, BigInteger) * 2 + died, 2 * layout.max_months)
    if layout.last_year is not None:
        for radix, part in zip(layout.radices[1:], _cohort_parts(dialect, layout.last_year), strict=True):
            key = key * radix + part
    return case((and_(*eligible), key), else_=INELIGIBLE)


def count_keys(session: Session, key: ColumnElement[int], by, conditions: Sequence) -> dict:
    """``{raw by value (None without by): (keys, counts)}`` over tumor ⋈ patient under ``conditions``."""
    base = select().select_from(Tumor).join(Patient, Patient.id == Tumor.patient_id).where(*conditions)
    if session.get_bind().dialect.name == "sqlite":
        return _count_sqlite(session, base, key, by)
    group = [by.label("by")] if by is not None else []
    inner = base.add_columns(*group, key.label("k"), func.count().label("n")).group_by(*group, key).subquery()
    outer_group = [inner.c.by] if group else []
    packed = func.string_agg(cast(inner.c.k, String) + " " + cast(inner.c.n, String), literal_column("' '"))
    query = select(*outer_group, packed).group_by(*outer_group)
    return {row[0] if group else None: _unpack(row[-1]) for row in session.execute(query)}


def _count_sqlite(session: Session, base, key: ColumnElement[int], by) -> dict:
    """Every row's key (and ``by`` value) packed by SQLite in one aggregate pass, counted by numpy. The two
    ``group_concat`` of one pass step through the same rows in the same order, so their entries pair up."""
    if by is None:
        return {None: _count(session.execute(base.add_columns(func.group_concat(key))).scalar())}
    labels, keys = session.execute(base.add_columns(packed_column(by), func.group_concat(key))).one()
    values = np.array(labels.split(ROW_SEP) if labels else [], dtype=object)
    all_keys = np.fromstring(keys or "", dtype=np.int64, sep=",")
    if values.size != all_keys.size:
        raise RuntimeError("SQLite returned unpaired survival keys")
    codes, uniques = pd.factorize(values)
    uniques = [None if raw == NULL_MARK else raw for raw in uniques]
    span = int(all_keys.max()) + 2 if all_keys.size else 1  # keys from -1: code * span + key + 1 is one number
    combined, counts = np.unique(codes * span + all_keys + 1, return_counts=True)
    group, keys = np.divmod(combined, span)
    bounds = np.searchsorted(group, np.arange(len(uniques) + 1))
    return {raw: (keys[bounds[i]:bounds[i + 1]] - 1, counts[bounds[i]:bounds[i + 1]])
            for i, raw in enumerate(uniques)}


def _count(text: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Keys packed by SQLite's ``group_concat`` counted per distinct key."""
    keys = np.fromstring(text or "", dtype=np.int64, sep=",")
    return np.unique(keys, return_counts=True)


def _unpack(text: str | None) -> tuple[np.ndarray, np.ndarray]:
    """``"key count key count ..."`` (PostgreSQL ``string_agg``) as arrays."""
    pairs = np.fromstring(text or "", dtype=np.int64, sep=" ").reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def decode(keys: np.ndarray, layout: KeyLayout) -> dict[str, np.ndarray]:
    """Columns ``months`` and the layout's parts from eligible keys (year back to the calendar year)."""
    out: dict[str, np.ndarray] = {}
    rest = np.asarray(keys, dtype=np.int64)
    for name, radix in zip(reversed(layout.names), reversed(layout.radices), strict=True):
        rest, out[name] = np.divmod(rest, radix)
    out["months"] = rest
    if "dx_year" in out:
        out["dx_year"] = out["dx_year"] + YEAR_FLOOR
    return out
