"""Building a state submission from the demo registry: schema- and dictionary-valid, exactly the selected cases,
passing the profile's edits, the same items as the database, manifest and recorded versions."""

from __future__ import annotations

import hashlib
import json

from registry.abstracting.models import Patient, Tumor
from registry.edits.engine import run_edits
from registry.extensions import db
from registry.naaccr.dictionary import ItemLookup, base_dictionary, current
from registry.naaccr.validate import validate_file
from registry.submissions.build import build_batch, manifest_path
from registry.submissions.gate import gate
from registry.submissions.models import SubmissionItem
from registry.submissions.profiles import demo_profile_text, parse_profile

BRAIN = ("C751", "C752", "C753")


def _selected(profile, tumor: Tumor) -> bool:
    """The demo profile's case rules, written out independently of the SQL in selection.py."""
    sel = profile.selection
    behavior = tumor.behaviorCodeIcdO3 or ""
    site = tumor.primarySite or ""
    brain = "C700" <= site <= "C729" or site in BRAIN
    return (tumor.dx_year is not None and tumor.dx_year >= sel.dx_year_from
            and tumor.classOfCase in sel.class_of_case and tumor.status in sel.statuses
            and (behavior in sel.behaviors or (behavior in ("0", "1") and brain)))


def _expected(profile) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(keys that pass the gate, keys held by error-level failures) among the selected tumors."""
    lookup = ItemLookup(current(), profile.dictionaries())
    passing, held = set(), set()
    for tumor in db.session.scalars(db.select(Tumor)):
        if not _selected(profile, tumor):
            continue
        record = {**tumor.patient.items(), **tumor.items()}
        key = (tumor.patient.patientIdNumber, tumor.tumorRecordNumber)
        failures = gate(record, profile.required_items, profile.recipient, profile.edit_set, lookup)
        (held if any(f.severity == "error" for f in failures) else passing).add(key)
    return passing, held


def test_demo_submission_valid_complete_and_passing_edits(demo_registry, make_profile, actor, tmp_path, read_back,
                                                          xsd_errors):
    row = make_profile(demo_profile_text())
    profile = parse_profile(row.yaml)
    out = tmp_path / "md.xml.gz"
    batch = build_batch(row, actor, out=out)
    db.session.commit()

    assert batch.status == "built"
    assert xsd_errors(out) == []
    report = validate_file(out, user_dictionaries=profile.dictionaries())
    assert report.valid, report.errors[:5]

    passing, held = _expected(profile)
    assert passing and held  # the demo plants errors: some cases are held back
    patients = read_back(out, profile.dictionaries())
    sent = {(p["patientIdNumber"], t["tumorRecordNumber"]) for p, tumors in patients for t in tumors}
    assert sent == passing
    assert (batch.tumors, batch.held_count, batch.new_count) == (len(passing), len(held), len(passing))

    for patient_items, tumors in patients:
        for tumor_items in tumors:
            record = {**patient_items, **tumor_items}
            record["sexAssignedAtBirth"] = record.pop("sex")  # the v25 file carries Sex (#220)
            assert [f for f in run_edits(record, "state-submission") if f.severity == "error"] == []


def test_file_items_are_the_database_items(demo_registry, make_profile, actor, tmp_path, read_back):
    row = make_profile(demo_profile_text())
    profile = parse_profile(row.yaml)
    out = tmp_path / "md.xml.gz"
    build_batch(row, actor, out=out)
    v25 = ItemLookup(base_dictionary("250"), profile.dictionaries())
    allowed = {level: {i.naaccr_id for i in v25.at_level(level) if "A" in i.record_types}
               for level in ("Patient", "Tumor")}
    for patient_items, tumors in read_back(out, profile.dictionaries()):
        pid = patient_items["patientIdNumber"]
        patient = db.session.scalar(db.select(Patient).where(Patient.patientIdNumber == pid))
        expected = {k: v for k, v in patient.items().items() if k in allowed["Patient"]}
        expected["sex"] = patient.sexAssignedAtBirth
        assert patient_items == expected
        by_number = {t.tumorRecordNumber: t for t in patient.tumors}
        for tumor_items in tumors:
            tumor = by_number[tumor_items["tumorRecordNumber"]]
            wanted = {k: v for k, v in tumor.items().items() if k in allowed["Tumor"]}
            assert tumor_items == {**wanted, "repFacilityMD10Num": tumor.reportingFacility}


def test_root_manifest_and_recorded_versions(demo_registry, make_profile, actor, tmp_path, app):
    app.config["REGISTRY_ID"] = "0000000024"
    try:
        row = make_profile(demo_profile_text())
        out = tmp_path / "md.xml.gz"
        batch = build_batch(row, actor, out=out)
        db.session.commit()
    finally:
        app.config.pop("REGISTRY_ID")
    from registry.naaccr.xml.reader import read_file

    with read_file(str(out)) as nf:
        assert nf.root.base_dictionary_uri == "http://naaccr.org/naaccrxml/naaccr-dictionary-250.xml"
        assert nf.root.user_dictionary_uris == ["https://phpa.health.maryland.gov/cancer/maryland-naaccr-dictionary-250-v1.xml"]
        assert nf.root.record_type == "A"
        assert nf.root.items["registryId"] == "0000000024"
    assert batch.file_name.startswith("MD_0000000024_") and batch.file_name.endswith("_0001.xml.gz")
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    manifest = json.loads(manifest_path(out).read_text())
    assert manifest == batch.manifest
    assert manifest["sha256"] == batch.sha256 == digest
    assert manifest["counts"]["tumors"] == batch.tumors and manifest["built_by"] == actor.username
    assert manifest["bytes"] == out.stat().st_size
    items = db.session.scalars(db.select(SubmissionItem).where(SubmissionItem.batch_id == batch.id)).all()
    assert len(items) == batch.tumors
    for item in items:
        tumor = db.session.get(Tumor, item.tumor_id)
        assert (item.tumor_version, item.patient_version, item.kind) == (tumor.version, tumor.patient.version, "new")
