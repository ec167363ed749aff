"""A patient with a tumor holding every v26 item saves and reloads unchanged; audit and locking."""

import pytest

from registry.abstracting.models import Patient, Tumor
from registry.abstracting.operations import (
    StaleRecord,
    add_tumor,
    create_patient,
    split_by_level,
    update_tumor,
)
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.naaccr.dictionary import current


def _value(item) -> str:
    if item.data_type == "date":
        return "20240315"[: item.length]
    if item.data_type in ("digits", "numeric"):
        return ("1234567890" * 5)[: item.length]
    if item.data_type == "alpha":
        return "ABCDEFGHIJ"[: min(item.length, 10)]
    if item.data_type == "dateTime":
        return "2024-03-15T10:20:30"
    return ("Text \u00e9 <&> " * 500)[: item.length].strip() or "X"


def test_every_v26_item_round_trips(ctx, actor):
    d = current()
    record = {i.naaccr_id: _value(i) for i in d if i.level != "NaaccrData"}
    patient_items, tumor_items = split_by_level(record)
    assert len(patient_items) == 49 and len(tumor_items) == 717
    patient = create_patient(patient_items, actor)
    add_tumor(patient, tumor_items, actor)
    db.session.commit()
    patient_id = patient.id
    db.session.expunge_all()
    reloaded = db.session.get(Patient, patient_id)
    assert reloaded.items() == patient_items
    assert reloaded.tumors[0].items() == tumor_items


def test_user_defined_items_are_kept(ctx, actor):
    patient = create_patient({"patientIdNumber": "00000001", "myStateItem": "XY"}, actor)
    add_tumor(patient, {"stateTumorFlag": "7", "primarySite": "C619"}, actor)
    db.session.commit()
    patient_id = patient.id
    db.session.expunge_all()
    reloaded = db.session.get(Patient, patient_id)
    assert reloaded.items()["myStateItem"] == "XY"
    assert reloaded.tumors[0].items() == {"stateTumorFlag": "7", "primarySite": "C619", "tumorRecordNumber": "01"}


def test_a_change_writes_an_audit_entry_with_old_and_new_values(ctx, actor, make_patient):
    patient = make_patient()
    tumor = patient.tumors[0]
    update_tumor(tumor, {"primarySite": "C509", "laterality": "1"}, actor, expected_version=tumor.version)
    db.session.commit()
    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "update", AuditEvent.entity_id == tumor.id)
    ).one()
    assert event.changes == {"laterality": [None, "1"], "primarySite": ["C504", "C509"]}
    assert event.username == "test" and event.patient_id == patient.id and event.at.tzinfo is not None


def test_a_stale_version_is_refused_and_nothing_is_overwritten(ctx, actor, make_patient):
    patient = make_patient()
    tumor = patient.tumors[0]
    tumor_id, opened_version = tumor.id, tumor.version
    update_tumor(tumor, {"primarySite": "C502"}, actor, expected_version=opened_version)  # first registrar
    db.session.commit()
    with pytest.raises(StaleRecord, match="changed by someone else"):
        update_tumor(tumor, {"primarySite": "C508"}, actor, expected_version=opened_version)  # second, stale
    db.session.rollback()
    db.session.expunge_all()
    assert db.session.get(Tumor, tumor_id).primarySite == "C502"


def test_concurrent_sessions_cannot_both_write(app, ctx, actor, make_patient):
    """Two sessions load the same version; the database-level version check stops the second write."""
    from sqlalchemy.orm import Session

    patient = make_patient()
    tumor_id = patient.tumors[0].id
    with Session(db.engine) as one, Session(db.engine) as two:
        t1, t2 = one.get(Tumor, tumor_id), two.get(Tumor, tumor_id)
        t1.set_items({"primarySite": "C501"})
        one.commit()
        t2.set_items({"primarySite": "C503"})
        with pytest.raises(Exception, match=r"(?i)stale|expected to update"):
            two.commit()
    db.session.expunge_all()
    assert db.session.get(Tumor, tumor_id).primarySite == "C501"


def test_overlong_core_item_is_refused(ctx, actor):
    from registry.abstracting.items import ItemLengthError

    patient = create_patient({"patientIdNumber": "00000009"}, actor)
    with pytest.raises(ItemLengthError, match="primarySite is longer than 4"):
        add_tumor(patient, {"primarySite": "C5041"}, actor)
