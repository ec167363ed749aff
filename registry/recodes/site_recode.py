"""SEER Site Recode (ICD-O-3), computed from the SEER definition tables shipped in ``data/``.

Variants (SEER pages named in data/PROVENANCE.md):

* ``"2023"``          – SEER Site Recode 2023 Revision (2-digit codes, unknown "99");
* ``"2023-expanded"`` – SEER Site Recode 2023 Revision Expanded (2-digit codes, unknown "99");
* ``"2008"``          – SEER Site Recode ICD-O-3/WHO 2008 Definition (5-digit codes, unknown "99999");
* ``"2003"``          – SEER Site Recode ICD-O-3 (1/27/2003) Definition (unknown "99999");
* ``"2003-without-ks-meso"`` – the 2003 definition without Kaposi sarcoma and mesothelioma groups.

The 2023 tables also condition on behavior (2, 3; CNS 0, 1) and on the year of diagnosis (9727 is a
precursor lymphoid neoplasm to 2009 and a non-Hodgkin lymphoma from 2010).  The first matching row
gives the recode; no match gives the variant's unknown code.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from registry.recodes.ranges import digit_int, hist_int, parse_ranges, site_int
from registry.recodes.rows import (
    GroupEntry,
    RecodeRow,
    first_match,
    optional_int,
    read_text,
)

VARIANT_FILES = {
    "2023": "site-recode-data-2023.csv",
    "2023-expanded": "site-recode-data-2023-expanded.csv",
    "2008": "site-recode-data-2008.csv",
    "2003": "site-recode-data-2003.csv",
    "2003-without-ks-meso": "site-recode-data-2003-without-kms.csv",
}
UNKNOWN_LABEL = "Unknown"


@dataclass(frozen=True)
class RecodeResult:
    """A recode value and its published label."""

    code: str
    label: str


@dataclass(frozen=True)
class _Table:
    rows: tuple[RecodeRow, ...]
    groups: tuple[GroupEntry, ...]
    labels: dict[str, str]
    unknown: str
    years: tuple[int, ...]


def unknown_code(variant: str) -> str:
    """The code a variant assigns when no row matches ("99" for 2023, "99999" before)."""
    _check(variant)
    return "99" if variant.startswith("2023") else "99999"


def _check(variant: str) -> None:
    if variant not in VARIANT_FILES:
        raise ValueError(f"unknown SEER site recode variant {variant!r}; expected one of {sorted(VARIANT_FILES)}")


def _row_2023(rec: list[str]) -> tuple[GroupEntry, RecodeRow | None]:
    name, level, code = rec[1].strip(), int(rec[2] or 0), rec[9].strip() or None
    entry = GroupEntry(name, level, code)
    if code is None:
        return entry, None
    row = RecodeRow(code, name, site_in=parse_ranges(rec[3]), hist_in=parse_ranges(rec[4]),
                    hist_out=parse_ranges(rec[5]), beh_in=parse_ranges(rec[6]),
                    year_min=optional_int(rec[7]), year_max=optional_int(rec[8]))
    return entry, row


def _row_2008(rec: list[str]) -> tuple[GroupEntry, RecodeRow | None]:
    name, level, code = rec[1].strip(), int(rec[2] or 0), rec[7].strip() or None
    entry = GroupEntry(name, level, code)
    if code is None:
        return entry, None
    row = RecodeRow(code, name, site_in=parse_ranges(rec[3]), site_out=parse_ranges(rec[4]),
                    hist_in=parse_ranges(rec[5]), hist_out=parse_ranges(rec[6]))
    return entry, row


@cache
def _table(variant: str) -> _Table:
    _check(variant)
    records = list(csv.reader(io.StringIO(read_text(VARIANT_FILES[variant]))))[1:]
    parse = _row_2023 if variant.startswith("2023") else _row_2008
    rows: list[RecodeRow] = []
    groups: list[GroupEntry] = []
    labels: dict[str, str] = {}
    for rec in records:
        if not rec or not any(field.strip() for field in rec):
            continue
        entry, row = parse(rec)
        if entry not in groups:
            groups.append(entry)
        if row is not None:
            rows.append(row)
            labels.setdefault(row.code, row.label)
    years = sorted({y for r in rows for y in (r.year_min, (r.year_max or 0) + 1) if y and r.year_bounded})
    return _Table(tuple(rows), tuple(groups), labels, unknown_code(variant), tuple(years))


@lru_cache(maxsize=1 << 20)
def _recode(variant: str, site: str, hist: str, beh: str, year: str) -> RecodeResult:
    table = _table(variant)
    s, h, b, y = site_int(site), hist_int(hist), digit_int(beh), digit_int(year)
    if s is None or h is None or (variant.startswith("2023") and b is None):
        return RecodeResult(table.unknown, UNKNOWN_LABEL)
    if y is not None or not table.years:
        row = first_match(table.rows, s, h, b, y)
        return RecodeResult(row.code, row.label) if row else RecodeResult(table.unknown, UNKNOWN_LABEL)
    return _recode_unknown_year(table, s, h, b)


def _recode_unknown_year(table: _Table, s: int, h: int, b: int | None) -> RecodeResult:
    """Without a diagnosis year, answer only when every year band of the table gives the same row."""
    rows = [first_match(table.rows, s, h, b, year) for year in (*table.years, table.years[0] - 1)]
    found = {(row.code, row.label) if row else None for row in rows}
    if len(found) == 1 and None not in found:
        return RecodeResult(*found.pop())
    return RecodeResult(table.unknown, UNKNOWN_LABEL)


def seer_site_recode(site: str | None, histology: str | None, variant: str = "2023", *,
                     behavior: str | None = "3", dx_year: str | int | None = None) -> RecodeResult:
    """SEER site recode of a tumor from primary site ("C504"), ICD-O-3 histology ("8500"), behavior and year.

    ``behavior`` defaults to "3" (malignant) and only matters for the 2023 variants; ``dx_year`` (or
    a NAACCR date "YYYYMMDD") only matters where the table changes with the year of diagnosis.
    """
    year = str(dx_year)[:4] if dx_year not in (None, "") else ""
    return _recode(variant, (site or "").strip().upper(), (histology or "").strip(), (behavior or "").strip(), year)


def seer_site_recode_record(record: Mapping[str, str], variant: str = "2023") -> RecodeResult:
    """Site recode of a NAACCR tumor mapping (primarySite, histologicTypeIcdO3, behaviorCodeIcdO3, dateOfDiagnosis)."""
    get = record.get
    return seer_site_recode(get("primarySite"), get("histologicTypeIcdO3"), variant,
                            behavior=get("behaviorCodeIcdO3"), dx_year=(get("dateOfDiagnosis") or "")[:4] or None)


def site_recode_label(code: str, variant: str = "2023") -> str:
    """Published label of a site recode value; "Unknown" for the unknown code or an unlisted code."""
    return _table(variant).labels.get((code or "").strip(), UNKNOWN_LABEL)


def site_recode_groups(variant: str = "2023") -> list[GroupEntry]:
    """The recode's hierarchy in published order: headings (code None) and recode groups with labels."""
    return list(_table(variant).groups)


def site_recode_rows(variant: str = "2023") -> tuple[RecodeRow, ...]:
    """The executable rows of a variant, in evaluation order."""
    return _table(variant).rows
