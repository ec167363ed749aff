"""End to end in a real headless browser: a registrar takes a case from the queue, codes it with the pickers,
saves with a failing edit, fixes it and completes the abstract; a reviewer approves it.

The app is served on 127.0.0.1 by werkzeug in a thread, on a SQLite database file (plumbing in conftest.py:
skipped only when Debian's chromium is not installed; screenshots to a temporary folder, or to docs/screenshots/
with REGISTRY_SCREENSHOTS=1).
"""

from __future__ import annotations

import pytest

PASSWORD = "correct horse battery"
FACILITY = "0000000001"


@pytest.fixture(scope="module")
def served(tmp_path_factory, serve):
    with serve(tmp_path_factory.mktemp("e2e"), _seed) as app_and_url:
        yield app_and_url


def _seed() -> None:
    from registry.abstracting.models import Facility
    from registry.abstracting.operations import add_tumor, create_patient
    from registry.accounts.operations import create_user
    from registry.core.audit import Actor
    from registry.extensions import db

    actor = Actor(None, "seed")
    db.session.add(Facility(code=FACILITY, name="General Hospital"))
    create_user("reg", PASSWORD, "registrar", actor=actor)
    create_user("rev", PASSWORD, "reviewer", actor=actor)
    patient = create_patient({"patientIdNumber": "00000001", "nameLast": "WHITE", "nameFirst": "MARY",
                              "dateOfBirth": "19580612", "sexAssignedAtBirth": "2"}, actor)
    add_tumor(patient, {"reportingFacility": FACILITY, "medicalRecordNumber": "MR-1001",
                        "dateOfDiagnosis": "20240105"}, actor)
    db.session.commit()


def _status(app) -> str:
    from registry.abstracting.models import Tumor
    from registry.extensions import db

    with app.app_context():
        return db.session.scalars(db.select(Tumor.status)).one()


def _fill(page, values: dict[str, str]) -> None:
    for item, value in values.items():
        page.fill(f"#i-{item}", value)


def _pick(page, shortcut: str, query: str, shot=None) -> None:
    page.keyboard.press(shortcut)
    page.wait_for_selector("#picker:not([hidden])")
    page.keyboard.type(query)
    page.wait_for_selector("#picker-list li[aria-selected='true']")
    if shot:
        page.screenshot(path=str(shot))
    page.keyboard.press("Enter")


def test_registrar_abstracts_and_reviewer_approves(browser, served, sign_in, shots):
    sync_api = pytest.importorskip("playwright.sync_api")
    app, base = served
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in(page, base, "reg")
    page.goto(f"{base}/queues")
    page.screenshot(path=str(shots / "queue.png"))
    page.click("a.open-case")
    page.wait_for_selector("form[data-ready='1']")

    page.focus("#i-nameLast")
    page.keyboard.press("Alt+N")  # next section: focus goes to its first field
    sync_api.expect(page.locator("#i-reportingFacility")).to_be_focused()
    page.focus("#i-dateOfDiagnosis")  # as-you-type check of a partial/invalid date
    page.fill("#i-dateOfDiagnosis", "2024139")
    page.wait_for_selector("#f-dateOfDiagnosis.bad")
    page.fill("#i-dateOfDiagnosis", "202401")
    page.wait_for_selector("#f-dateOfDiagnosis:not(.bad)")

    _pick(page, "Alt+T", "upper outer breast")
    _pick(page, "Alt+H", "8500/3", shot=shots / "histology-picker.png")
    assert page.input_value("#i-primarySite") == "C504"
    assert page.input_value("#i-histologicTypeIcdO3") == "8500" and page.input_value("#i-behaviorCodeIcdO3") == "3"
    assert page.input_value("#i-textPrimarySiteTitle") == "Upper-outer quadrant of breast"
    assert page.input_value("#i-textHistologyTitle")
    page.wait_for_selector("#staging:has-text('schema Breast')")

    _fill(page, {"race1": "1", "race2": "88", "race3": "88", "race4": "88", "race5": "88",
                 "spanishHispanicOrigin": "0", "classOfCase": "10", "dateOf1stContact": "20240110",
                 "dateOfDiagnosis": "20240105", "sequenceNumberHospital": "00", "laterality": "0",
                 "diagnosticConfirmation": "1", "ageAtDiagnosis": "065", "typeOfReportingSource": "1",
                 "dateOfLastContact": "20240301", "vitalStatus": "1"})
    page.focus("#i-laterality")
    page.keyboard.press("Alt+C")  # save and complete: refused, laterality 0 fails a paired-site edit
    page.wait_for_selector(".edits .edit.error")
    assert "not completed" in page.text_content(".flash")
    assert _status(app) == "incomplete"
    assert page.input_value("#i-race1") == "01"  # zero-padded and kept
    page.screenshot(path=str(shots / "abstract-screen-edit-failing.png"))

    page.click(".edits .edit.error a[data-focus='laterality']")
    sync_api.expect(page.locator("#i-laterality")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.click("text=Patient")  # leaving with unsaved changes asks first
    assert dialogs == ["beforeunload"]
    page.keyboard.press("Alt+C")
    page.wait_for_selector(".flash.success")
    assert _status(app) == "complete"
    page.goto(f"{base}/abstracts/1#sec-stage")
    page.screenshot(path=str(shots / "abstract-screen-complete.png"))

    page.click("button:has-text('Sign out')")
    sign_in(page, base, "rev")
    page.goto(f"{base}/queues?queue=review")
    page.click("a.open-case")
    page.fill("#review-comment", "Coding checked against the pathology report.")
    page.screenshot(path=str(shots / "abstract-screen-review.png"))
    page.click("#approve-button")
    page.wait_for_selector(".flash.success")
    assert _status(app) == "reviewed"
    page.close()
