"""Edit runs over the database: records read as the abstract screen sees them, results replaced, selections,
the summary, and storing the edits of given tumors or patients (imports)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.abstracting.models import Tumor
from registry.abstracting.operations import update_patient, update_tumor
from registry.edits.engine import run_edits
from registry.edits.records import records_by_ids
from registry.edits.results import EditResult, results_for, store_results
from registry.edits.runs import run_database_edits, store_edits_for_patients, store_edits_for_tumors
from registry.extensions import db

CLEAN = {"primarySite": "C504", "dateOfDiagnosis": "20150115", "laterality": "1"}
LATERALITY_0 = {"primarySite": "C504", "dateOfDiagnosis": "20150115", "laterality": "0"}  # IF044
WRONG_AGE = {"primarySite": "C504", "dateOfDiagnosis": "20160301", "ageAtDiagnosis": "070"}  # IF004
WARNING_ONLY = {"primarySite": "C504", "dateOfDiagnosis": "20170115", "summaryStage2018": "1"}  # IF125 warning


def _ids(tumor_id: int) -> list[str]:
    return [r.edit_id for r in results_for(tumor_id)]


def test_records_read_in_batches_equal_the_abstract_screen_record(make_patient, make_facility):
    make_facility("0000000042")
    patient = make_patient(tumors=[{**CLEAN, "reportingFacility": "0000000042", "adenopathy": "1"}, WRONG_AGE],
                           autopsy="1", vitalStatus="1")
    assert list(records_by_ids(Tumor.id, [], 10)) == []
    rows = [row for batch in records_by_ids(Tumor.patient_id, [patient.id], 10) for row in batch]
    assert [(tid, fac) for tid, fac, _r in rows] == [(t.id, t.reportingFacility) for t in patient.tumors]
    for (_tid, _fac, record), tumor in zip(rows, patient.tumors, strict=True):
        assert record == {**patient.items(), **tumor.items()}
    assert rows[0][2]["autopsy"] == "1" and rows[0][2]["adenopathy"] == "1"  # extra items of both levels


def test_run_stores_failures_and_replaces_the_previous_results(make_patient, actor):
    patient = make_patient(tumors=[LATERALITY_0, CLEAN, WARNING_ONLY], autopsy="1", vitalStatus="1")
    bad, clean, warned = patient.tumors
    store_results(clean.id, run_edits({"primarySite": "C619", "sexAssignedAtBirth": "2"}))  # stale: IF043
    db.session.commit()
    assert _ids(clean.id) == ["IF043"]
    summary = run_database_edits()
    assert _ids(bad.id) == ["IF044", "IF105"] and _ids(clean.id) == ["IF105"] and _ids(warned.id) == ["IF105", "IF125"]
    assert {r.edit_set for r in results_for(bad.id)} == {"hospital"}
    assert summary.tumors == 3 and summary.failing_tumors == 3
    update_patient(patient, {"autopsy": None}, actor, expected_version=None)
    update_tumor(bad, {"laterality": "1"}, actor, expected_version=None)
    db.session.commit()
    summary = run_database_edits(batch_size=2)
    assert _ids(bad.id) == [] and _ids(clean.id) == [] and _ids(warned.id) == ["IF125"]
    assert summary.tumors == 3 and summary.failing_tumors == 0 and not summary.has_errors
    assert summary.by_edit() == [{"id": "IF125", "name": results_for(warned.id)[0].name, "severity": "warning",
                                  "failing_tumors": 1}]


def test_summary_by_edit_and_by_facility(make_patient, make_facility):
    make_facility("0000000001", "North Hospital")
    make_facility("0000000002", "South Hospital")
    make_patient(tumors=[{**LATERALITY_0, "reportingFacility": "0000000001"},
                         {**WRONG_AGE, "reportingFacility": "0000000001"}])
    make_patient(tumors=[{**CLEAN, "reportingFacility": "0000000002"}, {**LATERALITY_0, "tumorRecordNumber": "02"}])
    result = run_database_edits(batch_size=3).to_json()
    assert result["tumors"] == 4 and result["failing_tumors"] == 3 and result["edit_set"] == "hospital"
    assert [(e["id"], e["failing_tumors"]) for e in result["by_edit"]] == [("IF044", 2), ("IF004", 1)]
    assert result["by_facility"] == [
        {"facility": "0000000001", "name": "North Hospital", "tumors": 2, "failing_tumors": 2},
        {"facility": "0000000002", "name": "South Hospital", "tumors": 1, "failing_tumors": 0},
        {"facility": None, "name": None, "tumors": 1, "failing_tumors": 1},
    ]


def test_selection_by_facility_and_year_edits_only_those_tumors(make_patient):
    patient = make_patient(tumors=[
        {**LATERALITY_0, "reportingFacility": "0000000001", "dateOfDiagnosis": "20150301"},
        {**LATERALITY_0, "reportingFacility": "0000000001", "dateOfDiagnosis": "20170301"},
        {**LATERALITY_0, "reportingFacility": "0000000002", "dateOfDiagnosis": "20160301"},
    ])
    first, second, third = patient.tumors
    summary = run_database_edits(facility="0000000001", dx_year_from=2016, dx_year_to=2017)
    assert summary.tumors == 1
    assert _ids(second.id) == ["IF044"] and _ids(first.id) == [] and _ids(third.id) == []
    assert run_database_edits(dx_year_to=2015).tumors == 1 and _ids(first.id) == ["IF044"]
    assert run_database_edits(facility="0000000009").tumors == 0


def test_other_edit_sets_store_their_name_and_their_edits(make_patient):
    patient = make_patient(tumors=[{**CLEAN, "histologicTypeIcdO3": "9510", "behaviorCodeIcdO3": "3"}])
    tumor = patient.tumors[0]
    run_database_edits("hospital")
    assert "IF041" in _ids(tumor.id) and "IF040" not in _ids(tumor.id)  # CoC site/morphology edit
    run_database_edits("state-submission")
    assert "IF040" in _ids(tumor.id) and "IF041" not in _ids(tumor.id)  # SEER-style one instead
    assert {r.edit_set for r in results_for(tumor.id)} == {"state-submission"}
    with pytest.raises(ValueError, match="unknown edit set"):
        run_database_edits("nightly")


def test_store_edits_for_given_tumors_or_patients_leaves_the_others(make_patient):
    one = make_patient(tumors=[LATERALITY_0, WRONG_AGE])
    two = make_patient(tumors=[LATERALITY_0])
    summary = store_edits_for_tumors([one.tumors[1].id, one.tumors[1].id])
    assert summary.tumors == 1 and _ids(one.tumors[1].id) == ["IF004"] and _ids(one.tumors[0].id) == []
    summary = store_edits_for_patients([two.id], batch_size=1)
    db.session.commit()
    assert summary.tumors == 1 and _ids(two.tumors[0].id) == ["IF044"] and _ids(one.tumors[0].id) == []
    assert store_edits_for_patients([]).tumors == 0
    rows = db.session.scalars(select(EditResult.tumor_id)).all()
    assert sorted(rows) == sorted([one.tumors[1].id, two.tumors[0].id])


def test_bulk_stored_rows_read_back_like_single_saves(make_patient):
    from datetime import UTC, datetime, timedelta

    patient = make_patient(tumors=[LATERALITY_0, {**LATERALITY_0, "tumorRecordNumber": "02"}])
    first, second = patient.tumors
    store_results(first.id, run_edits({**patient.items(), **first.items()}))
    db.session.commit()
    single = [(r.edit_id, r.name, r.severity, r.message, r.items, r.edit_set) for r in results_for(first.id)]
    store_edits_for_tumors([second.id])
    db.session.commit()
    db.session.expire_all()
    bulk = results_for(second.id)
    assert [(r.edit_id, r.name, r.severity, r.message, r.items, r.edit_set) for r in bulk] == single
    assert bulk[0].items == ["primarySite", "laterality", "dateOfDiagnosis"]
    assert abs(bulk[0].run_at - datetime.now(UTC)) < timedelta(minutes=5)
