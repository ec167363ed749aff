"""The abstract screen: sections, saving with failing edits, completing, refused values, an audit entry per save."""

from registry.abstracting.models import Tumor
from registry.core.audit import AuditEvent
from registry.edits.results import EditResult
from registry.extensions import db


def _tumor(tumor_id):
    db.session.expire_all()
    return db.session.get(Tumor, tumor_id)


def test_screen_shows_sections_with_names_numbers_and_form_order(client, workspace, save, complete_items):
    html = client.get(f"/abstracts/{workspace.id}").get_data(as_text=True)
    for section in ("demographics", "identification", "stage", "treatment", "followup", "text"):
        assert f'id="sec-{section}"' in html
    assert 'Primary Site <span class="num">400</span>' in html
    assert html.index('name="nameLast"') < html.index('name="primarySite"') < html.index('name="textDxProcPe"')
    assert 'value="C504"' in html and "Upper-outer quadrant of breast" in html
    assert "Alt+S" in html and "beforeunload" not in html  # the warning lives in the static script


def test_save_keeps_work_when_an_edit_fails_and_links_the_edit_to_its_field(client, workspace, save, complete_items):
    response = save(client, workspace.id, {**complete_items, "laterality": "0"}, "complete")
    assert response.status_code == 303
    tumor = _tumor(workspace.id)
    assert tumor.laterality == "0" and tumor.textHistologyTitle == "Invasive ductal carcinoma"
    assert tumor.status == "incomplete"
    assert tumor.schemaId == "00480"  # staging derived on save
    stored = db.session.scalars(db.select(EditResult).where(EditResult.tumor_id == tumor.id)).all()
    assert any(r.edit_id == "IF044" and r.severity == "error" and "laterality" in r.items for r in stored)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "not completed" in html and 'href="#f-laterality"' in html


def test_fixing_the_edit_allows_completion(client, workspace, save, complete_items):
    save(client, workspace.id, {**complete_items, "laterality": "0"}, "complete")
    response = save(client, workspace.id, {"laterality": "1"}, "complete")
    assert response.status_code == 303
    tumor = _tumor(workspace.id)
    assert tumor.status == "complete" and tumor.items()["dateCaseCompleted"]
    assert not db.session.scalars(db.select(EditResult).where(EditResult.tumor_id == tumor.id,
                                                              EditResult.severity == "error")).all()


def test_complete_is_refused_while_required_items_are_blank(client, workspace, save, complete_items):
    save(client, workspace.id, {"laterality": "1"}, "complete")
    tumor = _tumor(workspace.id)
    assert tumor.status == "incomplete" and tumor.laterality == "1"


def test_values_that_cannot_be_stored_refuse_the_save_and_stay_on_screen(client, workspace, save, complete_items):
    response = save(client, workspace.id, {"dateOfDiagnosis": "20241399", "textRemarks": "keep me"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="20241399"' in html and "keep me" in html and "must be a date" in html
    tumor = _tumor(workspace.id)
    assert tumor.dateOfDiagnosis == "20240105" and not tumor.textRemarks


def test_every_save_writes_an_audit_entry(client, workspace, save, complete_items):
    def count():
        return db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action.in_(("update", "save", "status")), AuditEvent.patient_id == workspace.patient_id))

    before = count()
    save(client, workspace.id, {"laterality": "2", "nameFirst": "JOAN"})
    after_change = count()
    save(client, workspace.id, {"laterality": "2"})
    after_no_change = count()
    assert after_change >= before + 2  # the patient's and the tumor's changes
    assert after_no_change == after_change + 1
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "tumor", AuditEvent.action == "update")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.changes["laterality"] == [None, "2"] and event.username == "reg"
