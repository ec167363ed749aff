"""No count under 16, and no cell from which one could be worked out, reaches an epidemiologist: checked in the
HTML tables, the CSV downloads, the JSON endpoints and the chart data of every report page (both databases)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

COUNT_KEYS = {"count", "total", "sex_1", "sex_2", "analytic", "non_analytic", "stage_0", "stage_1", "stage_2",
              "stage_7", "stage_9", "cases", "numerator"}
PAGES = [
    ("incidence", {"by": "site"}), ("incidence", {"by": "site", "series": "sex"}), ("incidence", {"by": "sex"}),
    ("incidence", {"by": "year", "series": "site"}), ("trends", {"series": "sex"}), ("age", {"series": "sex"}),
    ("stage", {"by": "site"}), ("stage", {"by": "sex"}), ("casemix", {}), ("survival", {"by": "site"}),
    ("survival", {"by": "sex", "measure": "observed"}), ("quality", {}),
]


@pytest.fixture
def epi(add_cases, populate, signed_in):
    populate()
    add_cases(40, sex="2", site="breast", year=2020, age=62, dx="20200301", dlc="20241231")
    add_cases(30, sex="1", site="colon", year=2020, age=70, stage="2", dx="20200301", dlc="20241231")
    add_cases(20, sex="2", site="colon", year=2021, age=45, stage="7", dx="20210301", dlc="20230101", vital="0",
              cod="C189")
    add_cases(5, sex="1", site="lung", year=2020, age=50, stage="7", dx="20200301", dlc="20201001", vital="0",
              cod="C349")
    add_cases(7, sex="2", site="melanoma", year=2021, age=33, dx="20210301", dlc="20241231")
    return signed_in("epidemiologist")


def _query(args: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in args.items())


def _assert_counts(rows: list[dict]) -> None:
    for row in rows:
        for key in COUNT_KEYS & set(row):
            value = row[key]
            assert value is None or value == 0 or int(value) >= 16, (key, row)


# Categories whose own total is below 16 in the data below: their total is never published either, so a line
# of a 2-D table through them may hold a single suppressed cell without giving it away.
SMALL_TOTALS = {"Lung and Bronchus", "Melanoma of the Skin", "50-54", "30-34"}


def _assert_not_derivable(rows: list[dict], columns: list[str]) -> None:
    """In each category line of a 1-D or 2-D table whose total is public, no suppressed cell stands alone."""
    dims = [c for c in columns if c.endswith("_label") and c != "reference_label"]
    if "suppressed" not in columns or not dims or len(dims) > 2:
        return
    if len(dims) == 1:
        lines = [list(rows)]
    else:
        lines = [[r for r in rows if r[d] == v] for d in dims for v in {r[d] for r in rows} if v not in SMALL_TOTALS]
    for line in lines:
        assert sum(bool(r["suppressed"]) for r in line) != 1, line


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_output_of_every_page(epi, name: str, args: dict) -> None:
    _check_json(epi, name, args)
    _check_csv(epi, name, args)
    _check_html(epi, name, args)


def _check_json(epi, name: str, args: dict) -> None:
    response = epi.get(f"/reports/{name}/data.json?{_query(args)}")
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    for table in data["tables"]:
        _assert_counts(table["rows"])
        _assert_not_derivable(table["rows"], table["columns"])
    published = {round(v, 9) for t in data["tables"] for r in t["rows"] for v in r.values()
                 if isinstance(v, float | int) and not isinstance(v, bool)}
    for figure in data["figures"]:
        names = " ".join(str(t.get("name", "")) for t in figure["data"])
        assert "(n=5)" not in names and "(n=7)" not in names
        if name == "survival":
            assert "Lung" not in names and "Melanoma" not in names
            continue  # monthly curve points are not table cells; whole groups are suppressed (names above)
        for trace in figure["data"]:
            for value in [*trace.get("y", []), *trace.get("x", [])]:
                if isinstance(value, float | int) and not isinstance(value, bool):
                    assert round(value, 9) in published, (name, args, trace.get("name"), value)


def _check_csv(epi, name: str, args: dict) -> None:
    response = epi.get(f"/reports/{name}/data.csv?{_query(args)}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    reader = csv.reader(io.StringIO(response.get_data(as_text=True)))
    header: list[str] = []
    for line in reader:
        if not line or line[0].startswith("# "):
            header = []
            continue
        if not header:
            header = line
            continue
        row = dict(zip(header, line, strict=True))
        for column in ("Count", "Total", "Male", "Female", "Cases", "Tumors", "Analytic", "In situ", "Localized",
                       "Regional", "Distant"):
            value = row.get(column, "")
            assert value == "" or int(value) == 0 or int(value) >= 16, (column, row)


def test_html_incidence_by_site_hides_the_small_sites(epi) -> None:
    html = epi.get("/reports/incidence?by=site").get_data(as_text=True)
    lung = html[html.index("<td>Lung and Bronchus</td>"):]
    lung_row = lung[: lung.index("</tr>")]
    assert "—" in lung_row and ">5<" not in lung_row
    melanoma = html[html.index("<td>Melanoma of the Skin</td>"):]
    assert ">7<" not in melanoma[: melanoma.index("</tr>")]


def _check_html(epi, name: str, args: dict) -> None:
    html = epi.get(f"/reports/{name}?{_query(args)}").get_data(as_text=True)
    assert 'class="flash error"' not in html
    cells = Counter(part.split("<", 1)[0] for part in html.split('<td class="num">')[1:])
    for small in ("1", "2", "3", "4", "5", "6", "7", "12", "15"):
        # small numbers may only appear as other figures (years, percentages, rates), never as a count cell
        assert cells.get(small, 0) == 0 or name in ("survival", "quality", "age", "trends"), (small, name)
