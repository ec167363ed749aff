"""SEER Hematopoietic and Lymphoid Neoplasm Database pair tables (2010+ rules), shipped in ``data/``.

* ``Hematopoietic2010SamePrimaryPairs.csv`` – for a morphology ("9742/3"), the morphologies that are
  the same primary, each valid for a range of diagnosis years;
* ``Hematopoietic2010TransformToPairs.csv`` / ``...TransformFromPairs.csv`` – the morphologies a
  neoplasm can transform to / from (chronic to acute and acute to chronic transformations).

Columns: morphology, valid start year, valid end year, start year, end year, paired morphology.  A pair
applies in the years [start, end], where a blank start/end falls back to the valid start/end year and
then to "no limit".  The tables are not symmetric in their year limits (a code retired in 2009 keeps
its own list closed while newer codes still list it), so which list is read matters; see
:func:`is_same_primary`.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

_Pairs = dict[str, tuple[tuple[str, int, int], ...]]


def _year(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


@cache
def _pairs(name: str) -> _Pairs:
    text = resources.files("registry.multiple_primaries").joinpath("data", name).read_text(encoding="utf-8")
    out: dict[str, list[tuple[str, int, int]]] = {}
    for rec in list(csv.reader(io.StringIO(text)))[1:]:
        if len(rec) < 6:
            continue
        valid_start, valid_end, start, end = (_year(x) for x in rec[1:5])
        lo = start if start is not None else (valid_start if valid_start is not None else 0)
        hi = end if end is not None else (valid_end if valid_end is not None else 9999)
        out.setdefault(rec[0].strip(), []).append((rec[5].strip(), lo, hi))
    return {k: tuple(v) for k, v in out.items()}


def _listed(table: str, morphology: str, other: str, year: int) -> bool:
    return any(m == other and lo <= year <= hi for m, lo, hi in _pairs(table).get(morphology, ()))


def is_same_primary(morph1: str, morph2: str, year1: int, year2: int) -> bool:
    """Heme DB Multiple Primaries Calculator answer for two morphologies and their diagnosis years.

    Identical morphologies are the same primary.  Otherwise the later diagnosis must list the earlier
    one as the same primary for the later year; in the same year both must list each other.  This
    reading of the pair tables reproduces all 368 hematopoietic pairs of the imsweb/mph regression
    file; reading both lists ("and") or either list ("or") each contradicts some of them.
    """
    if morph1 == morph2:
        return True
    table = "Hematopoietic2010SamePrimaryPairs.csv"
    if year1 > year2:
        return _listed(table, morph1, morph2, year1)
    if year2 > year1:
        return _listed(table, morph2, morph1, year2)
    return _listed(table, morph1, morph2, year1) and _listed(table, morph2, morph1, year2)


def chronic_to_acute(earlier: str, later: str, earlier_year: int, later_year: int) -> bool:
    """The earlier (chronic) neoplasm transforms to the later (acute) one per the Heme DB."""
    return (_listed("Hematopoietic2010TransformToPairs.csv", earlier, later, earlier_year)
            and _listed("Hematopoietic2010TransformFromPairs.csv", later, earlier, later_year))


def acute_to_chronic(earlier: str, later: str, earlier_year: int, later_year: int) -> bool:
    """The earlier (acute) neoplasm reverts to the later (chronic) one per the Heme DB."""
    return (_listed("Hematopoietic2010TransformFromPairs.csv", earlier, later, earlier_year)
            and _listed("Hematopoietic2010TransformToPairs.csv", later, earlier, later_year))


def is_transformation(morph1: str, morph2: str, year1: int, year2: int) -> bool:
    """Either direction of transformation between the two morphologies (tumor order as given)."""
    return chronic_to_acute(morph1, morph2, year1, year2) or acute_to_chronic(morph1, morph2, year1, year2)
