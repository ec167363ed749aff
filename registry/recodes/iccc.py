"""International Classification of Childhood Cancer (ICCC-3), from the SEER ICCC tables in ``data/``.

Editions (seer.cancer.gov/iccc):

* ``"iarc2017"`` – ICCC third edition based on ICD-O-3/IARC 2017 (default; conditions on behavior);
* ``"who2008"``  – ICCC based on ICD-O-3/WHO 2008 (conditions on behavior);
* ``"third"``    – ICCC third edition (Steliarova-Foucher et al. 2005; no behavior condition).

A tumor takes the first matching row.  The result carries the ICCC recode (e.g. "011"), the extended
recode (e.g. "001", not defined for ``"third"``) and the main diagnostic group (I-XII) the recode
belongs to.  No match gives "999" (not classified / in situ).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from registry.recodes.ranges import digit_int, hist_int, parse_ranges, site_int
from registry.recodes.rows import GroupEntry, RecodeRow, first_match, read_text

EDITION_FILES = {
    "iarc2017": "iccc-data-third-edition-iarc-2017.csv",
    "who2008": "iccc-data-who-2008.csv",
    "third": "iccc-data-third-edition.csv",
}
UNKNOWN = "999"
UNKNOWN_LABEL = "Not classified by SEER or in situ"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class IcccResult:
    """ICCC recode, its label, the extended recode and the main diagnostic group (roman numeral)."""

    code: str
    label: str
    extended: str
    extended_label: str
    main_group: str
    main_label: str


@dataclass(frozen=True)
class _Edition:
    rows: tuple[RecodeRow, ...]
    extended: dict[int, str]
    groups: tuple[GroupEntry, ...]
    labels: dict[str, str]
    main: dict[str, tuple[str, str]]


def _check(edition: str) -> None:
    if edition not in EDITION_FILES:
        raise ValueError(f"unknown ICCC edition {edition!r}; expected one of {sorted(EDITION_FILES)}")


@cache
def _edition(edition: str) -> _Edition:
    _check(edition)
    records = [r for r in csv.reader(io.StringIO(read_text(EDITION_FILES[edition])))][1:]
    rows: list[RecodeRow] = []
    extended: dict[int, str] = {}
    groups: list[GroupEntry] = []
    labels: dict[str, str] = {}
    main: dict[str, tuple[str, str]] = {}
    numerals: list[str] = []
    for rec in records:
        if not rec or not rec[0].strip():
            continue
        rec = [f.strip() for f in rec] + [""] * (11 - len(rec))
        name, level, code, content = rec[1], int(rec[2] or 0), rec[7] or None, rec[8]
        children = [c.strip() for c in content.split(",") if c.strip()]
        if level == 0 and code != UNKNOWN:
            numeral = ROMAN[len(numerals)]
            numerals.append(numeral)
            main.update({child: (numeral, name) for child in children + ([code] if code else [])})
        if code is None and len(children) == 1:
            labels.setdefault(children[0], name)
        entry = GroupEntry(name, level, code or (children[0] if len(children) == 1 else None))
        if entry not in groups:
            groups.append(entry)
        if code is not None:
            labels.setdefault(code, name)
            beh = parse_ranges(rec[10]) if edition != "third" else parse_ranges("")
            rows.append(RecodeRow(code, name, site_in=parse_ranges(rec[3]), site_out=parse_ranges(rec[4]),
                                  hist_in=parse_ranges(rec[5]), hist_out=parse_ranges(rec[6]), beh_in=beh))
            extended[id(rows[-1])] = rec[9] or UNKNOWN
    return _Edition(tuple(rows), extended, tuple(groups), labels, main)


def _main_by_prefix(data: _Edition, code: str, edition: str) -> tuple[str, str]:
    """ICCC recodes "XYZ" of the 2008/2017 editions belong to main group XY (e.g. "063" -> VI)."""
    if edition == "third" or not code.isdigit() or not 1 <= int(code[:2]) <= len(ROMAN):
        return ("", "")
    numeral = ROMAN[int(code[:2]) - 1]
    return next(((n, label) for n, label in data.main.values() if n == numeral), (numeral, ""))


@lru_cache(maxsize=1 << 18)
def _iccc(edition: str, site: str, hist: str, beh: str) -> IcccResult:
    data = _edition(edition)
    s, h, b = site_int(site), hist_int(hist), digit_int(beh)
    if s is None or h is None or (edition != "third" and b is None):
        return IcccResult(UNKNOWN, UNKNOWN_LABEL, UNKNOWN, UNKNOWN_LABEL, "", "")
    row = first_match(data.rows, s, h, b, None)
    if row is None or row.code == UNKNOWN:
        return IcccResult(UNKNOWN, UNKNOWN_LABEL, UNKNOWN, UNKNOWN_LABEL, "", "")
    ext = data.extended[id(row)] if edition != "third" else row.code
    numeral, main_label = data.main.get(row.code) or _main_by_prefix(data, row.code, edition)
    return IcccResult(row.code, data.labels.get(row.code, row.label), ext, row.label, numeral, main_label)


def iccc(site: str | None, histology: str | None, behavior: str | None = "3", edition: str = "iarc2017") -> IcccResult:
    """ICCC-3 recode of a tumor from primary site, ICD-O-3 histology and behavior (default "3")."""
    _check(edition)
    return _iccc(edition, (site or "").strip().upper(), (histology or "").strip(), (behavior or "").strip())


def iccc_record(record: Mapping[str, str], edition: str = "iarc2017") -> IcccResult:
    """ICCC-3 recode of a NAACCR tumor mapping (primarySite, histologicTypeIcdO3, behaviorCodeIcdO3)."""
    get = record.get
    return iccc(get("primarySite"), get("histologicTypeIcdO3"), get("behaviorCodeIcdO3"), edition)


def iccc_label(code: str, edition: str = "iarc2017") -> str:
    """Label of an ICCC recode value (main code such as "011" or, for "third", the code itself)."""
    if (code or "").strip() == UNKNOWN:
        return UNKNOWN_LABEL
    return _edition(edition).labels.get((code or "").strip(), UNKNOWN_LABEL)


def iccc_groups(edition: str = "iarc2017") -> list[GroupEntry]:
    """ICCC hierarchy in published order (main groups, subgroups, extended groups)."""
    return list(_edition(edition).groups)


def iccc_rows(edition: str = "iarc2017") -> tuple[RecodeRow, ...]:
    """Executable rows of an edition in evaluation order (extended codes via :func:`iccc`)."""
    return _edition(edition).rows
