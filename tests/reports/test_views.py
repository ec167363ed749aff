"""The reports area: open to the four roles, closed to anonymous users, plotly.js from our own static files,
no inline scripts, filter errors shown in plain words, CSV and JSON downloads."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("role", ["admin", "registrar", "reviewer", "epidemiologist"])
def test_every_role_opens_the_reports(add_cases, populate, signed_in, role: str) -> None:
    populate()
    add_cases(20, site="breast", year=2020)
    client = signed_in(role)
    assert client.get("/reports/").status_code == 200
    page = client.get("/reports/incidence")
    assert page.status_code == 200
    assert "Reports</a>" in page.get_data(as_text=True)


def test_anonymous_users_are_sent_to_sign_in(client) -> None:
    for url in ("/reports/", "/reports/incidence", "/reports/incidence/data.csv", "/reports/survival/data.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_plotly_is_served_from_static_and_pages_have_no_inline_script(add_cases, populate, signed_in) -> None:
    populate()
    add_cases(20, site="breast", year=2020)
    client = signed_in("epidemiologist")
    html = client.get("/reports/incidence").get_data(as_text=True)
    sources = re.findall(r"<script([^>]*)>", html)
    assert sources and all('src="/static/' in attrs for attrs in sources)
    assert "cdn" not in html.lower()
    assert 'class="plot"' in html and "data-figure='" in html
    plotly = client.get("/static/vendor/plotly.min.js")
    try:
        assert plotly.status_code == 200 and b"plotly.js" in plotly.data[:200]
    finally:
        plotly.close()
    assert "script-src 'self'" in client.get("/reports/incidence").headers["Content-Security-Policy"]


def test_bad_filters_are_explained(add_cases, populate, signed_in) -> None:
    populate()
    add_cases(20, site="breast", year=2020)
    client = signed_in("epidemiologist")
    page = client.get("/reports/incidence?year_from=2022&year_to=2020").get_data(as_text=True)
    assert "cannot be made" in page and "first year is after the last year" in page
    assert client.get("/reports/incidence/data.json?by=nothing").status_code == 400
    assert client.get("/reports/nowhere").status_code == 404


def test_downloads(add_cases, populate, signed_in) -> None:
    populate()
    add_cases(20, site="breast", year=2020)
    add_cases(30, site="colon", year=2021, sex="1")
    client = signed_in("reviewer")
    csv_response = client.get("/reports/incidence/data.csv?by=sex")
    assert csv_response.headers["Content-Disposition"] == 'attachment; filename="incidence.csv"'
    text = csv_response.get_data(as_text=True)
    assert "Sex,Count,Population" in text and "Male,30," in text
    data = client.get("/reports/incidence/data.json?by=sex").get_json()
    assert data["tables"][0]["rows"][0]["sex_label"] == "Male"
    assert data["figures"][0]["data"][0]["type"] == "bar"


def test_every_report_csv_is_spreadsheet_safe(add_cases, populate, signed_in, unsafe_cells) -> None:
    """Hostile stored codes (county, histology) reach report labels; every CSV download quotes them."""
    from registry.abstracting.models import Tumor
    from registry.extensions import db
    from registry.reports.pages import PAGES

    populate()
    add_cases(20, site="breast", year=2019, countyAtDx="=A1")
    add_cases(20, site="colon", year=2020, histologicTypeIcdO3="@A1(")
    add_cases(30, site="lung", year=2021, sex="1", stage="7")
    stored = sorted(db.session.execute(db.select(Tumor.countyAtDx, Tumor.histologicTypeIcdO3)).all())
    client = signed_in("reviewer")
    urls = [f"/reports/{name}/data.csv" for name in PAGES] + [
        "/reports/stage/data.csv?by=county", "/reports/incidence/data.csv?by=histology",
        "/reports/trends/data.csv?series=sex", "/reports/survival/data.csv?by=site"]
    texts = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        texts[url] = response.get_data(as_text=True)
        assert unsafe_cells(texts[url]) == [], url
    assert "'=A1" in texts["/reports/stage/data.csv?by=county"] and "'@A1(" in texts["/reports/casemix/data.csv"]
    assert sorted(db.session.execute(db.select(Tumor.countyAtDx, Tumor.histologicTypeIcdO3)).all()) == stored
