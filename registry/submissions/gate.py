"""The edits gate of a submission: required items, then the profile's edit set, on each flat record.

A record is the NaaccrData-, Patient- and Tumor-level items of one tumor together (the shape
``registry.edits.engine.run_edits`` takes). A blank required item is an error-level failure with the edit id
``REQUIRED``; the edit set's failures keep their own ids and severities. A batch with error-level failures
cannot go out (profile ``on_edit_errors: block``) or goes out without the failing cases (``hold``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from registry.edits.engine import run_edits
from registry.edits.model import ERROR, EditFailure
from registry.naaccr.dictionary import ItemLookup

REQUIRED_EDIT = "REQUIRED"


def required_failures(record: Mapping[str, str], required: Sequence[str], recipient: str,
                      lookup: ItemLookup) -> list[EditFailure]:
    """One error per required item that is blank in the record."""
    failures = []
    for naaccr_id in required:
        if not record.get(naaccr_id):
            item = lookup.get(naaccr_id)
            name = item.name if item is not None else naaccr_id
            failures.append(EditFailure(REQUIRED_EDIT, f"Required by {recipient}", ERROR, [naaccr_id],
                                        f"{name} is required by {recipient} and is blank"))
    return failures


def gate(record: Mapping[str, str], required: Sequence[str], recipient: str, edit_set: str,
         lookup: ItemLookup) -> list[EditFailure]:
    """Every failure of one record: required items first, then the edit set's, in edit id order."""
    return required_failures(record, required, recipient, lookup) + run_edits(record, edit_set)


def has_errors(failures: Sequence[EditFailure]) -> bool:
    return any(f.severity == ERROR for f in failures)
