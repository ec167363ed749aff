"""The edits report: counts by edit, facility and year from the stored results (SQL), filters, the failing
records list (paged, linking to the abstract screen), who may see it and facility limits."""

from __future__ import annotations

import re

import pytest

from registry.edits import queries
from registry.edits.queries import ReportFilter
from registry.edits.runs import run_database_edits

NORTH, SOUTH = "0000000001", "0000000002"
LATERALITY_0 = {"primarySite": "C504", "laterality": "0"}  # IF044 error
WRONG_AGE = {"primarySite": "C504", "laterality": "1", "ageAtDiagnosis": "070"}  # IF004 error
CLEAN = {"primarySite": "C504", "laterality": "1"}
WARNING_ONLY = {"primarySite": "C504", "laterality": "1", "summaryStage2018": "1"}  # IF125 warning (pre-2018)


def _tumor(items: dict, facility: str, dx: str, number: str) -> dict:
    return {**items, "reportingFacility": facility, "dateOfDiagnosis": dx, "tumorRecordNumber": number}


@pytest.fixture
def registry_data(make_facility, make_patient):
    """North: 2015 IF044, 2016 IF004 + clean; South: 2016 IF044, 2017 warning only. All then edited."""
    make_facility(NORTH, "North Hospital")
    make_facility(SOUTH, "South Hospital")
    north = make_patient(tumors=[_tumor(LATERALITY_0, NORTH, "20150301", "01"),
                                 _tumor(WRONG_AGE, NORTH, "20160301", "02")], nameLast="NORTHCOTT")
    clean = make_patient(tumors=[_tumor(CLEAN, NORTH, "20160501", "01")], nameLast="CLEANLY")
    south = make_patient(tumors=[_tumor(LATERALITY_0, SOUTH, "20160401", "01"),
                                 _tumor(WARNING_ONLY, SOUTH, "20170101", "02")], nameLast="SOUTHWELL")
    run_database_edits()
    return {"north": north, "clean": clean, "south": south}


def test_counts_by_edit_facility_and_year(registry_data):
    f = ReportFilter()
    assert queries.tumor_count(f, None) == 5 and queries.failing_tumor_count(f, None) == 3
    assert [(e.edit_id, e.severity, e.tumors) for e in queries.by_edit(f, None)] == [
        ("IF044", "error", 2), ("IF004", "error", 1)]
    assert [(g.key, g.label, g.tumors, g.failing) for g in queries.by_facility(f, None)] == [
        (NORTH, f"{NORTH} North Hospital", 3, 2), (SOUTH, f"{SOUTH} South Hospital", 2, 1)]
    assert [(g.key, g.tumors, g.failing) for g in queries.by_year(f, None)] == [
        (2017, 1, 0), (2016, 3, 2), (2015, 1, 1)]
    assert queries.last_run_at(f, None) is not None


def test_filters_severity_facility_year_set_and_scope(registry_data):
    everything = ReportFilter(severity="")
    assert queries.failing_tumor_count(everything, None) == 4
    assert [e.edit_id for e in queries.by_edit(ReportFilter(severity="warning"), None)] == ["IF125"]
    assert queries.failing_tumor_count(ReportFilter(facility=SOUTH), None) == 1
    assert queries.failing_tumor_count(ReportFilter(year=2016), None) == 2
    assert queries.tumor_count(ReportFilter(year=2016), None) == 3
    assert queries.failing_tumor_count(ReportFilter(edit_set="state-submission"), None) == 0
    assert queries.failing_tumor_count(ReportFilter(edit_set="hospital"), None) == 3
    assert queries.failing_tumor_count(ReportFilter(edit_id="IF004"), None) == 1
    south_only = frozenset({SOUTH})
    assert queries.failing_tumor_count(ReportFilter(), south_only) == 1
    assert [g.key for g in queries.by_facility(ReportFilter(), south_only)] == [SOUTH]


def test_filter_from_query_arguments_round_trips():
    f = ReportFilter.from_args({"set": "hospital", "facility": NORTH, "year": "2016", "severity": "all",
                                "edit": "IF044"})
    assert f == ReportFilter("hospital", NORTH, 2016, "", "IF044")
    assert ReportFilter.from_args(f.as_args()) == f
    assert ReportFilter.from_args({"set": "bogus", "year": "20x6", "severity": "fatal"}) == ReportFilter()
    assert f.as_args(edit_id="") == {"set": "hospital", "facility": NORTH, "year": "2016", "severity": "all"}


def test_failing_records_page_lists_matching_results(registry_data):
    rows, has_next = queries.failing_records(ReportFilter(edit_id="IF044"), None, page=1, per_page=1)
    assert has_next and len(rows) == 1
    tumor, patient, results = rows[0]
    assert tumor.id == registry_data["north"].tumors[0].id
    assert patient.nameLast == "NORTHCOTT" and [r.edit_id for r in results] == ["IF044"]
    rows, has_next = queries.failing_records(ReportFilter(edit_id="IF044"), None, page=2, per_page=1)
    assert not has_next and rows[0][1].nameLast == "SOUTHWELL"
    rows, _ = queries.failing_records(ReportFilter(severity=""), None, page=1, per_page=10)
    assert [(p.nameLast, [r.edit_id for r in rs]) for _t, p, rs in rows] == [
        ("NORTHCOTT", ["IF044"]), ("NORTHCOTT", ["IF004"]), ("SOUTHWELL", ["IF044"]), ("SOUTHWELL", ["IF125"])]


def _text(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


def test_report_page_shows_the_counts_and_links_to_the_failing_list(registry_data, make_user, login, client):
    make_user("rev", "reviewer")
    login("rev")
    response = client.get("/edits/")
    assert response.status_code == 200
    text = _text(response.data)
    assert "5 tumors selected" in text and "3 failing tumors (60.0 %)" in text
    assert "IF044 Laterality" in text and f"{SOUTH} South Hospital 2 1 50.0" in text and "2015 1 1 100.0" in text
    assert 'href="/edits/failing?severity=error&amp;edit=IF044"' in response.data.decode()
    response = client.get("/edits/failing?edit=IF044&facility=" + SOUTH)
    html = response.data.decode()
    south_tumor = registry_data["south"].tumors[0]
    assert response.status_code == 200 and f'href="/abstracts/{south_tumor.id}"' in html
    assert "SOUTHWELL" in html and "NORTHCOTT" not in html and "1 tumors" in _text(response.data)
    assert "Primary Site C504 is a paired organ" in html


def test_the_report_is_not_for_epidemiologists_or_signed_out_users(registry_data, make_user, login, client):
    assert client.get("/edits/").status_code == 302
    make_user("epi", "epidemiologist")
    login("epi")
    assert client.get("/edits/").status_code == 403
    assert client.get("/edits/failing").status_code == 403


def test_a_registrar_limited_to_a_facility_sees_only_its_tumors(registry_data, make_user, login, client):
    make_user("south", "registrar", facilities=[SOUTH])
    login("south")
    text = _text(client.get("/edits/").data)
    assert "2 tumors selected" in text and "North Hospital" not in text
    html = client.get("/edits/failing?severity=all").data.decode()
    assert "SOUTHWELL" in html and "NORTHCOTT" not in html
