"""A NUL character in a query string or form field is refused with 400 before any view runs.

PostgreSQL cannot store or compare text holding NUL (psycopg refuses it), so a search or report filter with one
used to end in a 500; SQLite took it silently. Now every backend answers the same clear 400 and changes nothing.
"""

import pytest

from registry.abstracting.models import Patient
from registry.extensions import db


@pytest.fixture
def signed_in(make_facility, make_user, make_patient, login):
    make_facility("0000000001")
    make_user("reg", "registrar")
    login("reg")
    return make_patient(tumors=[{"reportingFacility": "0000000001", "primarySite": "C504"}])


@pytest.mark.parametrize("url", [
    "/patients?name=DO%00E", "/patients?mrn=%00", "/queues?facility=0000000001%00",
    "/edits/failing?facility=%00", "/followup/?facility=%00", "/followup/due.csv?site=C50%00",
    "/reports/incidence?sites=%00", "/reports/incidence/data.csv?sex=1%00", "/casefinding?status=open%00",
    "/patients?na%00me=DOE",
])
def test_a_nul_in_the_query_string_is_a_400(client, signed_in, url):
    response = client.get(url)
    assert response.status_code == 400, url
    assert "NUL" in response.get_data(as_text=True)


def test_a_nul_in_a_form_field_is_a_400_and_changes_nothing(client, signed_in):
    response = client.post("/patients/new", data={"reportingFacility": "0000000001", "nameLast": "NEW\x00MAN",
                                                  "create_anyway": "yes"})
    assert response.status_code == 400 and "NUL" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Patient.id))) == 1


def test_a_nul_in_an_uploaded_file_name_is_a_400(client, signed_in):
    from io import BytesIO

    response = client.post("/casefinding/import", data={"file": (BytesIO(b"name_last\nDOE\n"), "cases\x00.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400


def test_text_without_nul_still_works(client, signed_in):
    assert client.get("/patients?name=DOE").status_code == 200
