"""Survival from the database (SQLite and PostgreSQL): survival months in SQL, eligibility, life tables equal to
the statistics core on the same cases, cause-specific events, group suppression and the JSON contract."""

from __future__ import annotations

import numpy as np
import pytest

from registry.extensions import db
from registry.reports.filters import ReportFilter
from registry.reports.stats.lifetable import CONTRACT_COLUMNS, life_table
from registry.reports.stats.survival_time import months_between
from registry.reports.survival import survival_report
from registry.reports.survival_query import survival_cases

PAIRS = [("20200101", "20200131"), ("20200101", "20200201"), ("20200115", "20210115"), ("20190301", "20240229"),
         ("20160101", "20401231"), ("20200101", "20200101")]


def _iso(d: str) -> str:
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"


def test_months_in_sql_match_the_seer_formula(add_cases) -> None:
    for dx, dlc in PAIRS:
        add_cases(1, dx=dx, dlc=dlc)
    frame = survival_cases(db.session, ReportFilter(behavior="all"), None, max_months=10_000)
    expected = months_between([_iso(a) for a, _ in PAIRS], [_iso(b) for _, b in PAIRS])
    assert sorted(np.repeat(frame["months"].to_numpy(), frame["cases"].to_numpy()).tolist()) == sorted(expected)
    assert sorted(expected)[:3] == [0, 0, 1]


def test_months_past_the_last_interval_stay_alive(add_cases) -> None:
    add_cases(3, dx="20100101", dlc="20241231", vital="0")  # died after 14 years: alive at 10 years
    add_cases(2, dx="20200101", dlc="20210101", vital="0")
    frame = survival_cases(db.session, ReportFilter(), None)
    cases = {(int(m), bool(d)): int(n) for m, d, n in zip(frame["months"], frame["dead"], frame["cases"], strict=True)}
    assert cases == {(120, False): 3, (12, True): 2}


def test_ineligible_cases_are_left_out(add_cases) -> None:
    add_cases(20, dx="20200101", dlc="20220101")
    add_cases(1, dx="20200101", dlc="20220101", typeOfReportingSource="7")  # death certificate only
    add_cases(1, dx="202001", dlc="20220101")  # partial diagnosis date
    add_cases(1, dx="20200101", dlc="20220101", vital="9")
    add_cases(1, dx="20200101", dlc="20191231")  # last contact before diagnosis
    frame = survival_cases(db.session, ReportFilter(), None)
    assert int(frame["cases"].sum()) == 20


def test_observed_table_equals_the_statistics_core(add_cases) -> None:
    plan = [(12, "20200101", "20200615", "0"), (8, "20200101", "20211001", "0"), (15, "20200101", "20241231", "1"),
            (5, "20200301", "20230101", "1")]
    months, dead = [], []
    for n, dx, dlc, vital in plan:
        add_cases(n, dx=dx, dlc=dlc, vital=vital)
        months += [int(months_between([_iso(dx)], [_iso(dlc)])[0])] * n
        dead += [vital == "0"] * n
    report = survival_report(db.session, ReportFilter(), measure="observed", method="actuarial")
    [curve] = report.curves
    expected = life_table(np.array(months), np.array(dead), method="actuarial", max_months=max(months) + 1)
    assert curve.cases == 40
    np.testing.assert_allclose(curve.table["observed"], expected["observed"])
    np.testing.assert_array_equal(curve.table["deaths"], expected["deaths"])
    out = report.contract_json()
    assert out["method"] == "actuarial" and out["cases"] == 40
    assert list(out["rows"][0]) == list(CONTRACT_COLUMNS)
    assert out["rows"][0]["expected"] is None


def test_relative_survival_fills_expected(add_cases) -> None:
    add_cases(30, dx="20180101", dlc="20241231", age=60)
    add_cases(10, dx="20180101", dlc="20190601", vital="0", age=60)
    report = survival_report(db.session, ReportFilter(), measure="relative")
    table = report.curves[0].table
    assert report.method == "actuarial"
    assert (table["expected"] < 1).all() and (table["expected"] > 0.8).all()
    five = next(r for r in report.curves[0].at_years() if r["years"] == 5)
    assert five["relative"] == pytest.approx(five["observed"] / five["expected"])


def test_cause_specific_censors_other_causes(add_cases) -> None:
    add_cases(10, dx="20200101", dlc="20200701", vital="0", cod="C509")  # breast cancer deaths
    add_cases(10, dx="20200101", dlc="20200701", vital="0", cod="I219")  # heart attack: censored
    add_cases(10, dx="20200101", dlc="20241231")
    add_cases(2, dx="20200101", dlc="20200701", vital="0", cod="7777")  # unknown cause: left out
    cause = survival_report(db.session, ReportFilter(), measure="cause-specific")
    observed = survival_report(db.session, ReportFilter(), measure="observed")
    assert cause.curves[0].cases == 30
    six = cause.curves[0].table.set_index("interval_end_months")
    assert int(six["deaths"].sum()) == 10
    assert six.loc[7, "observed"] == pytest.approx(2 / 3)
    assert observed.curves[0].table.set_index("interval_end_months").loc[7, "observed"] == pytest.approx(10 / 32)


def test_small_groups_and_their_complement_are_suppressed(add_cases) -> None:
    add_cases(40, sex="2", site="breast", dx="20200101", dlc="20241231")
    add_cases(30, sex="2", site="colon", dx="20200101", dlc="20241231")
    add_cases(5, sex="1", site="lung", dx="20200101", dlc="20241231")
    by_sex = {c.key: c for c in survival_report(db.session, ReportFilter(), "sex", measure="observed").curves}
    assert by_sex["1"].suppressed and by_sex["2"].suppressed  # two groups: the other one would give it away
    assert by_sex["1"].table is None and by_sex["2"].table is None and by_sex["2"].cases is None
    by_site = {c.key: c for c in survival_report(db.session, ReportFilter(), "site", measure="observed").curves}
    assert by_site["30"].suppressed and by_site["30"].at_years() == []
    published = [c.cases for c in by_site.values() if not c.suppressed]
    assert published and all(n >= 16 for n in published)


def test_by_diagnosis_period(add_cases) -> None:
    add_cases(20, year=2016, dx="20160301", dlc="20241231")
    add_cases(18, year=2021, dx="20210301", dlc="20241231")
    curves = survival_report(db.session, ReportFilter(), "period", measure="observed").curves
    assert [(c.label, c.cases) for c in curves] == [("2015-2019", 20), ("2020-2024", 18)]
