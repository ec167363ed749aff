"""Derive the staging items of stored tumors and write back only what changed.

The algorithms and the NAACCR mapping are :mod:`registry.staging.naaccr_mapping` (algorithm by year of
diagnosis, ``staging-edits-codes.md`` §1.1 and §1.5: outputs stored under their NAACCR XML ids with the
algorithm version items). This module is the one place that turns a stored tumor into staging updates:

* :func:`derived_changes` — the derived items of one flat record that differ from what it holds (the
  abstract screen's save applies exactly this to one tumor);
* :func:`derive_and_store` / :func:`derive_for_patients` — the same for many stored tumors: one SELECT per
  batch (tumor items plus the patient's sex), staging in memory, one UPDATE per group of rows changing the same
  columns (version bumped, so an abstract opened before is refused as stale), and one ``derive`` audit entry
  per changed tumor with its field changes. The caller commits.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, bindparam, insert, select, update
from sqlalchemy.orm.util import identity_key

from registry.abstracting.core_items import TUMOR_ITEMS
from registry.abstracting.items import column_name
from registry.abstracting.models import Patient, Tumor
from registry.core.audit import Actor, AuditEvent, diff
from registry.core.base import utcnow
from registry.extensions import db
from registry.staging.engine import load_algorithm
from registry.staging.naaccr_mapping import CS, EOD, PEDIATRIC, algorithms_for_year, derive_with, diagnosis_year
from registry.staging.results import StagingResult

ACTION = "derive"
BATCH = 1000
ALGORITHMS = {name: (name, version) for name, version in (EOD, CS, PEDIATRIC)}
_VERSION_ITEMS = ("schemaIdVersionOriginal", "pediatricIdVersionOriginal")
_TUMOR_CORE = frozenset(TUMOR_ITEMS)


class UnknownAlgorithm(ValueError):
    """The algorithm name is not one the registry derives by year (eod_public, cs, pediatric)."""


@dataclass
class DeriveSummary:
    """What a derivation run did: tumors read, tumors changed, results per algorithm, tumors with no algorithm."""

    tumors: int = 0
    changed: int = 0
    not_applicable: int = 0
    results: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, label: str, result: str) -> None:
        by_result = self.results.setdefault(label, {})
        by_result[result] = by_result.get(result, 0) + 1

    @property
    def failed(self) -> dict[str, int]:
        """Tumors per failing result code, over every algorithm."""
        totals: dict[str, int] = {}
        for by_result in self.results.values():
            for result, n in by_result.items():
                if result != "STAGED":
                    totals[result] = totals.get(result, 0) + n
        return dict(sorted(totals.items()))

    def to_json(self) -> dict:
        return {"tumors": self.tumors, "changed": self.changed, "failed": self.failed,
                "not_applicable": self.not_applicable,
                "results": {k: dict(sorted(v.items())) for k, v in sorted(self.results.items())}}


def algorithms_for(record: Mapping[str, str | None], only: str | None = None) -> list[tuple[str, str]]:
    """(name, version) of the algorithms to run on a record: by its year, narrowed to ``only`` when given."""
    chosen = algorithms_for_year(diagnosis_year(record))
    return [a for a in chosen if a[0] == only] if only else chosen


def check_algorithm(name: str | None) -> None:
    if name is not None and name not in ALGORITHMS:
        raise UnknownAlgorithm(f"unknown staging algorithm {name!r}; expected one of: {', '.join(ALGORITHMS)}")


def derive_record(record: Mapping[str, str | None], only: str | None = None
                  ) -> tuple[dict[str, str], list[tuple[str, StagingResult]]]:
    """Every derived item of a record (algorithms in year order, each seeing the previous one's updates)
    and ("name version", result) per algorithm run."""
    updates: dict[str, str] = {}
    results: list[tuple[str, StagingResult]] = []
    for name, version in algorithms_for(record, only):
        algorithm = load_algorithm(name, version)
        found, result = derive_with(algorithm, {**record, **updates})
        updates.update(found)
        results.append((f"{name} {version}", result))
    return updates, results


def derived_changes(record: Mapping[str, str | None], only: str | None = None) -> dict[str, str]:
    """The derived staging items of a record that differ from its stored values ("" clears an item)."""
    updates, _results = derive_record(record, only)
    return {k: v for k, v in updates.items() if (record.get(k) or "") != v}


@functools.cache
def _needed_items() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(core tumor items to read, every item an algorithm reads or writes): inputs, outputs, version items."""
    from registry.staging.naaccr_mapping import _all_outputs

    wanted = {"dateOfDiagnosis", *_VERSION_ITEMS}
    for name, version in ALGORITHMS.values():
        algorithm = load_algorithm(name, version)
        wanted.update(_all_outputs(algorithm).values())
        for schema_id in algorithm.schema_ids:
            wanted.update(i.naaccr_xml_id for i in algorithm.schema(schema_id).inputs if i.naaccr_xml_id)
    core = tuple(sorted(wanted & _TUMOR_CORE))
    return core, tuple(sorted(wanted))


@functools.cache
def derived_item_ids() -> frozenset[str]:
    """Every NAACCR item the staging derivation may write (outputs, version items, CS derived flags)."""
    from registry.staging.naaccr_mapping import _VERSION_ITEMS as VERSIONS
    from registry.staging.naaccr_mapping import CS_FLAGS, _all_outputs

    found = {*CS_FLAGS, *(i for v in VERSIONS.values() for i in (v.current, v.original))}
    for name, version in ALGORITHMS.values():
        found.update(_all_outputs(load_algorithm(name, version)).values())
    return frozenset(found)


def select_rows(*conditions: ColumnElement[bool], limit: int | None = None) -> Select:
    """Tumors to derive, in id order, with the items staging reads and the patient's sex (v26 and older id)."""
    core, _ = _needed_items()
    stmt = (select(Tumor.id, Tumor.patient_id, Tumor.extra_items, Patient.sexAssignedAtBirth,
                   Patient.extra_items["sex"].as_string(), *(getattr(Tumor, k) for k in core))
            .join(Patient, Patient.id == Tumor.patient_id).where(*conditions).order_by(Tumor.id))
    return (stmt.limit(limit) if limit else stmt).with_for_update(of=Tumor)


@dataclass
class _Row:
    tumor_id: int
    patient_id: int
    extra: dict
    record: dict[str, str]


def _row(values: Sequence) -> _Row:
    core, _ = _needed_items()
    tumor_id, patient_id, extra, sex, old_sex = values[:5]
    record = {k: v for k, v in zip(core, values[5:], strict=True) if v}
    record.update(extra or {})
    if sex:
        record["sexAssignedAtBirth"] = sex
    if old_sex:
        record.setdefault("sex", old_sex)
    return _Row(tumor_id, patient_id, dict(extra or {}), record)


def stored_records(*conditions: ColumnElement[bool]) -> list[tuple[int, dict[str, str]]]:
    """(tumor id, flat record as the derivation reads it) of the stored tumors matching the conditions, by id."""
    return [(row.tumor_id, row.record) for row in map(_row, db.session.execute(select_rows(*conditions)).all())]


def _chunks(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    chunk: list[int] = []
    for tumor_id in ids:
        chunk.append(tumor_id)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def derive_and_store(tumor_ids: Iterable[int], actor: Actor, *, note: str | None = None, only: str | None = None,
                     summary: DeriveSummary | None = None) -> DeriveSummary:
    """Derive and store the staging items of these tumors (see the module notes). The caller commits."""
    check_algorithm(only)
    summary = summary or DeriveSummary()
    for chunk in _chunks(dict.fromkeys(tumor_ids), BATCH):
        store_rows(db.session.execute(select_rows(Tumor.id.in_(chunk))).all(), actor, note, only, summary)
    return summary


def derive_for_patients(patient_ids: Iterable[int], actor: Actor, *, note: str | None = None) -> DeriveSummary:
    """Derive and store the staging items of every tumor of these patients (an import's batch)."""
    summary = DeriveSummary()
    for chunk in _chunks(dict.fromkeys(patient_ids), BATCH):
        store_rows(db.session.execute(select_rows(Tumor.patient_id.in_(chunk))).all(), actor, note, None, summary)
    return summary


def store_rows(rows: Sequence[Sequence], actor: Actor, note: str | None, only: str | None,
               summary: DeriveSummary) -> None:
    """Stage the selected rows and write the tumors whose derived items changed, with their audit entries."""
    changed: list[tuple[_Row, dict[str, str]]] = []
    for values in rows:
        row = _row(values)
        updates, results = derive_record(row.record, only)
        summary.tumors += 1
        if not results:
            summary.not_applicable += 1
        for label, result in results:
            summary.count(label, result.result)
        changes = {k: v for k, v in updates.items() if (row.record.get(k) or "") != v}
        if changes:
            changed.append((row, changes))
    if changed:
        _write(changed, actor, note)
        summary.changed += len(changed)


def _expire_loaded(tumor_ids: Iterable[int]) -> None:
    """Tumors already loaded in the session are out of date after a Core UPDATE: reload them on next use."""
    for tumor_id in tumor_ids:
        loaded = db.session.identity_map.get(identity_key(Tumor, tumor_id))
        if loaded is not None:
            db.session.expire(loaded)


def _write(changed: list[tuple[_Row, dict[str, str]]], actor: Actor, note: str | None) -> None:
    """One executemany UPDATE per set of changed core columns (extra items always rewritten), then the audit."""
    now = utcnow()
    groups: dict[frozenset[str], list[dict]] = {}
    for row, changes in changed:
        core = frozenset(k for k in changes if k in _TUMOR_CORE)
        extra = dict(row.extra)
        for key, value in changes.items():
            if key in _TUMOR_CORE:
                continue
            if value:
                extra[key] = value
            else:
                extra.pop(key, None)
        params = {"b_id": row.tumor_id, "b_extra": extra or None, "b_now": now}
        params.update({f"b_{column_name(k)}": changes[k] or None for k in core})
        groups.setdefault(core, []).append(params)
    table = Tumor.__table__
    conn = db.session.connection()
    for core, params in groups.items():
        values = {column_name(k): bindparam(f"b_{column_name(k)}") for k in core}
        stmt = (update(table).where(table.c.id == bindparam("b_id"))
                .values(**values, extra_items=bindparam("b_extra"), updated_at=bindparam("b_now"),
                        version=table.c.version + 1))
        conn.execute(stmt, params)
    _expire_loaded(row.tumor_id for row, _changes in changed)
    conn.execute(insert(AuditEvent.__table__), [
        {"at": now, "user_id": actor.user_id, "username": actor.username, "action": ACTION, "entity": "tumor",
         "entity_id": row.tumor_id, "patient_id": row.patient_id, "note": note,
         "changes": diff({k: row.record.get(k) or "" for k in changes}, changes)}
        for row, changes in changed
    ])
