"""Data quality indicators (methods §4.4), standard populations (methods §3.2) and the JSON row shapes."""

import numpy as np
import pandas as pd
import pytest

from registry.reports.stats.lifetable import CONTRACT_COLUMNS, life_table
from registry.reports.stats.quality import data_quality
from registry.reports.stats.rate_table import rate_rows, rates_json
from registry.reports.stats.standards import standard_names, standard_population, sum_by_group
from registry.reports.stats.survival_output import survival_at_years, survival_json

US2000_19 = [13818, 55317, 72533, 73032, 72169, 66478, 64529, 71044, 80762, 81851, 72118, 62716, 48454, 38793,
             34264, 31773, 26999, 17842, 15508]


def _records(n: int, **overrides: int) -> list[dict[str, str]]:
    base = {"diagnosticConfirmation": "1", "typeOfReportingSource": "1", "ageAtDiagnosis": "065", "sex": "2",
            "race1": "01", "countyAtDx": "001"}
    out = [dict(base) for _ in range(n)]
    i = 0
    for key, count in overrides.items():
        item, code = key.split("__")
        for _ in range(count):
            out[i][item] = "" if code == "blank" else code
            i += 1
    return out


def _by_key(rows):
    return {r["key"]: r for r in rows}


def test_quality_percentages_and_thresholds():
    recs = _records(100, diagnosticConfirmation__8=10, typeOfReportingSource__7=3, ageAtDiagnosis__999=1,
                    ageAtDiagnosis__blank=1, sex__9=3, race1__99=3, countyAtDx__999=2)
    rows = _by_key(data_quality(recs))
    assert rows["microscopically_verified"]["percent"] == pytest.approx(90.0)
    assert rows["microscopically_verified"]["checks"] == []
    dco = {c["standard"]: c["passes"] for c in rows["death_certificate_only"]["checks"]}
    assert dco == {"NAACCR Gold": False, "NAACCR Silver": True, "NPCR 23-month": True, "USCS publication": True}
    age = {c["standard"]: c["passes"] for c in rows["missing_age"]["checks"]}
    assert rows["missing_age"]["numerator"] == 2  # 999 and blank
    assert age["NAACCR Gold"] is False and age["NPCR 23-month"] is True  # 2% is not < 2 but is <= 2
    sex = {c["standard"]: c["passes"] for c in rows["missing_sex"]["checks"]}
    assert sex["NPCR 23-month"] is False and sex["NPCR 12-month (Advanced)"] is True
    assert rows["missing_race"]["percent"] == pytest.approx(3.0)
    assert rows["missing_county"]["denominator"] == 100


def test_quality_on_dataframe_with_absent_item_and_empty_input():
    frame = pd.DataFrame({"diagnosticConfirmation": ["1", "2", "6", "9"]})
    rows = _by_key(data_quality(frame))
    assert rows["microscopically_verified"]["percent"] == pytest.approx(50.0)
    assert rows["missing_county"]["percent"] == pytest.approx(100.0)  # item absent = missing
    assert rows["death_certificate_only"]["numerator"] == 0
    empty = _by_key(data_quality([]))
    assert empty["missing_age"]["percent"] is None and empty["missing_age"]["checks"][0]["passes"] is None


def test_us2000_standard_figures():
    std = standard_population()
    assert std.name == "us2000" and len(std) == 19
    assert list(std.population) == US2000_19 and sum(std.population) == 1_000_000
    assert std.labels[0] == "0" and std.labels[1] == "1-4" and std.labels[-1] == "85+"
    assert std.weights[0] == pytest.approx(0.013818)


def test_other_standards():
    world = standard_population("world")
    assert len(world) == 18 and world.population[0] == 120000 and sum(world.population) == 100000 * 10
    assert len(standard_population("european")) == 18 and standard_population("european").population[-1] == 25000
    single = standard_population("us2000-single")
    assert len(single) == 86 and single.labels[-1] == "85+"
    assert "european-2013-21" in standard_names()
    with pytest.raises(KeyError, match="known"):
        standard_population("mars")


def test_age_grouping_and_single_age_collapse():
    std = standard_population()
    assert std.group_index([0, 1, 4, 5, 84, 85, 101, 999, -1]).tolist() == [0, 1, 1, 2, 17, 18, 18, -1, -1]
    grouped = sum_by_group([0, 2, 3, 90, 999], [1, 2, 3, 4, 5], std)
    assert grouped[0] == 1 and grouped[1] == 5 and grouped[18] == 4 and grouped.sum() == 10
    eighteen = standard_population("us2000-18")
    assert eighteen.group_labels([0, 4, 86]) == ["0-4", "0-4", "85+"]


def test_rate_rows_and_json():
    std = standard_population()
    rows = []
    for county, scale in (("A", 1), ("B", 3), ("C", 0)):
        for label in std.labels:
            rows.append({"county": county, "age_group": label, "count": 2 * scale, "population": 10_000})
    frame = pd.DataFrame(rows)
    table = rate_rows(frame, by=["county"])
    assert table["count"].tolist() == [38, 114, 0]
    assert table.loc[0, "crude"] == pytest.approx(38 / 190_000 * 1e5)
    assert table.loc[0, "adjusted"] == pytest.approx(20.0)  # the same rate (2/10,000) in every age group
    out = rates_json(frame, by=["county"])
    assert out["standard"] == "us2000"
    assert [r["suppressed"] for r in out["rows"]] == [False, False, False]  # 0 is published; 38 and 114 are large
    assert set(out["rows"][0]) == {"county", "count", "population", "crude", "adjusted", "lower", "upper",
                                   "suppressed", "unstable"}
    with pytest.raises(ValueError, match="not in the us2000"):
        rate_rows(frame.assign(age_group="0-4"), by=["county"])


def test_rate_rows_from_single_ages():
    frame = pd.DataFrame({"age": [0, 3, 50, 999], "count": [1, 1, 1, 1], "population": [100, 100, 100, 0]})
    row = rate_rows(frame, by=[], age="age").iloc[0]
    assert row["count"] == 4  # the unknown-age case counts in the crude numerator only
    assert row["adjusted"] == pytest.approx((0.013818 / 100 + 0.055317 / 100 + 0.062716 / 100) * 1e5)


def test_survival_json_shape_and_year_figures():
    months = np.repeat(np.arange(130), 3)
    died = np.tile([True, False, False], 130)
    table = life_table(months, died)
    out = survival_json(table, "km", len(months))
    assert out["method"] == "km" and out["cases"] == 390 and len(out["rows"]) == 130
    first = out["rows"][0]
    assert tuple(first) == CONTRACT_COLUMNS
    assert isinstance(first["alive_at_start"], int) and first["expected"] is None and first["relative"] is None
    years = survival_at_years(table)
    assert years["years"].tolist() == [1, 3, 5, 10]
    assert years["interval_end_months"].tolist() == [12, 36, 60, 120]
    assert survival_at_years(table.iloc[:40])["years"].tolist() == [1, 3]
