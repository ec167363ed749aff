"""What an import computes for a new patient before it is written: derived staging items and edit results.

Both are pure functions of the file's items (no database), so they run on plain dicts, in a worker process
when the file is large (see :mod:`registry.naaccr.exchange.workers`):

* staging: :func:`registry.staging.wiring.derived_changes` on the flat record (NaaccrData-, Patient- and
  Tumor-level items together; ``staging-edits-codes.md`` §1.1, §1.5), merged into the tumor's items so each
  tumor row is written once, already holding its derived items;
* edits: :func:`registry.edits.engine.run_edits` with the import's edit set on the record the database will
  hold (patient items then the tumor's items with its derived items: no NaaccrData-level items, as
  :mod:`registry.edits.records` reads it back), the NAACCR EDITS run model of ``staging-edits-codes.md`` §2.1-2.3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from registry.abstracting.bulk import tumor_site_recode
from registry.core.audit import diff
from registry.edits.engine import run_edits
from registry.staging.wiring import derived_changes

# (edit id, name cut to the stored 200 characters, severity, message, items): what edit_result stores
Failure = tuple[str, str, str, str, tuple[str, ...]]
PlainPatient = tuple[dict[str, str], list[dict[str, str]]]  # (patient items, [tumor items])


@dataclass(frozen=True)
class Settings:
    """What every batch of one import is computed with."""

    root_items: Mapping[str, str]
    derive: bool
    edit_set: str


@dataclass(slots=True)
class ComputedTumor:
    derived: dict[str, str]  # derived items differing from the file's, to merge into its items ("" = cleared)
    changes: dict[str, list[str | None]]  # derived items differing from the file's: the ``derive`` audit changes
    failures: list[Failure]
    site_recode: str | None  # the SEER site recode column of the tumor row (registry.reports.site_column)


def compute_tumor(settings: Settings, patient_items: Mapping[str, str], tumor_items: dict[str, str]
                  ) -> ComputedTumor:
    """The derived items and failing edits of one tumor of a new patient."""
    changes: dict[str, list[str | None]] = {}
    derived: dict[str, str] = {}
    items = tumor_items
    if settings.derive:
        record = {**settings.root_items, **patient_items, **tumor_items}
        derived = derived_changes(record)
        if derived:
            items = {**tumor_items, **derived}
            changes = diff({k: record.get(k) or "" for k in derived}, derived)
    failures = run_edits({**patient_items, **items}, settings.edit_set)
    return ComputedTumor(derived, changes, [(f.edit_id, f.name[:200], f.severity, f.message, tuple(f.items))
                                            for f in failures], tumor_site_recode(items))


def compute_batch(settings: Settings, batch: list[PlainPatient]) -> list[list[ComputedTumor]]:
    """Per patient of the batch, in order, its tumors computed in order."""
    return [[compute_tumor(settings, items, tumor) for tumor in tumors] for items, tumors in batch]
