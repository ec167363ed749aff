"""SEER Adolescent and Young Adult (AYA, ages 15-39) Site Recode, from the SEER tables in ``data/``.

Variants (seer.cancer.gov/ayarecode):

* ``"2020"``    – AYA Site Recode 2020 Revision (codes "001"-"218", unclassified "999");
* ``"who2008"`` – AYA Site Recode/WHO 2008 Definition (codes "01"-"56", unclassified "99").

Each table row lists ICD-O-3 histologies, primary sites and behaviors; the first matching row gives
the recode.  Heading rows (no conditions) are kept only for the ordered group listing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from registry.recodes.ranges import digit_int, hist_int, parse_ranges, site_int
from registry.recodes.rows import GroupEntry, RecodeRow, first_match, read_text
from registry.recodes.site_recode import RecodeResult

VARIANTS = {"2020": ("ayarecode-2020revision.csv", "999", 3), "who2008": ("ayarecodewho2008.txt", "99", 2)}
UNKNOWN_LABEL = "Unclassified"
_CONTINUED = re.compile(r"\(continued\)\s*$")


@dataclass(frozen=True)
class _Table:
    rows: tuple[RecodeRow, ...]
    groups: tuple[GroupEntry, ...]
    labels: dict[str, str]
    unknown: str


def _check(variant: str) -> None:
    if variant not in VARIANTS:
        raise ValueError(f"unknown AYA site recode variant {variant!r}; expected one of {sorted(VARIANTS)}")


def _records(variant: str) -> list[tuple[str, str, str, str, str]]:
    """(label, histologies, sites, behaviors, recode) per data row, in file order."""
    name = VARIANTS[variant][0]
    if variant == "2020":
        rows = list(csv.reader(io.StringIO(read_text(name))))[1:]
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows if len(r) >= 5 and (r[0].strip() or r[4].strip())]
    rows = list(csv.reader(io.StringIO(read_text(name)), delimiter=";"))[2:]
    return [(r[0], r[3], r[2], r[1], r[4]) for r in rows if len(r) >= 5 and any(f.strip() for f in r)]


def _level(label: str) -> int:
    """Depth of a heading from its leading spaces (3 per level in the published tables)."""
    return (len(label) - len(label.lstrip(" "))) // 3


@cache
def _table(variant: str) -> _Table:
    _check(variant)
    _, unknown, width = VARIANTS[variant]
    rows: list[RecodeRow] = []
    groups: list[GroupEntry] = []
    labels: dict[str, str] = {}
    previous = ""
    for raw_label, hists, sites, behs, recode in _records(variant):
        label = " ".join(raw_label.split())
        label = previous if not label or _CONTINUED.search(label) else label
        previous = label
        recode = recode.strip()
        executable = bool(hists.strip() and sites.strip() and behs.strip() and recode.isdigit())
        code = recode.zfill(width) if executable or recode == unknown else None
        entry = GroupEntry(label, _level(raw_label), code)
        if recode and label and not any(g.label == label for g in groups):
            groups.append(entry)
        if executable and code is not None:
            labels.setdefault(code, label)
            rows.append(RecodeRow(code, label, site_in=parse_ranges(sites), hist_in=parse_ranges(hists),
                                  beh_in=parse_ranges(behs)))
    return _Table(tuple(rows), tuple(groups), labels, unknown)


@lru_cache(maxsize=1 << 18)
def _aya(variant: str, site: str, hist: str, beh: str) -> RecodeResult:
    table = _table(variant)
    s, h, b = site_int(site), hist_int(hist), digit_int(beh)
    row = first_match(table.rows, s, h, b, None) if s is not None and h is not None and b is not None else None
    return RecodeResult(row.code, row.label) if row else RecodeResult(table.unknown, UNKNOWN_LABEL)


def aya_site_recode(site: str | None, histology: str | None, behavior: str | None = "3",
                    variant: str = "2020") -> RecodeResult:
    """AYA site recode of a tumor from primary site, ICD-O-3 histology and behavior (default "3")."""
    _check(variant)
    return _aya(variant, (site or "").strip().upper(), (histology or "").strip(), (behavior or "").strip())


def aya_site_recode_record(record: Mapping[str, str], variant: str = "2020") -> RecodeResult:
    """AYA site recode of a NAACCR tumor mapping (primarySite, histologicTypeIcdO3, behaviorCodeIcdO3)."""
    get = record.get
    return aya_site_recode(get("primarySite"), get("histologicTypeIcdO3"), get("behaviorCodeIcdO3"), variant)


def aya_label(code: str, variant: str = "2020") -> str:
    """Label of an AYA recode value; "Unclassified" for the unknown or an unlisted code."""
    return _table(variant).labels.get((code or "").strip(), UNKNOWN_LABEL)


def aya_groups(variant: str = "2020") -> list[GroupEntry]:
    """AYA recode hierarchy in published order."""
    return list(_table(variant).groups)


def aya_rows(variant: str = "2020") -> tuple[RecodeRow, ...]:
    """Executable rows of a variant, in evaluation order."""
    return _table(variant).rows
