"""Multiple primaries on arrival: a new tumor report for a patient who already has tumors.

Called by the NAACCR import (a new tumor for an existing patient) and by casefinding (a case abstracted into
an existing patient, or linked to an existing tumor). The report is compared with the patient's counted tumors
by :func:`registry.multiple_primaries.decide.find_matching_tumor` (SEER rules by default; ``MP_RULES = "iarc"``
in the app config for the IARC/IACR 2004 rules) and the decision is stored with the rule that made it:

* "same": the report is the same primary as an existing tumor; an imported or abstracted tumor is flagged
  ``same_primary`` (its status), which keeps it out of the abstracting queues and submissions;
* "new": recorded;
* "review": an open item in the review queue (:mod:`registry.multiple_primaries.review`), where a registrar
  decides. A case *linked* by a registrar is that registrar's "same" decision: a "review" from the rules is
  recorded as resolved by the link; only rules saying "new" put a linked case in the queue.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app

from registry.abstracting.casefinding import CasefindingCase
from registry.abstracting.models import Patient, Tumor
from registry.core import audit
from registry.core.base import utcnow
from registry.extensions import db
from registry.multiple_primaries.decide import decide, find_matching_tumor
from registry.multiple_primaries.decision import NEW, REVIEW, SAME, Decision
from registry.multiple_primaries.models import DECIDED, OPEN, RESOLVED, SAME_PRIMARY_STATUS, MpDecision

MP_ITEMS = ("primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3", "laterality", "dateOfDiagnosis")
ACTION = "mp-decision"


def rule_set() -> str:
    """The rule set in use: "seer" (default) or "iarc" (``MP_RULES`` in the app config)."""
    return current_app.config.get("MP_RULES", "seer")


def report_items(items: Mapping[str, str | None]) -> dict[str, str]:
    """The items the multiple-primary rules read, as the report gives them (blanks left out)."""
    return {k: v for k in MP_ITEMS if (v := (items.get(k) or "").strip())}


def counted_tumors(patient: Patient, *, besides: Tumor | None = None) -> list[Tumor]:
    """The patient's tumors that count as primaries (not flagged same_primary), other than ``besides``."""
    return [t for t in patient.tumors if t is not besides and t.status != SAME_PRIMARY_STATUS]


def mark_same_primary(tumor: Tumor, decision: MpDecision, actor: audit.Actor) -> None:
    """Flag a tumor as a further report of another primary (its status), remembering the status it had."""
    if tumor.status == SAME_PRIMARY_STATUS:
        return
    decision.previous_status = tumor.status
    audit.record(actor, "status", "tumor", tumor.id, patient_id=tumor.patient_id,
                 changes={"status": [tumor.status, SAME_PRIMARY_STATUS]},
                 note=f"same primary as tumor {decision.matched_tumor_id} (MP decision {decision.id})")
    tumor.status = SAME_PRIMARY_STATUS


def _store(patient: Patient, report: Mapping[str, str], compared: list[Tumor], found: tuple[int | None, Decision],
           actor: audit.Actor, **fields) -> MpDecision:
    index, decision = found
    row = MpDecision(patient_id=patient.id, report=report_items(report), compared=[t.id for t in compared],
                     result=decision.result, rule=decision.rule[:40], reason=decision.reason,
                     matched_tumor_id=compared[index].id if index is not None else None,
                     status=OPEN if decision.result == REVIEW else DECIDED, created_by=actor.username, **fields)
    db.session.add(row)
    db.session.flush()
    entity, entity_id = ("tumor", row.tumor_id) if row.tumor_id else ("casefinding", row.case_id)
    audit.record(actor, ACTION, entity, entity_id, patient_id=patient.id,
                 changes={"mp_result": [None, decision.result], "mp_rule": [None, row.rule]},
                 note=f"MP decision {row.id} ({row.source}): {decision.reason}")
    return row


def _with_rules(others: list[Tumor], report: Mapping[str, str], found: tuple[int | None, Decision]
                ) -> tuple[int | None, Decision]:
    """A "new primary" answer names the rule that separated the report from each tumor (the one rule when the
    patient had one tumor)."""
    index, decision = found
    if decision.result != NEW:
        return found
    each = [(t, decide(t.items(), report, rule_set())) for t in others]
    if len(each) == 1:
        return index, each[0][1]
    reasons = "; ".join(f"tumor {t.tumorRecordNumber or t.id}: {d.rule} ({d.reason})" for t, d in each)
    return index, Decision(NEW, decision.rule, f"{decision.reason} {reasons}")


def check_new_tumor(tumor: Tumor, actor: audit.Actor, *, source: str, case: CasefindingCase | None = None
                    ) -> MpDecision | None:
    """Decide whether a tumor just added to a patient is a new primary; None when the patient had no other tumor."""
    patient = tumor.patient
    others = counted_tumors(patient, besides=tumor)
    if not others:
        return None
    found = _with_rules(others, tumor.items(), find_matching_tumor([t.items() for t in others], tumor.items(),
                                                                    rule_set()))
    row = _store(patient, tumor.items(), others, found, actor, tumor_id=tumor.id,
                 case_id=case.id if case is not None else None, source=source)
    if row.result == SAME:
        mark_same_primary(tumor, row, actor)
    db.session.flush()
    return row


def check_linked_case(case: CasefindingCase, tumor: Tumor, actor: audit.Actor) -> MpDecision:
    """A registrar linked a casefinding case to an existing tumor: record what the rules say of the pair."""
    decision = decide(tumor.items(), case.tumor_items(), rule_set())
    row = _store(tumor.patient, case.tumor_items(), [tumor], (0 if decision.result != NEW else None, decision),
                 actor, case_id=case.id, source="link")
    if decision.result == REVIEW:  # the link is the registrar's answer to the question the rules left open
        row.status, row.resolution, row.resolved_by, row.resolved_by_id = RESOLVED, SAME, actor.username, actor.user_id
        row.resolved_at, row.resolution_note = utcnow(), f"linked to tumor {tumor.id} from casefinding case {case.id}"
    elif decision.result == NEW:
        row.status, row.matched_tumor_id = OPEN, None
        row.reason = f"Linked by {actor.username} to tumor {tumor.id}, but the rules say new primary: {row.reason}"
    db.session.flush()
    return row
