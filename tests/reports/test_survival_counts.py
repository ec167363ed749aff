"""Survival cases counted per integer key in the database (SQLite and PostgreSQL), and rows counted per key
values (SQLite packs them for a hash count): the cohort as the life tables use it, tumors left out counted in
the same pass, NULL kept apart from "", and relative survival equal to the statistics core on the same cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import func, select, update

from registry.abstracting.models import Tumor
from registry.extensions import db
from registry.reports.fetch import count_groups
from registry.reports.filters import ReportFilter
from registry.reports.stats.relative import relative_survival
from registry.reports.stats.survival_time import months_between
from registry.reports.survival import survival_report
from registry.reports.survival_keys import KeyLayout, decode
from registry.reports.survival_query import survival_counts


def _iso(d: str) -> str:
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"


def test_key_layout_decodes_what_it_encodes() -> None:
    layout = KeyLayout(max_months=120, last_year=2020)
    parts = {"months": 37, "dead": 1, "age": 64, "sex_code": 2, "dx_year": 2017, "race_code": 1}
    key = parts["months"]
    for name, radix in zip(layout.names, layout.radices, strict=True):
        key = key * radix + (parts[name] - 1800 if name == "dx_year" else parts[name])
    assert {k: int(v[0]) for k, v in decode(np.array([key]), layout).items()} == parts


def test_cohort_items_as_the_life_tables_use_them(add_cases) -> None:
    add_cases(2, sex="1", race="02", year=2023, age=70, dx="20230101", dlc="20240301")  # year past the tables
    add_cases(1, sex="9", race="03", year=2015, age=55, dx="20150101", dlc="20150301", vital="0")
    add_cases(1, year=2016, dx="20160101", dlc="20170101", ageAtDiagnosis="999")  # unknown age
    frame, total = survival_counts(db.session, ReportFilter(), None, cohort=True)
    rows = {tuple(int(v) for v in r[:-1]): int(r[-1]) for r in
            frame[["months", "dead", "age", "sex_code", "dx_year", "race_code", "cases"]].itertuples(index=False)}
    assert rows == {(13, 0, 70, 1, 2020, 2): 2, (1, 1, 55, 9, 2015, 0): 1, (12, 0, 999, 2, 2016, 1): 1}
    assert int(total["cases"].sum()) == 4


def test_left_out_tumors_counted_per_category_in_the_same_pass(add_cases) -> None:
    add_cases(20, sex="2", dx="20200101", dlc="20220101")
    add_cases(3, sex="2", dx="202001", dlc="20220101")  # partial diagnosis date
    add_cases(17, sex="1", site="lung", dx="20200101", dlc="20220101", vital="9")  # unknown vital status
    frame, total = survival_counts(db.session, ReportFilter(), "sex")
    assert frame.groupby("sex")["cases"].sum().to_dict() == {"2": 20}
    assert dict(zip(total["sex"], total["cases"], strict=True)) == {"1": 17, "2": 23}
    report = survival_report(db.session, ReportFilter(), measure="observed")
    assert report.excluded == 20 and report.curves[0].cases == 20


def test_missing_stage_is_its_own_raw_code(add_cases) -> None:
    add_cases(16, dx="20200101", dlc="20220101", stage="7")
    add_cases(18, dx="20200101", dlc="20220101", stage="")
    curves = survival_report(db.session, ReportFilter(), "stage", measure="observed").curves
    assert sorted((c.key, c.cases) for c in curves) == [("7", 16), ("9", 18)]


def test_count_groups_equals_group_by_and_keeps_null_apart(add_cases) -> None:
    add_cases(3, dx="20200101", countyAtDx="")
    add_cases(2, dx="20200101", classOfCase="")
    add_cases(4, dx="20200101", site="colon")
    first = db.session.scalar(select(func.min(Tumor.id)))
    db.session.execute(update(Tumor).where(Tumor.id == first).values(countyAtDx=""))
    db.session.execute(update(Tumor).where(Tumor.id == first + 1).values(countyAtDx=None))
    keys = [Tumor.countyAtDx.label("county"), Tumor.classOfCase.label("klass"), Tumor.primarySite.label("site")]
    counted = count_groups(db.session, select().select_from(Tumor), keys)
    plain = db.session.execute(select(*keys, func.count()).group_by(*keys)).all()
    expected = {(county, klass, site): n for county, klass, site, n in plain}
    assert {(r.county, r.klass, r.site): r.count for r in counted.itertuples(index=False)} == expected
    assert ("", "10", "C504") in expected and (None, "10", "C504") in expected and sum(expected.values()) == 9


def test_relative_survival_equals_the_statistics_core_case_by_case(add_cases) -> None:
    plan = [(9, "20150310", "20241231", "1", 61, "1", "01"), (7, "20160601", "20180105", "0", 74, "2", "02"),
            (6, "20190101", "20190420", "0", 58, "1", "03"), (5, "20221115", "20241001", "1", 83, "2", "01")]
    cases = []
    for n, dx, dlc, vital, age, sex, race in plan:
        add_cases(n, dx=dx, dlc=dlc, vital=vital, age=age, sex=sex, race=race, year=int(dx[:4]))
        months = int(months_between([_iso(dx)], [_iso(dlc)])[0])
        cases += [(min(months, 120), vital == "0" and months < 120, age, int(sex), int(dx[:4]), race)] * n
    frame = pd.DataFrame(cases, columns=["months", "dead", "age", "sex", "year", "race"])
    [curve] = survival_report(db.session, ReportFilter(), measure="relative").curves
    expected = relative_survival(frame["months"], frame["dead"], frame["age"], frame["sex"], frame["year"],
                                 frame["race"], method="actuarial", max_months=int(frame["months"].max()) + 1)
    assert curve.cases == 27 and expected["expected"].iloc[-1] < 0.95
    pd.testing.assert_frame_equal(curve.table, expected, check_exact=True)


def test_cause_specific_counts_left_out_tumors_in_the_same_pass(add_cases) -> None:
    add_cases(16, dx="20200101", dlc="20200701", vital="0", cod="C509")
    add_cases(16, dx="20200101", dlc="20241231")
    add_cases(2, dx="20200101", dlc="20200701", vital="0", cod="7777")  # unknown cause: left out
    add_cases(15, dx="202001", dlc="20241231")  # partial diagnosis date: left out
    report = survival_report(db.session, ReportFilter(), measure="cause-specific")
    assert report.curves[0].cases == 32 and report.excluded == 17
    assert any(note.startswith("17 tumors left out") for note in report.notes)
