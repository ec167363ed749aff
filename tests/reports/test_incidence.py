"""Incidence rates over the database (SQLite and PostgreSQL): counts, crude and age-adjusted rates checked by
hand against the 2000 US standard weights, residents only, filters, suppression and the JSON contract."""

from __future__ import annotations

import pytest

from registry.extensions import db
from registry.reports.filters import ReportFilter
from registry.reports.incidence import NoPopulationError, rates_table

# 2000 US standard million, 19 groups (methods-and-standards §3.2): the groups used below.
W = {"45-49": 72_118, "50-54": 62_716, "60-64": 38_793, "70-74": 31_773}
CELL = 10_000
YEARS = 3
PER_AGE_GROUP = YEARS * 2 * 3 * CELL  # years x sexes x races x people per cell


@pytest.fixture
def registry_cases(add_cases, populate) -> None:
    populate()
    add_cases(40, sex="2", site="breast", year=2020, age=62)
    add_cases(30, sex="1", site="colon", year=2020, age=70, stage="2")
    add_cases(20, sex="2", site="colon", year=2021, age=45, stage="7")
    add_cases(5, sex="1", site="lung", year=2020, age=50, stage="7")
    add_cases(1, sex="2", site="breast", year=2020, age=62, behavior="2", primarySite="C679")  # bladder in situ
    add_cases(3, sex="2", site="breast", year=2020, age=62, state="VA")  # not residents
    add_cases(2, sex="2", site="breast", year=2020, age=62, behavior="2")  # in situ breast: not malignant
    add_cases(4, sex="2", site="breast", year=2018, age=62)  # no population for 2018


def _adjusted(cases_by_group: dict[str, int]) -> float:
    return sum(n / PER_AGE_GROUP * W[g] / 1_000_000 for g, n in cases_by_group.items()) * 100_000


def test_all_sites_crude_and_adjusted_by_hand(registry_cases) -> None:
    report = rates_table(db.session, ReportFilter())
    [row] = report.rows
    population = YEARS * 2 * 3 * 19 * CELL
    assert row["count"] == 96
    assert row["population"] == population
    assert row["crude"] == pytest.approx(96 / population * 100_000)
    assert row["adjusted"] == pytest.approx(_adjusted({"60-64": 41, "70-74": 30, "45-49": 20, "50-54": 5}))
    assert row["lower"] < row["adjusted"] < row["upper"]
    assert report.filt.state == "MD" and (report.filt.year_from, report.filt.year_to) == (2019, 2021)


def test_by_sex_with_population_per_sex(registry_cases) -> None:
    rows = {r["sex"]: r for r in rates_table(db.session, ReportFilter(), ["sex"]).rows}
    assert rows["2"]["count"] == 61 and rows["1"]["count"] == 35
    assert rows["2"]["population"] == rows["1"]["population"] == YEARS * 3 * 19 * CELL
    assert rows["1"]["adjusted"] == pytest.approx(
        (30 / (YEARS * 3 * CELL) * W["70-74"] + 5 / (YEARS * 3 * CELL) * W["50-54"]) / 1_000_000 * 100_000)


def test_small_site_is_suppressed_with_a_complement(registry_cases) -> None:
    rows = {r["site"]: r for r in rates_table(db.session, ReportFilter(), ["site"]).rows}
    assert rows["39"]["count"] == 40 and rows["20"]["count"] == 50  # breast, colon and rectum
    for site in ("30", "55"):  # lung (5) and bladder in situ (1)
        assert rows[site]["suppressed"] is True
        assert rows[site]["count"] is None and rows[site]["adjusted"] is None and rows[site]["crude"] is None
    published = [r["count"] for r in rows.values() if not r["suppressed"]]
    assert all(c == 0 or c >= 16 for c in published)


def test_filters_select_cases(registry_cases) -> None:
    def count(**kw) -> int:
        return sum(r["count"] or 0 for r in rates_table(db.session, ReportFilter(**kw)).rows)

    assert count(sex="1") == 35
    assert count(sites=("20",)) == 50
    assert count(stage="7") == 25
    assert count(age_from=60) == 71
    assert count(year_from=2021) == 20
    [in_situ] = rates_table(db.session, ReportFilter(behavior="in-situ")).rows  # 3 tumors: below 16
    assert in_situ["suppressed"] is True and in_situ["count"] is None
    assert count(behavior="all") == 98


def test_unknown_age_counts_in_crude_only(add_cases, populate) -> None:
    populate()
    add_cases(20, site="breast", year=2020, age=62)
    add_cases(20, site="breast", year=2020, age=999)
    [row] = rates_table(db.session, ReportFilter()).rows
    assert row["count"] == 40
    assert row["crude"] == pytest.approx(40 / (YEARS * 114 * CELL) * 100_000)
    assert row["adjusted"] == pytest.approx(_adjusted({"60-64": 20}))


def test_world_standard_and_refused_standards(registry_cases) -> None:
    world = rates_table(db.session, ReportFilter(), standard="world").rows[0]
    us = rates_table(db.session, ReportFilter()).rows[0]
    assert world["count"] == us["count"] and world["adjusted"] != pytest.approx(us["adjusted"])
    with pytest.raises(ValueError, match="finer"):
        rates_table(db.session, ReportFilter(), standard="european-2013-21")
    with pytest.raises(KeyError):
        rates_table(db.session, ReportFilter(), standard="nowhere")


def test_no_population_is_refused(add_cases) -> None:
    add_cases(20, site="breast")
    with pytest.raises(NoPopulationError, match="populations import"):
        rates_table(db.session, ReportFilter())


def test_contract_json_keys(registry_cases) -> None:
    out = rates_table(db.session, ReportFilter(), ["year", "sex"]).contract_json()
    assert out["standard"] == "us2000"
    assert all(list(r) == ["year", "sex", "count", "population", "crude", "adjusted", "lower", "upper", "suppressed"]
               for r in out["rows"])
    assert {(r["year"], r["sex"]) for r in out["rows"]} == {(y, s) for y in (2019, 2020, 2021) for s in ("1", "2")}
    zero = next(r for r in out["rows"] if r["year"] == 2019 and r["sex"] == "1")
    assert zero["count"] == 0 and zero["crude"] == 0.0 and zero["suppressed"] is False
