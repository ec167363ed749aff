"""The duplicate check in a real browser, as a registrar limited to one facility: the patient of their facility
is listed with an "Add a tumor" button; the patient of another facility with the same SSN is only said to exist.
Screenshot: duplicate-check-limited.png (see conftest.py for where screenshots go)."""

from __future__ import annotations

import pytest

PASSWORD = "correct horse battery"
NEAR, FAR = "0000000001", "0000000002"


@pytest.fixture(scope="module")
def served(tmp_path_factory, serve):
    with serve(tmp_path_factory.mktemp("e2e-duplicates"), _seed) as app_and_url:
        yield app_and_url


def _seed() -> None:
    from registry.abstracting.models import Facility
    from registry.abstracting.operations import add_tumor, create_patient
    from registry.accounts.operations import create_user
    from registry.core.audit import Actor
    from registry.extensions import db

    actor = Actor(None, "seed")
    db.session.add_all([Facility(code=NEAR, name="General Hospital"), Facility(code=FAR, name="Other Hospital")])
    db.session.flush()
    create_user("near", PASSWORD, "registrar", facilities=[NEAR], actor=actor)
    mine = create_patient({"patientIdNumber": "00000001", "nameLast": "WHITE", "nameFirst": "MARY",
                           "dateOfBirth": "19580612", "sexAssignedAtBirth": "2"}, actor)
    add_tumor(mine, {"reportingFacility": NEAR, "primarySite": "C504", "dateOfDiagnosis": "20240105"}, actor)
    theirs = create_patient({"patientIdNumber": "00000002", "nameLast": "FARAWAY", "nameFirst": "FIONA",
                             "dateOfBirth": "19410303", "socialSecurityNumber": "555443333"}, actor)
    add_tumor(theirs, {"reportingFacility": FAR, "primarySite": "C619", "dateOfDiagnosis": "20230101"}, actor)
    db.session.commit()


def test_a_limited_registrar_sees_only_their_facilitys_duplicate(browser, served, sign_in, shots):
    _app, base = served
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    sign_in(page, base, "near")
    page.goto(f"{base}/patients/new")
    page.fill("#nameLast", "White")
    page.fill("#nameFirst", "Mary")
    page.fill("#dateOfBirth", "19580612")
    page.fill("#socialSecurityNumber", "555443333")
    page.click("button.primary")
    page.wait_for_selector("#duplicates")
    page.screenshot(path=str(shots / "duplicate-check-limited.png"), full_page=True)
    duplicates = page.text_content("#duplicates")
    assert "A record with this identifier exists at another facility" in duplicates
    assert "WHITE, MARY" in duplicates and "Add a tumor to this patient" in duplicates
    assert "FARAWAY" not in duplicates and "FIONA" not in duplicates and "00000002" not in duplicates
    assert page.locator("#duplicates tbody tr").count() == 1
    page.close()
