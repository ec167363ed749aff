"""Who reaches the workspace: an epidemiologist reaches no abstracting page; a reviewer reads but cannot save."""

import pytest

FACILITY = "0000000001"


@pytest.fixture
def ids(make_facility, make_user, make_patient, login, client):
    from registry.abstracting.casefinding import add_case
    from registry.core.audit import Actor
    from registry.extensions import db

    make_facility(FACILITY)
    make_user("epi", "epidemiologist")
    patient = make_patient(tumors=[{"reportingFacility": FACILITY, "primarySite": "C504"}])
    case = add_case({"source": "pathology", "name_last": "DOE"}, Actor(None, "test"))
    db.session.commit()
    return {"patient": patient.id, "tumor": patient.tumors[0].id, "case": case.id}


def _pages(ids):
    t, p, c = ids["tumor"], ids["patient"], ids["case"]
    gets = [f"/abstracts/{t}", f"/abstracts/{t}/next?queue=queue%3Dincomplete", "/abstracts/fields.json",
            "/abstracts/lookup/topography?q=C50", "/abstracts/lookup/histology?q=8500", "/abstracts/coding",
            "/queues", "/queues?queue=review", "/casefinding", f"/casefinding/{c}", "/patients/new",
            "/patients", f"/patients/{p}", f"/tumors/{t}", f"/patients/{p}/history"]
    posts = [f"/abstracts/{t}", f"/abstracts/{t}/review", "/patients/new", f"/patients/{p}/tumors", "/casefinding",
             "/casefinding/import", f"/casefinding/{c}/abstract", f"/casefinding/{c}/link",
             f"/casefinding/{c}/not-reportable"]
    return gets, posts


def test_an_epidemiologist_cannot_reach_any_abstracting_page(client, login, ids):
    login("epi")
    gets, posts = _pages(ids)
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, data={}).status_code == 403, url


def test_signed_out_users_are_sent_to_sign_in(client, ids):
    gets, _posts = _pages(ids)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_a_registrar_limited_to_another_facility_cannot_open_the_tumor(client, login, make_facility, make_user, ids):
    make_facility("0000000002", "Other Hospital")
    make_user("far", "registrar", facilities=["0000000002"])
    login("far")
    assert client.get(f"/abstracts/{ids['tumor']}").status_code == 403
    assert client.get("/queues").status_code == 200
    assert "DOE" not in client.get("/queues?queue=all").get_data(as_text=True)
