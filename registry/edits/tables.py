"""Reference tables behind the inter-field edits, read once from ``registry/edits/data`` (see PROVENANCE.md there).

* SEER ICD-O-3 Site/Histology Validation List (2015-09-18 version): the table behind SEER IF25.
* Paired-site laterality list (derived from the California Vol. III statement of SEER IF24/IF138).
* SEER site-specific surgery code tables, 2023 and 2024 coding manuals.

Topography ranges in the tables are expanded against the ICD-O-3 topography codes of the NAACCR lookup for
Primary Site, so a range such as ``C180-C189`` holds only real codes.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

from lxml import etree

from registry.naaccr import lookups


def _data(name: str) -> bytes:
    return (resources.files("registry.edits") / "data" / name).read_bytes()


@functools.cache
def topography_codes() -> tuple[str, ...]:
    """All valid ICD-O-3 topography codes (C000-C809), sorted."""
    return tuple(sorted(lookups.codes("primarySite") or {}))


def expand_sites(spec: str) -> frozenset[str]:
    """Expand a list such as ``"C180, C182-C189, C199"`` to the topography codes it covers."""
    sites: set[str] = set()
    all_codes = topography_codes()
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        low, _, high = part.partition("-")
        high = high or low
        sites.update(c for c in all_codes if low <= c <= high)
    return frozenset(sites)


@functools.cache
def site_histology_pairs() -> frozenset[str]:
    """Valid site/histology/behavior combinations as ``site + histology + behavior`` strings (e.g. ``C50085003``)."""
    text = _data("sitetype_icdo3_d20150918.csv").decode("utf-8")
    pairs: set[str] = set()
    for row in csv.DictReader(io.StringIO(text)):
        morph = row["histology_behavior"].replace("/", "")
        pairs.update(site + morph for site in expand_sites(row["site_recode"]))
    return frozenset(pairs)


@dataclass(frozen=True, slots=True)
class Laterality:
    status: str  # paired, paired_right_only, paired_or_unpaired, paired_dx2004plus
    allowed: frozenset[str]
    from_year: int | None


@functools.cache
def paired_sites() -> dict[str, Laterality]:
    """Primary site -> its laterality rule; sites not listed are unpaired (laterality 0)."""
    text = _data("laterality_paired_sites_DERIVED.csv").decode("utf-8")
    table: dict[str, Laterality] = {}
    for row in csv.DictReader(io.StringIO(text)):
        year = row["applies_from_dx_year"].strip()
        table[row["primary_site"]] = Laterality(
            row["laterality_status"], frozenset(row["allowed_laterality_codes"].split(",")),
            int(year) if year else None)
    return table


@dataclass(frozen=True, slots=True)
class SurgeryTable:
    title: str
    codes: frozenset[str]


@functools.cache
def surgery_tables(version: str) -> dict[str, SurgeryTable]:
    """Primary site -> its site-specific surgery table for the SEER coding manual ``version`` (2023 or 2024)."""
    root = etree.fromstring(_data(f"site-specific-surgery-tables-{version}.xml"))
    by_site: dict[str, SurgeryTable] = {}
    for table in root.iter("surgery-table"):
        codes = frozenset(c.text.strip() for c in table.iter("code") if c.text and c.text.strip())
        entry = SurgeryTable(table.get("title", ""), codes)
        for site in expand_sites(table.findtext("site-inclusion") or ""):
            by_site[site] = entry
    return by_site


@functools.cache
def legacy_surgery_codes() -> dict[str, frozenset[str]]:
    """Primary site -> 2-digit RX Summ--Surg Prim Site codes (2003-2022), read from the 2023 tables' A-codes.

    The 2023 SEER manual writes codes kept from 2003-2022 as ``A`` + old code + ``0`` (A200 = 20); tables that
    use only new ``B`` codes in 2023 (skin) give no legacy codes and are left out.
    """
    legacy: dict[str, frozenset[str]] = {}
    for site, table in surgery_tables("2023").items():
        old = frozenset(c[1:3] for c in table.codes if c.startswith("A") and c.endswith("0"))
        if old:
            legacy[site] = old
    return legacy
