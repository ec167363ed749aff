"""Work queues: filters, sorting, paging and the next case."""

from datetime import date

import pytest

from registry.abstracting.queues import QueueSpec, next_in_queue, queue_page
from registry.edits.results import EditResult
from registry.extensions import db

A, B = "0000000001", "0000000002"


@pytest.fixture
def tumors(make_facility, make_patient):
    make_facility(A)
    make_facility(B, "Other")
    rows = [("ADAMS", A, "C504", "20220301"), ("BAKER", A, "C619", "20210105"), ("CLARK", B, "C504", "20220110"),
            ("DAVIS", A, "C341", "20220920"), ("EVANS", A, "C509", "2022")]
    made = {}
    for name, facility, site, dx in rows:
        patient = make_patient(nameLast=name, tumors=[{"reportingFacility": facility, "primarySite": site,
                                                       "dateOfDiagnosis": dx}])
        made[name] = patient.tumors[0]
    made["CLARK"].status = "complete"
    db.session.add(EditResult(tumor_id=made["DAVIS"].id, edit_id="IF044", name="x", severity="error", message="m",
                              items=["laterality"]))
    db.session.add(EditResult(tumor_id=made["ADAMS"].id, edit_id="IF122", name="x", severity="warning",
                              message="m", items=["grade"]))
    db.session.commit()
    return made


def names(spec, scope=None, **kw):
    rows, _ = queue_page(db.session, spec, scope, **kw)
    return [p.nameLast for _t, p in rows]


def test_queues_filter_by_status_edits_facility_year_and_site_group(tumors):
    assert names(QueueSpec("incomplete", sort="name")) == ["ADAMS", "BAKER", "DAVIS", "EVANS"]
    assert names(QueueSpec("review")) == ["CLARK"]
    assert names(QueueSpec("edits")) == ["DAVIS"]
    assert names(QueueSpec("all", facility=B)) == ["CLARK"]
    assert names(QueueSpec("all", year=2022, site_group="breast", sort="name")) == ["ADAMS", "CLARK", "EVANS"]
    assert names(QueueSpec("all", sort="name"), scope=frozenset({B})) == ["CLARK"]
    assert names(QueueSpec("changed", since=date(2999, 1, 1))) == []
    assert len(names(QueueSpec("changed", since=date(2000, 1, 1)))) == 5


def test_sorting_and_paging(tumors):
    assert names(QueueSpec("all", sort="dx")) == ["BAKER", "EVANS", "CLARK", "ADAMS", "DAVIS"]
    assert names(QueueSpec("all", sort="-dx")) == ["DAVIS", "ADAMS", "CLARK", "EVANS", "BAKER"]
    rows, has_next = queue_page(db.session, QueueSpec("all", sort="name"), None, page=2, per_page=2)
    assert [p.nameLast for _t, p in rows] == ["CLARK", "DAVIS"] and has_next


def test_next_case_follows_the_queue_order(tumors):
    spec = QueueSpec("incomplete", sort="-dx")
    order = names(spec)
    following = [next_in_queue(db.session, spec, None, tumors[name]) for name in order]
    assert following == [tumors[n].id for n in order[1:]] + [None]


def test_spec_round_trips_through_query_arguments():
    spec = QueueSpec("changed", facility=A, year=2022, site_group="breast", since=date(2024, 1, 2), sort="-name")
    assert QueueSpec.from_args(spec.as_args()) == spec
    assert QueueSpec.from_args({"queue": "nonsense", "sort": "evil", "site": "x", "year": "abc"}) == QueueSpec()


def test_queue_page_and_next_case_in_the_browser_flow(client, make_user, login, tumors):
    make_user("reg", "registrar")
    login("reg")
    html = client.get("/queues?queue=incomplete&sort=name").get_data(as_text=True)
    assert html.index("ADAMS") < html.index("BAKER") and "CLARK" not in html
    response = client.get(f"/abstracts/{tumors['ADAMS'].id}/next?queue=queue%3Dincomplete%26sort%3Dname")
    assert response.status_code == 303 and f"/abstracts/{tumors['BAKER'].id}" in response.headers["Location"]
    html = client.get("/queues?queue=edits").get_data(as_text=True)
    assert "DAVIS" in html and "ADAMS" not in html
