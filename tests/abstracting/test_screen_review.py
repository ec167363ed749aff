"""The abstract screen: review, reopening, history, the JSON the script reads, site-specific items."""

from registry.abstracting.models import Tumor
from registry.extensions import db


def _tumor(tumor_id):
    db.session.expire_all()
    return db.session.get(Tumor, tumor_id)


def test_reviewer_approves_and_returns_with_a_comment(client, workspace, login, save, complete_items):
    save(client, workspace.id, complete_items, "complete")
    assert _tumor(workspace.id).status == "complete"
    assert client.post(f"/abstracts/{workspace.id}/review", data={"decision": "approve"}).status_code == 403
    login("rev")
    assert save(client, workspace.id, {"laterality": "2"}).status_code == 403
    html = client.get(f"/abstracts/{workspace.id}").get_data(as_text=True)
    assert 'id="approve-button"' in html and "<fieldset class=\"plain\" disabled>" in html
    client.post(f"/abstracts/{workspace.id}/review", data={"decision": "return", "comment": ""})
    assert _tumor(workspace.id).status == "complete"  # a return needs its reason
    client.post(f"/abstracts/{workspace.id}/review", data={"decision": "return", "comment": "Check laterality"})
    assert _tumor(workspace.id).status == "incomplete"
    login("reg")
    html = client.get(f"/abstracts/{workspace.id}").get_data(as_text=True)
    assert "returned: Check laterality" in html
    save(client, workspace.id, {}, "complete")
    login("rev")
    client.post(f"/abstracts/{workspace.id}/review", data={"decision": "approve", "comment": "Good"})
    assert _tumor(workspace.id).status == "reviewed"


def test_changing_a_completed_abstract_reopens_it(client, workspace, save, complete_items):
    save(client, workspace.id, complete_items, "complete")
    save(client, workspace.id, {"textRemarks": "late pathology addendum"})
    assert _tumor(workspace.id).status == "incomplete"


def test_history_tab_shows_old_and_new_values(client, workspace, save, complete_items):
    save(client, workspace.id, {"primarySite": "C509"})
    html = client.get(f"/abstracts/{workspace.id}").get_data(as_text=True)
    history = html[html.index('id="history"'):]
    assert "<b>Primary Site</b>: <del>C504</del> → <ins>C509</ins>" in history


def test_field_description_and_coding_help_json(client, workspace, save, complete_items):
    fields = client.get("/abstracts/fields.json").get_json()
    assert fields["laterality"]["codes"]["1"].startswith("Right") and fields["primarySite"]["number"] == 400
    assert client.get("/abstracts/lookup/topography?q=upper outer breast").get_json()[0]["code"] == "C504"
    terms = client.get("/abstracts/lookup/histology?q=8500/3").get_json()
    assert terms[0]["histology"] == "8500" and terms[0]["behavior"] == "3"
    help_ = client.get("/abstracts/coding?primarySite=C504&histologicTypeIcdO3=8500&behaviorCodeIcdO3=3"
                       "&dateOfDiagnosis=20240105").get_json()
    assert help_["staging"]["schema_id"] == "breast" and help_["siteType"] is None
    assert any(i["id"] == "estrogenReceptorSummary" for i in help_["staging"]["site_specific"])


def test_site_specific_items_are_shown_and_saved(client, workspace, save, complete_items):
    html = client.get(f"/abstracts/{workspace.id}").get_data(as_text=True)
    assert 'id="sec-ssdi"' not in html  # no histology yet: no schema
    save(client, workspace.id, {"histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3"})
    html = client.get(f"/abstracts/{workspace.id}").get_data(as_text=True)
    assert 'id="sec-ssdi"' in html and 'name="estrogenReceptorSummary"' in html
    save(client, workspace.id, {"estrogenReceptorSummary": "1"})
    assert _tumor(workspace.id).items()["estrogenReceptorSummary"] == "1"
