"""The edits gate (block and hold, required items) and re-importing a submission into an empty database."""

from __future__ import annotations

from registry.abstracting.models import Patient
from registry.extensions import db
from registry.naaccr.exchange.importer import import_file
from registry.submissions.build import build_batch
from registry.submissions.models import SubmissionItem
from registry.submissions.profiles import demo_profile_text


def _snapshot() -> dict[str, tuple[dict, dict[str, dict]]]:
    """patientIdNumber -> (patient items, {tumorRecordNumber: tumor items}) of the whole database."""
    return {p.patientIdNumber: (p.items(), {t.tumorRecordNumber: t.items() for t in p.tumors})
            for p in db.session.scalars(db.select(Patient))}


def _empty_database() -> None:
    db.session.commit()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    db.session.expire_all()


def test_reimport_into_an_empty_database_gives_the_same_items(demo_registry, make_profile, v26_profile, actor,
                                                              tmp_path, read_back):
    row = make_profile(v26_profile)
    out = tmp_path / "central.xml.gz"
    batch = build_batch(row, actor, out=out)
    db.session.commit()
    before = _snapshot()
    sent = read_back(out)
    assert batch.tumors == sum(len(t) for _, t in sent) > 0

    _empty_database()
    assert db.session.query(Patient).count() == 0
    result = import_file(out, actor)
    assert result.status == "imported", result.errors[:3]
    after = _snapshot()
    assert set(after) == {p["patientIdNumber"] for p, _ in sent}
    for pid, (patient_items, tumors) in after.items():
        assert patient_items == before[pid][0]
        for number, tumor_items in tumors.items():
            assert tumor_items == before[pid][1][number]


def test_block_mode_writes_nothing_and_lists_the_failures(demo_registry, make_profile, actor, tmp_path):
    row = make_profile(demo_profile_text().replace("on_edit_errors: hold", "on_edit_errors: block"))
    out = tmp_path / "blocked.xml.gz"
    batch = build_batch(row, actor, out=out)
    db.session.commit()
    assert batch.status == "blocked" and batch.file_path is None and batch.tumors == 0
    assert not out.exists() and not (tmp_path / "blocked.xml.gz.part").exists()
    assert batch.failures and all(f["severity"] == "error" and f["tumor_id"] for f in batch.failures)
    assert db.session.query(SubmissionItem).count() == 0
    assert batch.manifest["counts"]["records_with_errors"] == len({f["tumor_id"] for f in batch.failures})


def test_required_items_are_errors(make_patient, make_profile, actor, tmp_path):
    tumor = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "schemaId": "00480",
             "dateOfDiagnosis": "20220115", "laterality": "1", "classOfCase": "10"}
    complete = make_patient(tumors=[{**tumor, "addrAtDxPostalCode": "21201"}])
    lacking = make_patient(tumors=[tumor])
    row = make_profile("""
name: zip
recipient: Zip Registry
required_items: [addrAtDxPostalCode]
edit_set: import
selection: {statuses: [incomplete]}
on_edit_errors: hold
""")
    batch = build_batch(row, actor, out=tmp_path / "zip.xml.gz")
    assert batch.tumors == 1 and batch.held_count == 1
    assert [(f["edit"], f["items"], f["tumor_id"]) for f in batch.failures] == [
        ("REQUIRED", ["addrAtDxPostalCode"], lacking.tumors[0].id)]
    assert "Zip Registry" in batch.failures[0]["message"]
    sent = db.session.scalars(db.select(SubmissionItem.tumor_id)).all()
    assert sent == [complete.tumors[0].id]
