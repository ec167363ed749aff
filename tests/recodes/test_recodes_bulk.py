"""Bulk recoding gives the same answers as the per-tumor functions, in input order."""

from __future__ import annotations

import pytest

from registry.recodes.aya import aya_site_recode
from registry.recodes.bulk import aya_codes, iccc_codes, site_recode_codes, site_recode_columns
from registry.recodes.iccc import iccc

TUMORS = [
    {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "dateOfDiagnosis": "20200101"},
    {"primarySite": "C619", "histologicTypeIcdO3": "8140", "behaviorCodeIcdO3": "3", "dateOfDiagnosis": "2019"},
    {"primarySite": "C000", "histologicTypeIcdO3": "9727", "behaviorCodeIcdO3": "3", "dateOfDiagnosis": "2009"},
    {"primarySite": "C000", "histologicTypeIcdO3": "9727", "behaviorCodeIcdO3": "3", "dateOfDiagnosis": "2012"},
    {"primarySite": "C700", "histologicTypeIcdO3": "9530", "behaviorCodeIcdO3": "0", "dateOfDiagnosis": "2021"},
    {"primarySite": "", "histologicTypeIcdO3": "8000", "behaviorCodeIcdO3": "3", "dateOfDiagnosis": "2021"},
]


def test_site_recode_codes_in_order_with_cache_reuse() -> None:
    assert site_recode_codes(TUMORS * 3) == ["39", "49", "67", "70", "81", "99"] * 3
    assert site_recode_codes(TUMORS, "2008")[:2] == ["26000", "28010"]


def test_column_form_matches_and_rejects_ragged_columns() -> None:
    cols = [[t[k] for t in TUMORS] for k in ("primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3")]
    years = [t["dateOfDiagnosis"][:4] for t in TUMORS]
    assert site_recode_columns(*cols, years) == site_recode_codes(TUMORS)
    with pytest.raises(ValueError):
        site_recode_columns(cols[0], cols[1], cols[2], years[:-1])


def test_iccc_and_aya_bulk_match_single_calls() -> None:
    assert iccc_codes(TUMORS) == [iccc(t["primarySite"], t["histologicTypeIcdO3"], t["behaviorCodeIcdO3"]).code
                                  for t in TUMORS]
    assert aya_codes(TUMORS) == [aya_site_recode(t["primarySite"], t["histologicTypeIcdO3"],
                                                 t["behaviorCodeIcdO3"]).code for t in TUMORS]
