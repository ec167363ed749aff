"""When an abstract may be marked complete.

An abstract is complete when every required item is filled, no value on the screen is invalid, and no
error-level edit fails (warnings may stand). Required status per item is not in the NAACCR XML
dictionaries (it is NAACCR's Required Status Table); the list below is the registry's policy for the
hospital abstract: the items all standard setters (CoC, NPCR, SEER) collect for every case, that identify
the patient and the tumor and that the staging algorithm needs. Keep it in this one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from registry.abstracting.fields import Problem, spec_for

REQUIRED_ITEMS: tuple[str, ...] = (
    "nameLast", "dateOfBirth", "sexAssignedAtBirth", "race1", "spanishHispanicOrigin",
    "reportingFacility", "classOfCase", "dateOf1stContact", "dateOfDiagnosis", "sequenceNumberHospital",
    "primarySite", "laterality", "histologicTypeIcdO3", "behaviorCodeIcdO3", "diagnosticConfirmation",
    "textPrimarySiteTitle", "textHistologyTitle",
    "dateOfLastContact", "vitalStatus",
)


def missing_required(record: Mapping[str, str]) -> list[str]:
    """Required items that are blank, in form order."""
    return [item for item in REQUIRED_ITEMS if not (record.get(item) or "").strip()]


def completion_blockers(record: Mapping[str, str], failures: Sequence, problems: Sequence[Problem]) -> list[str]:
    """Why the abstract cannot be completed yet, in plain words (empty: it can)."""
    reasons = [f"{spec_for(item).name} [{spec_for(item).number}] is required" for item in missing_required(record)]
    reasons += [p.message for p in problems]
    reasons += [f"Edit {f.edit_id} fails: {f.message}" for f in failures if f.severity == "error"]
    return reasons
