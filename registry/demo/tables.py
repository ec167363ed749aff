"""Read the frequency tables shipped in ``registry/demo/data`` (see PROVENANCE.md there), once, cached.

The tables are those of the imsweb data-generator (SEER-derived site/histology/behavior frequencies by
sex, age decade by site, race, Hispanic origin, names, streets, ZIP codes, EOD staging value lists), the
SEER 2023 and 2024 site-specific surgery codes and a paired-organ list for laterality. The layouts are described in
``data/frequencies/staging_readme.txt`` and ``shared/docs/naaccr-formats.md`` section 4.2.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
from dataclasses import dataclass
from importlib import resources

from lxml import etree

from registry.demo.sampling import Weighted, expand_spec

_DATA = resources.files("registry.demo") / "data"

# Sites that may only occur in one sex (NAACCR "Primary Site, Sex" edits: female C510-C589, male C600-C639).
FEMALE_ONLY_SITES = ("C51", "C52", "C53", "C54", "C55", "C56", "C57", "C58")
MALE_ONLY_SITES = ("C60", "C61", "C62", "C63")


def sex_specific(site: str) -> str | None:
    """'2' for a female-only site, '1' for a male-only site, None otherwise."""
    if site[:3] in FEMALE_ONLY_SITES:
        return "2"
    if site[:3] in MALE_ONLY_SITES:
        return "1"
    return None


@dataclass(frozen=True, slots=True)
class SiteRow:
    """One row of ``sites_sex_*.csv``: site, histology, behavior and the EOD schema key."""

    site: str
    histology: str
    behavior: str
    eod_schema: str


def _text(*parts: str) -> str:
    ref = _DATA.joinpath(*parts)
    return ref.read_text(encoding="utf-8-sig")


def _rows(*parts: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(_text(*parts))) if row]


@functools.cache
def site_rows(sex: str) -> Weighted[SiteRow]:
    """Site/histology/behavior rows for sex '1' or '2', weighted as in the imsweb tables.

    Rows whose site belongs only to the other sex are dropped, so a clean record never has one; so are the
    rows without an EOD schema (under 1% of the weight: histologies such as 9670 and 9835 that ICD-O-3 retired
    before 2018, when EOD began).
    """
    name = "sites_sex_female.csv" if sex == "2" else "sites_sex_male.csv"
    values, weights = [], []
    for row in _rows("frequencies", name):
        site = row[1]
        if sex_specific(site) not in (None, sex) or not row[6]:
            continue
        values.append(SiteRow(site, row[2], row[3], row[6]))
        weights.append(float(row[0]))
    return Weighted(values, weights)


@functools.cache
def age_decades(site: str) -> Weighted[int]:
    """Age decade at diagnosis (0 = 0-9 years ... 10 = 100+) for a primary site, from ``sites/<site>.csv``."""
    try:
        rows = _rows("frequencies", "sites", f"{site}.csv")
    except FileNotFoundError:
        rows = []
    rows = [r for r in rows if float(r[0]) > 0]
    if not rows:
        return Weighted([6], [1.0])
    return Weighted([int(r[1]) for r in rows], [float(r[0]) for r in rows])


@functools.cache
def coded(name: str) -> Weighted[str]:
    """A ``weight,code`` table such as ``race.csv``, ``sex.csv`` or ``hispanic_origin.csv``."""
    rows = [r for r in _rows("frequencies", name) if float(r[0]) > 0]
    return Weighted([r[1] for r in rows], [float(r[0]) for r in rows])


@functools.cache
def first_names(sex: str) -> tuple[str, ...]:
    name = "first_names_female.csv" if sex == "2" else "first_names_male.csv"
    return tuple(r[0] for r in _rows("frequencies", name))


@functools.cache
def last_names(group: str) -> Weighted[str]:
    """Last names weighted by count; group is 'white', 'black', 'api' or 'hispanic'."""
    rows = _rows("frequencies", f"last_names_{group}.csv")
    return Weighted([r[1].title() for r in rows], [float(r[0]) for r in rows])


@functools.cache
def street_names() -> tuple[str, ...]:
    return tuple(r[0] for r in _rows("frequencies", "street_names.csv"))


@functools.cache
def street_suffixes() -> tuple[str, ...]:
    return tuple(r[0] for r in _rows("frequencies", "street_suffixes.csv"))


@dataclass(frozen=True, slots=True)
class Zip:
    code: str
    city: str
    state: str
    lat: float
    lon: float


@functools.cache
def _zip_rows() -> tuple[tuple[float, Zip], ...]:
    raw = gzip.decompress(_DATA.joinpath("frequencies", "zip-all-states.csv.gz").read_bytes()).decode("utf-8")
    out = []
    for r in csv.reader(io.StringIO(raw)):
        if len(r) >= 6 and r[1].isdigit():
            out.append((float(r[0]), Zip(r[1], r[2].title(), r[3], float(r[4]), float(r[5]))))
    return tuple(out)


@functools.cache
def zips(states: tuple[str, ...]) -> Weighted[Zip]:
    """ZIP codes of the given states, weighted by the population column of ``zip-all-states.csv.gz``."""
    rows = [(w, z) for w, z in _zip_rows() if z.state in states and w > 0]
    return Weighted([z for _, z in rows], [w for w, _ in rows])


@functools.cache
def _eod_schemas() -> dict[str, dict[str, str]]:
    keys = {r[1]: r[0] for r in _rows("frequencies", "staging_keys.csv")}
    schemas: dict[str, dict[str, str]] = {}
    for schema, field_key, spec in _rows("frequencies", "staging_eod.csv"):
        if field_key in keys:
            schemas.setdefault(schema, {})[keys[field_key]] = spec
    return schemas


def eod_values(schema: str) -> dict[str, str]:
    """NAACCR XML id -> allowed-value list (raw spec) for one EOD schema key of ``staging_eod.csv``."""
    return _eod_schemas().get(schema, {})


@functools.cache
def expanded(spec: str) -> tuple[str, ...]:
    return tuple(expand_spec(spec))


@functools.cache
def expanded_set(spec: str) -> frozenset[str]:
    return frozenset(expand_spec(spec))


@functools.cache
def paired_sites() -> dict[str, str]:
    """Primary site -> laterality status ('paired', 'paired_right_only', 'paired_or_unpaired', 'paired_dx2004plus')."""
    return {r["primary_site"]: r["laterality_status"] for r in csv.DictReader(io.StringIO(
        _text("reference", "laterality_paired_sites_DERIVED.csv")))}


def _site_in(site: str, inclusion: str) -> bool:
    for part in inclusion.split(","):
        low, _, high = part.strip().partition("-")
        if low <= site <= (high or low):
            return True
    return False


@functools.cache
def _surgery_tables(version: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(site inclusion list, codes in table order) of every table of a SEER coding manual (2023 or 2024)."""
    name = f"site-specific-surgery-tables-{version}.xml"
    root = etree.fromstring(_DATA.joinpath("reference", name).read_bytes())
    tables = []
    for table in root.iter("surgery-table"):
        codes = tuple(c.text.strip() for c in table.iter("code") if c.text and c.text.strip())
        tables.append((table.findtext("site-inclusion", ""), codes))
    return tuple(tables)


@functools.cache
def surgery_codes(site: str, year: int) -> tuple[str, ...]:
    """Surgery of primary site codes valid for ``site`` diagnosed in ``year``.

    SEER Coding Manual site-specific tables: the 2023 table for 2023 diagnoses, the 2024 table (new ``B``
    codes for breast, colon, lung, pancreas, thyroid) for 2024+; before 2023 the two-digit codes of
    RX Summ--Surg Prim Site #1290 are the 2023 table's ``A`` codes ending in 0 without the prefix and the
    trailing zero (A200 = 20); skin, coded only with ``B`` codes in 2023, has none.
    """
    tables = _surgery_tables("2024" if year >= 2024 else "2023")
    codes = next((c for inclusion, c in tables if _site_in(site, inclusion)), tables[-1][1])
    if year >= 2023:
        return codes
    return tuple(c[1:3] for c in codes if c.startswith("A") and c.endswith("0"))


@functools.cache
def us_2000_population() -> tuple[int, ...]:
    """2000 US population in the 19 age groups 0, 1-4, 5-9, ..., 85+ (SEER, derived code D203)."""
    text = _text("reference", "standard_populations_long_DERIVED.csv")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["standard_code"] == "D203"]
    return tuple(int(r["population"]) for r in rows)
