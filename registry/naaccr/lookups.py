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
    # A histology code's label: its preferred term, taking the malignant (/3) form where there is one,
    # since registries mostly hold malignant tumours (8140/0 is "Adenoma", 8140/3 "Adenocarcinoma, NOS").
    hist: dict[str, tuple[int, str]] = {}
    for code, behavior, term, preferred in histology_terms():
        rank = (0 if preferred else 10) + {"3": 0, "2": 1, "1": 2, "0": 3}.get(behavior, 4)
        if code not in hist or rank < hist[code][0]:
            hist[code] = (rank, term)
    tables["histologicTypeIcdO3"] = {code: term for code, (_rank, term) in hist.items()}
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


@functools.cache
def _histology_behavior_terms() -> dict[tuple[str, str], str]:
    terms: dict[tuple[str, str], str] = {}
    for want_preferred in (True, False):  # preferred terms first; an alternate only where none is preferred
        for code, behavior, term, preferred in histology_terms():
            if preferred == want_preferred:
                terms.setdefault((code, behavior), term)
    return terms


def histology_label(histology: str, behavior: str | None = None) -> str | None:
    """The preferred ICD-O-3 term for a histology with its behavior (e.g. 8140/2 carcinoma in situ)."""
    if behavior:
        term = _histology_behavior_terms().get((histology, behavior))
        if term:
            return term
    return label("histologicTypeIcdO3", histology)


def items_with_lookups() -> list[str]:
    return sorted(_all())
