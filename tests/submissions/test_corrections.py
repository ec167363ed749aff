"""New cases and corrections: a changed submitted tumor goes again as a correction, an unchanged one never."""

from __future__ import annotations

import pytest

from registry.abstracting.models import Tumor
from registry.abstracting.operations import update_patient, update_tumor
from registry.extensions import db
from registry.submissions.build import NothingToSend, build_batch
from registry.submissions.operations import BatchStateError, close_batch, mark_sent
from registry.submissions.profiles import parse_profile
from registry.submissions.selection import CORRECTION, NEW, select_cases

PROFILE = """
name: simple
recipient: Simple Central Registry
naaccr_version: "260"
required_items: [primarySite]
edit_set: import
selection: {dx_year_from: 2018, statuses: [incomplete, complete, reviewed]}
send: SEND
on_edit_errors: hold
"""


@pytest.fixture
def three_cases(make_patient):
    """Three patients, one tumor each, all reportable and clean for the import edit set."""
    tumor = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3",
             "dateOfDiagnosis": "20220115", "laterality": "1", "classOfCase": "10", "schemaId": "00480"}
    return [make_patient(tumors=[tumor]) for _ in range(3)]


def _kinds(row) -> dict[int, str]:
    return {c.tumor_id: c.kind for c in select_cases(parse_profile(row.yaml), row.id)}


def _sent_batch(row, actor, tmp_path, name: str):
    batch = build_batch(row, actor, out=tmp_path / name)
    mark_sent(batch, actor)
    db.session.commit()
    return batch


def test_changed_tumor_is_a_correction_and_unchanged_are_not_sent_twice(three_cases, make_profile, actor, tmp_path):
    row = make_profile(PROFILE.replace("SEND", "corrections"))
    first = _sent_batch(row, actor, tmp_path, "1.xml.gz")
    assert (first.tumors, first.new_count, first.correction_count) == (3, 3, 0)
    with pytest.raises(NothingToSend):
        build_batch(row, actor, out=tmp_path / "2.xml.gz")

    changed = three_cases[1].tumors[0]
    update_tumor(changed, {"grade": "2"}, actor, expected_version=changed.version)
    db.session.commit()
    assert _kinds(row) == {changed.id: CORRECTION}
    second = _sent_batch(row, actor, tmp_path, "2.xml.gz")
    assert (second.tumors, second.new_count, second.correction_count) == (1, 0, 1)
    with pytest.raises(NothingToSend):
        build_batch(row, actor, out=tmp_path / "3.xml.gz")


def test_patient_change_makes_its_tumors_corrections(three_cases, make_profile, actor, tmp_path):
    row = make_profile(PROFILE.replace("SEND", "corrections"))
    _sent_batch(row, actor, tmp_path, "1.xml.gz")
    patient = three_cases[2]
    update_patient(patient, {"nameLast": "Roe"}, actor, expected_version=patient.version)
    db.session.commit()
    assert _kinds(row) == {patient.tumors[0].id: CORRECTION}


def test_new_cases_only_profile_ignores_changes(three_cases, make_patient, make_profile, actor, tmp_path):
    row = make_profile(PROFILE.replace("SEND", "new"))
    _sent_batch(row, actor, tmp_path, "1.xml.gz")
    changed = three_cases[0].tumors[0]
    update_tumor(changed, {"grade": "3"}, actor, expected_version=changed.version)
    late = make_patient(tumors=[{"primarySite": "C619", "histologicTypeIcdO3": "8140", "behaviorCodeIcdO3": "3",
                                 "dateOfDiagnosis": "20230301", "classOfCase": "10", "schemaId": "00580"}])
    db.session.commit()
    assert _kinds(row) == {late.tumors[0].id: NEW}


def test_unsent_and_rejected_batches_do_not_count_as_sent(three_cases, make_profile, actor, tmp_path):
    row = make_profile(PROFILE.replace("SEND", "corrections"))
    built = build_batch(row, actor, out=tmp_path / "1.xml.gz")
    db.session.commit()
    assert set(_kinds(row).values()) == {NEW} and len(_kinds(row)) == 3  # built, never sent
    mark_sent(built, actor)
    close_batch(built, False, actor, note="wrong file layout", report_name="errors.txt", report=b"line 1: bad")
    db.session.commit()
    assert built.status == "rejected" and built.response_file == b"line 1: bad"
    assert len(_kinds(row)) == 3  # rejected: every case goes again
    again = _sent_batch(row, actor, tmp_path, "2.xml.gz")
    close_batch(again, True, actor)
    db.session.commit()
    assert again.status == "accepted" and _kinds(row) == {}


def test_batch_steps_follow_their_order(three_cases, make_profile, actor, tmp_path):
    row = make_profile(PROFILE.replace("SEND", "corrections"))
    batch = build_batch(row, actor, out=tmp_path / "1.xml.gz")
    with pytest.raises(BatchStateError):
        close_batch(batch, True, actor)
    mark_sent(batch, actor)
    with pytest.raises(BatchStateError):
        mark_sent(batch, actor)


def test_selection_rules(make_patient, make_profile, actor, tmp_path):
    def case(site: str, behavior: str, year: str = "2020", facility: str = "0000000001") -> Tumor:
        patient = make_patient(tumors=[{"primarySite": site, "histologicTypeIcdO3": "9530", "dateOfDiagnosis":
                                        f"{year}0101", "behaviorCodeIcdO3": behavior, "reportingFacility": facility}])
        return patient.tumors[0]

    benign_brain, benign_pituitary, benign_breast = case("C710", "0"), case("C751", "1"), case("C504", "0")
    malignant, too_old = case("C504", "3"), case("C504", "3", "2017")
    elsewhere = case("C504", "3", "2020", "0000000002")
    row = make_profile(PROFILE.replace("SEND", "corrections").replace(
        "statuses:", "facilities: ['0000000001'], statuses:"))
    chosen = set(_kinds(row))
    assert {benign_brain.id, benign_pituitary.id, malignant.id} == chosen
    assert not chosen & {benign_breast.id, too_old.id, elsewhere.id}
