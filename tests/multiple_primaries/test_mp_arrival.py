"""Multiple primaries on arrival (import, casefinding) and the review queue, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from registry.abstracting.casefinding import add_case, link_case
from registry.abstracting.intake import abstract_case
from registry.abstracting.models import Patient, Tumor
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.multiple_primaries.models import MpDecision
from registry.multiple_primaries.review import ReviewError, count, queue, resolve, side_by_side
from registry.naaccr.exchange.importer import import_file

PROSTATE_2021 = {"primarySite": "C619", "histologicTypeIcdO3": "8140", "behaviorCodeIcdO3": "3", "laterality": "0",
                 "dateOfDiagnosis": "20211224"}
PROSTATE_2023 = {**PROSTATE_2021, "dateOfDiagnosis": "20230312"}  # SEER Solid Tumor Rules: always one primary
BREAST_RIGHT = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "laterality": "1",
                "dateOfDiagnosis": "20200115"}
BREAST_UNKNOWN_SIDE = {**BREAST_RIGHT, "laterality": "9", "dateOfDiagnosis": "20200301"}  # laterality rule unknown
COLON = {"primarySite": "C187", "histologicTypeIcdO3": "8140", "behaviorCodeIcdO3": "3", "laterality": "0",
         "dateOfDiagnosis": "20220101"}

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml" recordType="A"
            specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">
  <Item naaccrId="registryId">0000000042</Item>
  <Patient><Item naaccrId="patientIdNumber">00000001</Item><Item naaccrId="nameLast">Roe</Item>
"""


def _import(tmp_path: Path, actor, *tumors: dict[str, str]):
    """Import one patient (00000001) with these tumors, numbered 01, 02, ..."""
    body = "".join("<Tumor>" + "".join(f'<Item naaccrId="{k}">{v}</Item>'
                                       for k, v in {"tumorRecordNumber": f"{n:02d}", **t}.items()) + "</Tumor>"
                   for n, t in enumerate(tumors, 1))
    path = tmp_path / f"file{len(tumors)}.xml"
    path.write_text(HEAD + body + "</Patient>\n</NaaccrData>\n")
    result = import_file(path, actor)
    assert result.status == "imported", result.errors
    db.session.expire_all()


def _tumor(number: str) -> Tumor:
    return db.session.scalars(select(Tumor).where(Tumor.tumorRecordNumber == number)).one()


def _decisions() -> list[MpDecision]:
    return list(db.session.scalars(select(MpDecision).order_by(MpDecision.id)))


def test_a_clear_same_primary_on_import_is_recorded_with_its_rule_and_flagged(ctx, actor, tmp_path):
    _import(tmp_path, actor, PROSTATE_2021)
    assert _decisions() == []  # a new patient's tumors are not compared
    _import(tmp_path, actor, PROSTATE_2021, PROSTATE_2023)
    (decision,) = _decisions()
    first, second = _tumor("01"), _tumor("02")
    assert (decision.result, decision.rule, decision.status) == ("same", "SEER-STR-OTHER-PROSTATE", "decided")
    assert (decision.tumor_id, decision.matched_tumor_id, decision.compared) == (second.id, first.id, [first.id])
    assert (second.status, first.status, decision.previous_status) == ("same_primary", "complete", "complete")
    assert decision.report == PROSTATE_2023 and decision.source == "import"
    actions = {e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.entity_id == second.id))}
    assert {"mp-decision", "status"} <= actions
    assert count() == 0


def test_an_uncertain_second_tumor_lands_in_the_review_queue(ctx, actor, tmp_path):
    _import(tmp_path, actor, BREAST_RIGHT)
    _import(tmp_path, actor, BREAST_RIGHT, BREAST_UNKNOWN_SIDE)
    (decision,) = queue()
    assert (decision.result, decision.rule, decision.status) == ("review", "SEER-STR-LATERALITY", "open")
    assert "laterality" in decision.reason and _tumor("02").status == "complete"
    columns = side_by_side(decision)
    assert [c.title for c in columns] == ["New report", "Tumor 01"]
    assert columns[0].values["laterality"].startswith("9 ") and columns[1].values["laterality"].startswith("1 ")
    assert columns[1].values["primarySite"] == "C504 Upper-outer quadrant of breast"


