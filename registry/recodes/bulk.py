"""Recoding many tumors at once (reports recode up to millions of tumors).

The per-tumor functions are already memoised; this module adds a dictionary keyed by the input
tuple that is filled lazily, so a pass over a million tumors costs one dictionary look-up per tumor
after the few thousand distinct (site, histology, behavior, year) combinations have been computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from registry.recodes.aya import aya_site_recode
from registry.recodes.iccc import iccc
from registry.recodes.site_recode import seer_site_recode

_Key = tuple[str, str, str, str]


def _key(record: Mapping[str, str]) -> _Key:
    return (record.get("primarySite") or "", record.get("histologicTypeIcdO3") or "",
            record.get("behaviorCodeIcdO3") or "", (record.get("dateOfDiagnosis") or "")[:4])


def site_recode_codes(records: Iterable[Mapping[str, str]], variant: str = "2023") -> list[str]:
    """SEER site recode code of every NAACCR tumor mapping, in input order."""
    cache: dict[_Key, str] = {}
    out: list[str] = []
    for record in records:
        key = _key(record)
        code = cache.get(key)
        if code is None:
            code = cache[key] = seer_site_recode(key[0], key[1], variant, behavior=key[2], dx_year=key[3] or None).code
        out.append(code)
    return out


def site_recode_columns(sites: Iterable[str], histologies: Iterable[str], behaviors: Iterable[str],
                        years: Iterable[str | int | None], variant: str = "2023") -> list[str]:
    """Column form: recode parallel sequences (e.g. pandas columns converted with ``.tolist()``)."""
    cache: dict[tuple[object, ...], str] = {}
    out: list[str] = []
    for key in zip(sites, histologies, behaviors, years, strict=True):
        code = cache.get(key)
        if code is None:
            s, h, b, y = key
            code = cache[key] = seer_site_recode(s, h, variant, behavior=b, dx_year=y).code
        out.append(code)
    return out


def _by_site_histology_behavior(records: Iterable[Mapping[str, str]], recode) -> list[str]:
    """``recode(site, histology, behavior)`` of every record, in input order, once per distinct triple."""
    cache: dict[tuple[str, str, str], str] = {}
    out: list[str] = []
    for record in records:
        key = _key(record)[:3]
        code = cache.get(key)
        if code is None:
            code = cache[key] = recode(*key)
        out.append(code)
    return out


def iccc_codes(records: Iterable[Mapping[str, str]], edition: str = "iarc2017") -> list[str]:
    """ICCC recode of every NAACCR tumor mapping, in input order."""
    return _by_site_histology_behavior(records, lambda s, h, b: iccc(s, h, b, edition).code)


def aya_codes(records: Iterable[Mapping[str, str]], variant: str = "2020") -> list[str]:
    """AYA site recode of every NAACCR tumor mapping, in input order."""
    return _by_site_histology_behavior(records, lambda s, h, b: aya_site_recode(s, h, b, variant).code)


def clear_caches() -> None:
    """Forget memoised recodes (for benchmarks and for long-running processes after a data update)."""
    from registry.recodes.aya import _aya
    from registry.recodes.iccc import _iccc
    from registry.recodes.site_recode import _recode

    for cached in (_recode, _iccc, _aya):
        cached.cache_clear()
