"""The edits engine: the catalogue of edits, the edit sets, and running a set over one record.

Public API (used by the database wiring, the CLI and the report page):

* ``EDIT_SETS``: edit-set name -> :class:`EditSet` (``hospital``, ``state-submission``, ``import``);
* ``all_edits()``, ``get_edit(edit_id)``;
* ``run_edits(record, edit_set="hospital") -> list[EditFailure]``.

``run_edits`` follows the NAACCR EDITS run model: every edit of the set is evaluated on the record; an edit whose
required items are empty is skipped, an over-ride flag accepts the record, and each failure carries the edit id,
name, severity, items and a message naming fields and values. The per-set plan is built once, so a run only does
dictionary look-ups and the edit functions themselves.
"""

from __future__ import annotations

import functools
import importlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from registry.edits.define import HOSPITAL, IMPORT, STATE, registered
from registry.edits.model import Edit, EditFailure

_RULE_MODULES = ("date_rules", "site_rules", "treatment_rules", "patient_rules", "schema_rules", "generated")


@dataclass(frozen=True)
class EditSet:
    name: str
    description: str

    @property
    def edits(self) -> list[Edit]:
        return [e for e in all_edits() if self.name in e.sets]


EDIT_SETS: dict[str, EditSet] = {
    HOSPITAL: EditSet(HOSPITAL, "Hospital registry abstracting: item validity, logic, CoC-style review edits"),
    STATE: EditSet(STATE, "Central registry checking or submitting cases: SEER/NPCR-style edits, central over-rides"),
    IMPORT: EditSet(IMPORT, "Loading data from another system: item validity and hard logical conflicts only"),
}


_CATALOGUE: dict[str, Edit] | None = None
_CATALOGUE_LOCK = threading.Lock()


def _load() -> dict[str, Edit]:
    for name in _RULE_MODULES:
        module = importlib.import_module(f"registry.edits.rules.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register()  # idempotent (define.register_edit), so a load retried after a failure is safe
    return dict(sorted(registered().items()))


def _catalogue() -> dict[str, Edit]:
    """Every edit by id, loaded once per process.

    Loaded under a lock so that concurrent first requests (a fresh gunicorn worker's threads) wait for one load
    and all see the complete catalogue; published only when complete, so a load that raises leaves nothing
    half-built behind and the next call loads again.
    """
    global _CATALOGUE
    catalogue = _CATALOGUE
    if catalogue is None:
        with _CATALOGUE_LOCK:
            if _CATALOGUE is None:
                _CATALOGUE = _load()
            catalogue = _CATALOGUE
    return catalogue


def all_edits() -> list[Edit]:
    """Every edit, ordered by id."""
    return list(_catalogue().values())


def get_edit(edit_id: str) -> Edit:
    """One edit by id; KeyError names the id when there is none."""
    try:
        return _catalogue()[edit_id]
    except KeyError:
        raise KeyError(f"no edit {edit_id!r}") from None


_Step = tuple[tuple[str, ...], str | None, frozenset[str], object, object, Edit]


@functools.cache
def _plan(edit_set: str) -> tuple[_Step, ...]:
    if edit_set not in EDIT_SETS:
        raise ValueError(f"unknown edit set {edit_set!r}; have {', '.join(EDIT_SETS)}")
    return tuple((e.requires, e.override, e.override_values, e.check, e.per_item, e)
                 for e in all_edits() if edit_set in e.sets)


def run_edits(record: Mapping[str, str], edit_set: str = HOSPITAL) -> list[EditFailure]:
    """Run every edit of ``edit_set`` on one flat record; the failures, in edit-id order."""
    failures: list[EditFailure] = []
    get = record.get
    for requires, override, override_values, check, per_item, edit in _plan(edit_set):
        for item in requires:
            if not get(item):
                break
        else:
            if override is not None and get(override, "") in override_values:
                continue
            if check is not None:
                if not check(record):  # type: ignore[operator]
                    failures.append(edit.failure(record))
            else:
                failures.extend(EditFailure(edit.id, edit.name, edit.severity, [item], message)
                                for item, message in per_item(record))  # type: ignore[operator]
    return failures
