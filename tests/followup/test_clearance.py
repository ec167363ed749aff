"""Death clearance in the database: certain matches applied, uncertain ones queued, non-matches kept, and
re-running the same (or an overlapping) file changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from registry.abstracting.models import Patient
from registry.core.audit import Actor, AuditEvent
from registry.extensions import db
from registry.followup.clearance_operations import DecisionError, decide_match, import_death_file, mark_followed_back
from registry.followup.deathfile import DeathFileError
from registry.followup.models import DeathFileImport, DeathMatch, DeathRecord, FollowUpContact
from registry.followup.operations import ContactError

TODAY = date(2025, 6, 1)
HEADER = "last_name,first_name,date_of_birth,sex,ssn,date_of_death,underlying_cause,certificate_number\n"
LINES = [
    "SMITHERS,WALDO,1941-03-02,M,123-45-6789,2025-02-10,C34.9,2025-0001\n",  # certain: every field agrees
    "QUIMBY,JOSEPH,19450617,M,222334444,20250301,I219,2025-0002\n",  # SSN differs: review
    "NOBODY,NEVER,19600101,F,,20250115,C509,2025-0003\n",  # nobody in the registry
]


def death_file(lines=LINES, header=HEADER) -> bytes:
    return (header + "".join(lines)).encode()


@pytest.fixture
def registry_patients(make_patient):
    tumor = [{"primarySite": "C341", "dateOfDiagnosis": "20230105", "classOfCase": "10"}]
    return {
        "waldo": make_patient(tumors=tumor, nameLast="Smithers", nameFirst="Waldo", dateOfBirth="19410302",
                              sexAssignedAtBirth="1", socialSecurityNumber="123456789",
                              dateOfLastContact="20240901", vitalStatus="1"),
        "joe": make_patient(tumors=tumor, nameLast="Quimby", nameFirst="Joseph", dateOfBirth="19450617",
                            sexAssignedAtBirth="1", socialSecurityNumber="555667777",
                            dateOfLastContact="20240901", vitalStatus="1"),
    }


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_applies_certain_matches_through_the_audit_trail(registry_patients, actor):
    result = import_death_file(death_file(), "deaths.csv", actor, today=TODAY)
    db.session.commit()
    assert {k: result.summary()[k] for k in ("records", "matched", "review", "unmatched", "duplicates")} == {
        "records": 3, "matched": 1, "review": 1, "unmatched": 1, "duplicates": 0}
    waldo = registry_patients["waldo"]
    items = waldo.items()
    assert (items["vitalStatus"], items["dateOfLastContact"], items["causeOfDeath"], items["icdRevisionNumber"],
            items["followUpSourceCentral"]) == ("0", "20250210", "C349", "1", "05")
    assert waldo.tumors[0].followUpSource == "7"
    contact = db.session.scalar(select(FollowUpContact).where(FollowUpContact.patient_id == waldo.id))
    assert contact.method == "death certificate linkage" and "line 2, certificate 2025-0001" in contact.note
    change = db.session.scalar(select(AuditEvent).where(AuditEvent.patient_id == waldo.id,
                                                        AuditEvent.entity == "patient", AuditEvent.action == "update"))
    assert change.changes["vitalStatus"] == ["1", "0"]
    assert registry_patients["joe"].vitalStatus == "1"
    [pending] = db.session.scalars(select(DeathMatch).where(DeathMatch.status == "pending"))
    assert pending.patient_id == registry_patients["joe"].id and pending.reason == "SSNs differ"
    assert pending.levels["ssn"] == 0 and pending.levels["last"] == 2
    [unmatched] = db.session.scalars(select(DeathRecord).where(DeathRecord.status == "unmatched"))
    assert (unmatched.last_name, unmatched.matches) == ("NOBODY", [])


def _snapshot() -> tuple:
    versions = tuple(db.session.scalars(select(Patient.version).order_by(Patient.id)))
    return versions, _count(AuditEvent), _count(FollowUpContact), _count(DeathRecord), _count(DeathMatch)


def test_rerunning_the_same_file_changes_nothing(registry_patients, actor):
    first = import_death_file(death_file(), "deaths.csv", actor, today=TODAY)
    db.session.commit()
    before = _snapshot()
    again = import_death_file(death_file(), "deaths-copy.csv", actor, today=TODAY)
    db.session.commit()
    assert again.already_imported and again.file.id == first.file.id
    assert _snapshot() == before and _count(DeathFileImport) == 1


def test_an_overlapping_file_only_adds_its_new_records(registry_patients, actor):
    import_death_file(death_file(), "january.csv", actor, today=TODAY)
    db.session.commit()
    before = _snapshot()
    cumulative = death_file([*LINES, "ZED,ZORA,19300101,F,,20250401,I64,2025-0009\n"])
    result = import_death_file(cumulative, "cumulative.csv", actor, today=TODAY)
    db.session.commit()
    assert (result.file.records, result.file.duplicates, result.file.unmatched) == (4, 3, 1)
    versions, *counts = _snapshot()
    assert versions == before[0] and counts[2] == before[3] + 1


def test_accepting_a_review_pair_applies_the_death(registry_patients, actor):
    import_death_file(death_file(), "deaths.csv", actor, today=TODAY)
    db.session.commit()
    pending = db.session.scalar(select(DeathMatch).where(DeathMatch.status == "pending"))
    decide_match(pending, True, Actor(None, "reviewer"))
    db.session.commit()
    joe = registry_patients["joe"]
    assert (joe.vitalStatus, joe.dateOfLastContact, joe.causeOfDeath) == ("0", "20250301", "I219")
    assert pending.record.status == "matched" and pending.decided_by == "reviewer"
    with pytest.raises(DecisionError):
        decide_match(pending, False, actor)


def test_rejecting_the_only_candidate_leaves_the_record_for_follow_back(registry_patients, actor):
    import_death_file(death_file(), "deaths.csv", actor, today=TODAY)
    db.session.commit()
    pending = db.session.scalar(select(DeathMatch).where(DeathMatch.status == "pending"))
    decide_match(pending, False, actor)
    db.session.commit()
    assert pending.record.status == "unmatched" and registry_patients["joe"].vitalStatus == "1"
    mark_followed_back(pending.record, "Abstract requested from County General", actor)
    db.session.commit()
    assert pending.record.status == "followed-back"
    with pytest.raises(DecisionError):
        mark_followed_back(pending.record, "", actor)


def test_a_refused_death_file_writes_nothing(registry_patients, actor):
    with pytest.raises(DeathFileError, match="line 2, date_of_death"):
        import_death_file(death_file(["X,Y,1950,M,,2025-02-30,C349,1\n"]), "bad.csv", actor, today=TODAY)
    with pytest.raises(DeathFileError, match="not UTF-8"):
        import_death_file(b"last_name\n\xff\xfe", "bad.csv", actor, today=TODAY)
    db.session.rollback()
    assert _count(DeathFileImport) == 0 and _count(DeathRecord) == 0


def test_accepting_a_death_the_record_refuses_leaves_the_pair_pending(registry_patients, actor):
    import_death_file(death_file(), "deaths.csv", actor, today=TODAY)
    db.session.commit()
    pending = db.session.scalar(select(DeathMatch).where(DeathMatch.status == "pending"))
    pending.patient.set_items({"dateOfBirth": "20250401"})  # born after the date of death 2025-03-01
    db.session.commit()
    with pytest.raises(ContactError, match="before the date of birth"):
        decide_match(pending, True, actor)
    db.session.rollback()
    assert pending.status == "pending" and pending.record.status == "review"