def test_a_different_primary_is_recorded_as_new(ctx, actor, tmp_path):
    _import(tmp_path, actor, BREAST_RIGHT)
    _import(tmp_path, actor, BREAST_RIGHT, COLON)
    (decision,) = _decisions()
    assert (decision.result, decision.rule, decision.status) == ("new", "SEER-STR-MODULES", "decided")
    assert decision.matched_tumor_id is None and _tumor("02").status == "complete"


def test_resolving_a_review_same_then_nothing_more(ctx, actor, tmp_path):
    _import(tmp_path, actor, BREAST_RIGHT)
    _import(tmp_path, actor, BREAST_RIGHT, BREAST_UNKNOWN_SIDE)
    (decision,) = queue()
    with pytest.raises(ReviewError):
        resolve(decision, "same", actor)  # which tumor?
    resolve(decision, "same", actor, matched_tumor_id=_tumor("01").id, note="same side per path report")
    db.session.commit()
    assert (decision.status, decision.resolution, decision.resolved_by) == ("resolved", "same", "test")
    assert _tumor("02").status == "same_primary" and count() == 0 and count("resolved") == 1
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mp-resolve")).one()
    assert event.changes["mp_result"] == ["review", "same"] and "same side per path report" in event.note
    with pytest.raises(ReviewError):
        resolve(decision, "new", actor)


def test_resolving_a_review_new_keeps_the_tumor_counted(ctx, actor, tmp_path):
    _import(tmp_path, actor, BREAST_RIGHT)
    _import(tmp_path, actor, BREAST_RIGHT, BREAST_UNKNOWN_SIDE)
    (decision,) = queue()
    resolve(decision, "new", actor)
    db.session.commit()
    assert (decision.resolution, decision.matched_tumor_id, _tumor("02").status) == ("new", None, "complete")


def test_a_same_primary_report_is_not_compared_again(ctx, actor, tmp_path):
    _import(tmp_path, actor, PROSTATE_2021)
    _import(tmp_path, actor, PROSTATE_2021, PROSTATE_2023)
    _import(tmp_path, actor, PROSTATE_2021, PROSTATE_2023, COLON)
    third = _decisions()[-1]
    assert third.compared == [_tumor("01").id] and third.result == "new"


def test_casefinding_abstract_into_an_existing_patient_is_reviewed(ctx, actor, make_patient):
    patient = make_patient(tumors=[BREAST_RIGHT])
    case = add_case({"source": "pathology", "name_last": "Doe", "primary_site": "C504", "histology": "8500",
                     "date_of_diagnosis": "20200301"}, actor)
    tumor = abstract_case(case, actor, patient=db.session.get(Patient, patient.id))
    db.session.commit()
    (decision,) = queue()
    assert (decision.tumor_id, decision.case_id, decision.source) == (tumor.id, case.id, "casefinding")
    assert decision.rule == "INPUT" and "behavior" in decision.reason  # a case has no behavior code yet


def test_casefinding_abstract_for_a_new_patient_needs_no_decision(ctx, actor):
    case = add_case({"source": "pathology", "name_last": "Poe", "primary_site": "C504"}, actor)
    abstract_case(case, actor)
    db.session.commit()
    assert _decisions() == []


def test_a_linked_case_is_the_registrars_same_decision(ctx, actor, make_patient):
    patient = make_patient(tumors=[BREAST_RIGHT])
    case = add_case({"source": "pathology", "name_last": "Doe", "primary_site": "C504", "histology": "8500"}, actor)
    link_case(case, patient.tumors[0], actor)
    db.session.commit()
    (decision,) = _decisions()
    assert (decision.source, decision.result, decision.status, decision.resolution) == ("link", "review", "resolved",
                                                                                         "same")
    assert decision.matched_tumor_id == patient.tumors[0].id and decision.tumor_id is None
