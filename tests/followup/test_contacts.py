"""Entering follow-up contacts in the database: history kept, later contact wins, audit trail written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from registry.abstracting.operations import StaleRecord
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.followup.models import FollowUpContact
from registry.followup.operations import ContactError, ContactInput, contact_history, is_later, record_contact

TODAY = date(2025, 6, 1)
TUMORS = [{"primarySite": "C504", "dateOfDiagnosis": "20200115", "classOfCase": "10"},
          {"primarySite": "C619", "dateOfDiagnosis": "20220301", "classOfCase": "14"}]


@pytest.fixture
def patient(make_patient):
    return make_patient(tumors=TUMORS, dateOfLastContact="20230310", vitalStatus="1")


def _events(patient_id: int, entity: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.patient_id == patient_id,
                                                            AuditEvent.entity == entity).order_by(AuditEvent.id)))


def test_later_contact_updates_patient_and_tumors_with_audit(patient, actor):
    first, second = patient.tumors
    contact = ContactInput("20250105", "1", source="2", method="letter to physician",
                           cancer_status={first.id: "1", second.id: "2"}, note="Seen in clinic")
    record_contact(patient, contact, actor, expected_version=patient.version, today=TODAY)
    db.session.commit()
    assert (patient.dateOfLastContact, patient.vitalStatus) == ("20250105", "1")
    assert patient.last_contact_date == date(2025, 1, 5)
    assert [(t.cancerStatus, t.dateOfLastCancerStatus, t.followUpSource) for t in patient.tumors] == [
        ("1", "20250105", "2"), ("2", "20250105", "2")]
    patient_events = _events(patient.id, "patient")
    assert patient_events[-1].action == "update"
    assert patient_events[-1].changes["dateOfLastContact"] == ["20230310", "20250105"]
    assert len([e for e in _events(patient.id, "tumor") if e.action == "update"]) == 2
    contact_event = _events(patient.id, "followup_contact")[0]
    assert contact_event.changes["date"] == [None, "20250105"] and contact_event.note == "Seen in clinic"
    [row] = contact_history(patient.id)
    assert row.cancer_status == {str(first.id): "1", str(second.id): "2"} and row.entered_by == "test"


def test_older_contact_is_kept_in_history_but_does_not_move_the_date_back(patient, actor):
    record_contact(patient, ContactInput("20250105", "1", source="2"), actor, today=TODAY)
    db.session.commit()
    version = patient.version
    record_contact(patient, ContactInput("20240601", "1", source="3", cancer_status={patient.tumors[0].id: "9"}),
                   actor, today=TODAY)
    db.session.commit()
    assert patient.dateOfLastContact == "20250105" and patient.version == version
    assert patient.tumors[0].followUpSource == "2"
    # the tumor had no cancer status yet, so the older contact's status is still the latest known
    assert (patient.tumors[0].cancerStatus, patient.tumors[0].dateOfLastCancerStatus) == ("9", "20240601")
    assert [c.contact_date for c in contact_history(patient.id)] == ["20250105", "20240601"]


def test_partial_dates_compare_from_the_first_day_and_precision_breaks_ties():
    assert is_later("20240315", "2024") and not is_later("2024", "20240315")
    assert is_later("20240101", "2024") and not is_later("2024", "20240101")
    assert is_later("202403", "") and not is_later("", "20240101")


def test_death_contact_sets_cause_and_revision(patient, actor):
    record_contact(patient, ContactInput("20250201", "0", source="7", central_source="05", cause_of_death="C509"),
                   actor, today=TODAY)
    db.session.commit()
    items = patient.items()
    assert (items["vitalStatus"], items["dateOfLastContact"], items["causeOfDeath"], items["icdRevisionNumber"],
            items["followUpSourceCentral"]) == ("0", "20250201", "C509", "1", "05")


@pytest.mark.parametrize(("contact", "message"), [
    (ContactInput("20251301", "1"), "is not a date"),
    (ContactInput("20250701", "1"), "in the future"),
    (ContactInput("1949", "1"), "before the date of birth"),
    (ContactInput("20250101", "2"), "vital status"),
    (ContactInput("20250101", "1", source="6"), "followUpSource"),
    (ContactInput("20250101", "1", cause_of_death="C509"), "cause of death"),
    (ContactInput("20230101", "0"), "before the last contact alive"),
])
def test_refused_contacts_write_nothing(patient, actor, contact, message):
    with pytest.raises(ContactError, match=message):
        record_contact(patient, contact, actor, today=TODAY)
    db.session.rollback()
    assert db.session.scalar(select(FollowUpContact.id)) is None
    assert db.session.get(type(patient), patient.id).dateOfLastContact == "20230310"


def test_alive_contact_after_a_recorded_death_is_refused(make_patient, actor):
    dead = make_patient(tumors=TUMORS[:1], dateOfLastContact="20240101", vitalStatus="0")
    with pytest.raises(ContactError, match="recorded dead"):
        record_contact(dead, ContactInput("20250101", "1"), actor, today=TODAY)


def test_stale_patient_version_is_refused(patient, actor):
    with pytest.raises(StaleRecord):
        record_contact(patient, ContactInput("20250105", "1"), actor, expected_version=patient.version - 1,
                       today=TODAY)


def test_unknown_tumor_in_cancer_status_is_refused(patient, make_patient, actor):
    other = make_patient(tumors=TUMORS[:1])
    with pytest.raises(ContactError, match="not one of this patient's tumors"):
        record_contact(patient, ContactInput("20250105", "1", cancer_status={other.tumors[0].id: "1"}), actor,
                       today=TODAY)
