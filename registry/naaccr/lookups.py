"""NAACCR code lookups: the allowed codes, with labels, of coded items (SEER/IMS lookups for v26).

Read from ``data/lookups/naaccr-lookups-260.zip`` (a CSV per NAACCR XML ID, two columns, no header;
histology has an extra detailed file that is skipped here). Cached after the first read.
"""

from __future__ import annotations

import csv
import functools
import io
import zipfile
from importlib import resources

_ZIP = "naaccr-lookups-260.zip"


@functools.cache
def _all() -> dict[str, dict[str, str]]:
    ref = resources.files("registry.naaccr") / "data" / "lookups" / _ZIP
    tables: dict[str, dict[str, str]] = {}
    with ref.open("rb") as fh, zipfile.ZipFile(fh) as zf:
        for name in zf.namelist():
            base = name.rsplit("/", 1)[-1]
            if not base.endswith(".csv") or "_" in base[:-4]:
                continue
            text = zf.read(name).decode("utf-8-sig")
            rows = {}
            for row in csv.reader(io.StringIO(text)):
                if row and row[0] != "":
                    rows[row[0]] = row[1] if len(row) > 1 else ""
            tables[base[:-4]] = rows
    hist: dict[str, str] = {}
    for code, _behavior, term, _kind in histology_terms():
        hist.setdefault(code, term)
    tables["histologicTypeIcdO3"] = hist
    return tables


@functools.cache
def histology_terms() -> list[tuple[str, str, str, bool]]:
    """ICD-O-3 morphology terms: (histology, behavior, term, is_preferred), in the lookup's order."""
    ref = resources.files("registry.naaccr") / "data" / "lookups" / _ZIP
    with ref.open("rb") as fh, zipfile.ZipFile(fh) as zf:
        text = zf.read("naaccr-lookups-260/histologicTypeIcdO3_allTerms.csv").decode("utf-8-sig")
    return [
        (row[0], row[1], row[2], row[3] == "preferred")
        for row in csv.reader(io.StringIO(text))
        if len(row) >= 4 and row[0].isdigit()
    ]


def codes(naaccr_id: str) -> dict[str, str] | None:
    """Allowed code -> label for an item, or None when the item has no lookup table."""
    return _all().get(naaccr_id)


def label(naaccr_id: str, code: str) -> str | None:
    table = codes(naaccr_id)
    return table.get(code) if table else None


def items_with_lookups() -> list[str]:
    return sorted(_all())
