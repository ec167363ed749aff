"""Two registrars save the same tumor: the second is stopped, sees both values, and nothing is lost."""

import json

from registry.abstracting.conflicts import baseline_of, merge
from registry.abstracting.models import Tumor
from registry.extensions import db


def test_merge_sorts_fields_by_who_changed_them():
    shown = {"primarySite": "C504", "laterality": "1", "grade": "2"}
    posted = {"primarySite": "C508", "laterality": "2", "grade": "2", "textRemarks": ""}
    saved = {"primarySite": "C509", "laterality": "1", "grade": "3", "textRemarks": "theirs"}
    result = merge(posted, saved, json.loads(baseline_of(shown)))
    assert result.conflicts == [("primarySite", "C508", "C509")]
    assert result.kept_mine == ["laterality"] and result.values["laterality"] == "2"
    assert sorted(result.taken_saved) == ["grade", "textRemarks"]
    assert result.values["grade"] == "3" and result.values["textRemarks"] == "theirs"


def test_concurrent_edit_is_refused_with_both_values_and_nothing_lost(client, workspace, login, make_user, opened,
                                                                     save, state_of):
    make_user("reg2", "registrar")
    first = opened(client, workspace.id)  # registrar "reg" opens the tumor
    login("reg2")
    second = opened(client, workspace.id)  # "reg2" opens it too
    assert save(client, workspace.id, {"primarySite": "C509", "textRemarks": "from reg2"}, form=second
                ).status_code == 303
    login("reg")
    response = save(client, workspace.id, {"primarySite": "C508", "laterality": "2"}, form=first)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "changed by someone else" in html
    assert 'name="primarySite" value="C508" required' in html and 'name="primarySite" value="C509" required' in html
    db.session.expire_all()
    tumor = db.session.get(Tumor, workspace.id)
    assert (tumor.primarySite, tumor.textRemarks, tumor.laterality) == ("C509", "from reg2", None)
    assert "from reg2" in html  # their text is in the merged form
    assert 'name="laterality" value="2"' in html  # my change is kept in the merged form
    resolved = {**state_of(html), "primarySite": "C508", "laterality": "2", "textRemarks": "from reg2"}
    assert save(client, workspace.id, {}, form=resolved).status_code == 303
    db.session.expire_all()
    tumor = db.session.get(Tumor, workspace.id)
    assert (tumor.primarySite, tumor.textRemarks, tumor.laterality) == ("C508", "from reg2", "2")


def test_a_stale_patient_version_is_a_conflict_too(client, workspace, opened, save):
    form = opened(client, workspace.id)
    assert save(client, workspace.id, {"nameFirst": "JOAN"}).status_code == 303
    response = save(client, workspace.id, {"nameFirst": "JANET"}, form=form)
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Tumor, workspace.id).patient.nameFirst == "JOAN"
