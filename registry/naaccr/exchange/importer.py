"""Import a NAACCR XML or flat file into the database.

Rules (issue "NAACCR XML and flat-file exchange", part 4):
- All or nothing by default: a file with any invalid record changes nothing; the result lists every problem.
- ``skip_invalid``: valid patients are imported and every rejected patient is written, with its errors as
  XML comments, to ``<file>.rejected.xml`` beside the input, so each record is in the database or there.
- Every patient goes through intake (:mod:`registry.intake.pipeline`, docs/intake.md): kept as source records;
  the same source's same ``patientIdNumber`` is the same person (a correction), any other is linked by person
  linkage (link / new person / review); a source never overwrites or blanks what another source, or the registry
  itself, gave (:mod:`registry.intake.values`). Items under older names are mapped to current ones (``sex``).
- ``dry_run``: the import runs in a transaction that is rolled back and records no run.
- One database transaction: an import killed half-way leaves the database as it was.
- Every import is recorded in ``import_run`` (who, when, file name and SHA-256, counts, outcome).
- ``facilities``: the import of a user limited to these facilities is refused, before anything is written,
  when any record would add or change a tumor or patient outside them (:mod:`registry.naaccr.exchange.scope`).
- A record that cannot be applied to the database (a patient with more tumors than can be numbered,
  :mod:`registry.naaccr.exchange.keys`) refuses the import whole, whatever ``skip_invalid`` says.
- Derived items (staging outputs) are recomputed for the imported tumors unless ``derive=False``; a derived
  item the file does not carry is then kept, not cleared, so re-importing the same file changes nothing.
  With ``derive=False`` the records hold exactly the file's items (a lossless round trip).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from registry.abstracting.bulk import NewPatient, insert_batch, insert_rows
from registry.abstracting.models import Patient, Tumor
from registry.abstracting.operations import add_tumor, update_patient, update_tumor
from registry.core.audit import Actor
from registry.core.base import utcnow
from registry.edits.runs import store_edits_for_patients
from registry.extensions import db
from registry.intake.models import SourceRecord
from registry.intake.pipeline import Counts, FileIntake, Route, identity, registry_is_empty, same_tumor
from registry.intake.values import merge, provenance_of
from registry.multiple_primaries.arrival import check_new_tumor
from registry.naaccr.dictionary import Dictionary
from registry.naaccr.exchange.compute import ComputedTumor, Settings
from registry.naaccr.exchange.keys import (
    MAX_TUMORS,
    TOO_MANY_TUMORS,
    ImportConflict,
    match_tumor,
    record_problems,
    too_many_tumors,
)
from registry.naaccr.exchange.lifeline import host_name
from registry.naaccr.exchange.models import ImportRun
from registry.naaccr.exchange.reading import open_for_import, use_reader_process
from registry.naaccr.exchange.runs import mark_stale_runs
from registry.naaccr.exchange.scope import KIND as OUT_OF_SCOPE
from registry.naaccr.exchange.scope import incoming_problems, scope_problems, stored_problems
from registry.naaccr.exchange.store import record_derived, store_new_results
from registry.naaccr.exchange.tuning import ImportTuning
from registry.naaccr.exchange.workers import BatchComputer, worker_count
from registry.naaccr.renames import current_names
from registry.naaccr.validate import open_naaccr
from registry.naaccr.xml.model import PatientRecord, RootInfo, ValidationIssue
from registry.naaccr.xml.writer import XmlWriter
from registry.staging.wiring import derive_for_patients, derived_item_ids

BATCH = 300
STORED_ERRORS = 200
IMPORTED_STATUS = "complete"
IMPORT_EDIT_SET = "hospital"  # the set the abstract screen runs, so the work queue agrees with a later save


@dataclass
class ImportResult:
    status: str = "imported"  # imported | refused
    patients: int = 0
    tumors: int = 0
    items: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejection_file: str | None = None
    errors: list[ValidationIssue] = field(default_factory=list)
    seconds: float = 0.0
    run_id: int | None = None
    unreadable: bool = False  # the reader stopped on a fatal file error (damaged gzip, malformed XML, ...)
    intake: Counts = field(default_factory=Counts)  # incoming patients: new persons, linked, review, ...
    dry_run: bool = False

    def fatal_problem(self) -> str | None:
        """Why the whole file was refused, whatever ``skip_invalid``: a file that cannot be read to its end, a
        record outside the user's facilities, or one that cannot be applied; None when it was its records."""
        kinds = {e.kind for e in self.errors}
        if OUT_OF_SCOPE in kinds:
            return "the file holds records outside your facilities"
        if TOO_MANY_TUMORS in kinds:
            return "a patient would have more tumors than Tumor Record Number can number"
        if self.unreadable:
            return "the file could not be read to its end"
        return None

    def to_json(self) -> dict:
        """The ``registry naaccr import --json`` shape (contract keys first, then additions)."""
        return {
            "patients": self.patients, "tumors": self.tumors, "rejected": self.rejected,
            "rejection_file": self.rejection_file, "status": self.status, "items": self.items,
            "created": self.created, "updated": self.updated,
            "errors": [e.to_json() for e in self.errors], "seconds": round(self.seconds, 2), "run_id": self.run_id,
            **self.intake.to_json(), "dry_run": self.dry_run,
        }


def sha256_of(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def rejection_path(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    name = p.name[:-3] if p.name.endswith(".gz") else p.name
    stem = name[:-4] if name.endswith(".xml") else name
    return p.with_name(f"{stem}.rejected.xml")


def start_run(path: str | os.PathLike[str], actor: Actor, *, skip_invalid: bool, file_name: str | None = None,
              stored_file: str | None = None) -> ImportRun:
    """Record the import before it starts (committed at once, so a failed import stays on record), with the
    process running it; runs of this host whose process is gone are marked failed first (runs.py)."""
    mark_stale_runs()
    run = ImportRun(user_id=actor.user_id, username=actor.username, file_name=file_name or Path(path).name,
                    file_size=os.path.getsize(path), checksum_sha256=sha256_of(path), skip_invalid=skip_invalid,
                    status="running", pid=os.getpid(), host=host_name(), stored_file=stored_file)
    db.session.add(run)
    db.session.commit()
    return run


def import_file(
    path: str | os.PathLike[str], actor: Actor, *, skip_invalid: bool = False,
    user_dictionaries: Sequence[Dictionary] = (), progress: Callable[[int, int], None] | None = None,
    run: ImportRun | None = None, derive: bool = True, workers: int | None = None,
    facilities: frozenset[str] | None = None, dry_run: bool = False,
) -> ImportResult:
    """Import a file (see the module rules); records the run and commits. Raises nothing for bad data.

    ``workers``: processes computing derived items and edits (default: by file size and
    REGISTRY_IMPORT_WORKERS, see :mod:`registry.naaccr.exchange.workers`). ``facilities``: the facility codes
    the importing user is limited to (None: not limited). ``dry_run``: the import runs in a transaction that is
    rolled back, and no run is recorded: the result says what it would do, nothing is written."""
    if dry_run:
        run_id, checksum = None, sha256_of(path)
    else:
        run = run or start_run(path, actor, skip_invalid=skip_invalid)
        run_id, checksum = run.id, run.checksum_sha256
    started = time.perf_counter()
    try:
        outside = scope_problems(path, facilities, user_dictionaries) if facilities is not None else []
        if outside:
            result = ImportResult(status="refused", errors=outside)
        else:
            result = _import(path, actor, skip_invalid, user_dictionaries, progress, note=f"import #{run_id}",
                             derive=derive, workers=workers, facilities=facilities, checksum=checksum,
                             run_id=run_id)
        if result.status == "imported" and not dry_run:
            db.session.commit()
        else:
            db.session.rollback()
    except ImportConflict as conflict:  # found while writing: nothing of the file is kept
        db.session.rollback()
        result = ImportResult(status="refused", errors=conflict.issues)
    except BaseException as exc:
        db.session.rollback()
        if run_id is not None:
            _finish(run_id, ImportResult(status="failed"), message=f"{type(exc).__name__}: {exc}")
        raise
    result.seconds = time.perf_counter() - started
    result.run_id = run_id
    if dry_run:
        result.dry_run = True
        if result.rejection_file:
            Path(result.rejection_file).unlink(missing_ok=True)
            result.rejection_file = None
    else:
        _finish(run_id, result)
    return result


def _finish(run_id: int, result: ImportResult, *, message: str | None = None) -> None:
    run = db.session.get(ImportRun, run_id)
    for name in ("status", "patients", "tumors", "items", "created", "updated", "rejected", "rejection_file"):
        setattr(run, name, getattr(result, name))
    run.errors = [e.to_json() for e in result.errors[:STORED_ERRORS]] or None
    run.finished_at = utcnow()
    run.message = message or _summary(result)
    db.session.commit()


def _summary(result: ImportResult) -> str:
    if result.status == "refused":
        outside = sum(e.kind == OUT_OF_SCOPE for e in result.errors)
        if outside:
            return f"Refused: {outside} record(s) outside your facilities; nothing was changed."
        return f"Refused: {len(result.errors)} problem(s); nothing was changed."
    text = (f"Imported {result.patients:,} patients and {result.tumors:,} tumors "
            f"({result.created:,} new, {result.updated:,} updated, {result.unchanged:,} unchanged).")
    if result.rejected:
        text += f" {result.rejected:,} patients rejected to {result.rejection_file}."
    return text


def _plan(path, user_dictionaries, checksum: str, run_id: int | None) -> FileIntake:
    """The first reading of the file (items as they are): every incoming patient's source and identity, routed
    by intake at once, so the linkage engine runs once for the file."""
    incoming: dict[tuple[str, str], dict[str, str]] = {}
    with open_naaccr(path, user_dictionaries=user_dictionaries, validate=False) as nf:
        intake = FileIntake(nf.root.items.get("registryId", ""), checksum,
                            str(current_app.config.get("REGISTRY_ID") or "") or None, run_id)
        if registry_is_empty():
            return intake  # nothing to match or link: every patient is new (a key seen twice is one person)
        for patient in nf:
            key = patient.items.get("patientIdNumber")
            if key:
                tumors = [t.items for t in patient.tumors]
                incoming[(intake.source_of(tumors), key)] = identity(patient.items, tumors)
    intake.plan(incoming)
    return intake


def _import(path, actor, skip_invalid, user_dictionaries, progress, *, note: str, derive: bool,
            workers: int | None = None, facilities: frozenset[str] | None = None, checksum: str = "",
            run_id: int | None = None) -> ImportResult:
    result = ImportResult()
    total = os.path.getsize(path)
    tuning = ImportTuning()
    workers = worker_count(total, str(path).endswith(".gz"), workers)
    try:
        intake = _plan(path, user_dictionaries, checksum, run_id)
        result.intake = intake.counts
        with open_for_import(path, user_dictionaries, separate=use_reader_process(workers > 0)) as nf:
            root = nf.root
            settings = Settings(dict(root.items), derive, IMPORT_EDIT_SET)
            with BatchComputer(settings, workers) as computer:
                upsert = _Upserter(actor, intake, note, result, derive=derive,
                                   computer=computer, tuning=tuning, facilities=facilities)
                rejects = _Rejects(path, root) if skip_invalid else None
                try:
                    _read(nf, upsert, result, rejects, progress, total)
                    if result.status == "imported":
                        upsert.flush()
                except BaseException:  # the import fails or is refused whole: no rejection file is left behind
                    if rejects:
                        rejects.discard()
                    raise
    finally:
        tuning.restore()
    if progress and result.status == "imported":
        progress(total, total)
    return result


def _read(nf, upsert: _Upserter, result: ImportResult, rejects: _Rejects | None, progress, total: int) -> None:
    """Read every patient: valid ones to ``upsert``, invalid ones to the result (and the rejection file)."""
    for n, patient in enumerate(nf, start=1):
        problems = patient.errors or record_problems(patient)
        if problems:
            result.errors.extend(problems)
            if rejects:
                rejects.write(patient, problems)
                result.rejected += 1
            continue
        if result.errors and not rejects:
            continue  # refused already: keep reading only to report every problem
        upsert.add(patient)
        if progress and n % 200 == 0:
            progress(nf.raw_position(), total)
    file_errors = list(nf.errors)
    if rejects:
        result.rejection_file = rejects.close()
    result.errors.extend(file_errors)
    result.errors.sort(key=lambda e: e.line)
    result.unreadable = bool(getattr(nf, "fatal", False))
    if (result.errors and not rejects) or result.unreadable or (file_errors and not result.patients):
        result.status = "refused"


class _Rejects:
    """The rejection file: rejected patients in NAACCR XML, each after a comment listing its errors."""

    def __init__(self, path, root: RootInfo) -> None:
        self.path = rejection_path(path)
        self.writer = XmlWriter(self.path, RootInfo(attributes=dict(root.attributes), items=dict(root.items)))

    def write(self, patient: PatientRecord, problems: list[ValidationIssue]) -> None:
        self.writer.write_comment(
            f"rejected patient from line {patient.line}: "
            + "; ".join(f"line {e.line} {e.kind} {e.naaccr_id or ''}: {e.message}" for e in problems)
        )
        self.writer.write_patient(patient)

    def close(self) -> str:
        self.writer.close()
        return str(self.path)

    def discard(self) -> None:
        self.writer.close()
        self.path.unlink(missing_ok=True)


def _count_items(patient: PatientRecord) -> int:
    return len(patient.items) + sum(len(t.items) for t in patient.tumors)


class _Upserter:
    """Buffers valid patients and writes them in batches, each routed by intake (:mod:`registry.intake.pipeline`):
    new persons by bulk INSERT, corrections and links by audited updates (values by :mod:`registry.intake.values`),
    review items as source records only.

    New patients' derived items and edit results are computed from the file's items before the INSERT
    (:mod:`registry.naaccr.exchange.compute`, on a worker process for a large file), so each tumor row is
    written once; patients already in the database take the audited update path, then are derived and edited
    from the database. Batches are written in file order.
    """

    def __init__(self, actor: Actor, intake: FileIntake, note: str, result: ImportResult, *, derive: bool,
                 computer: BatchComputer, tuning: ImportTuning, facilities: frozenset[str] | None = None) -> None:
        self.tuning = tuning
        self.facilities = facilities  # checked before the import (scope.py) and again here, record by record
        self.actor, self.intake, self.note, self.result = actor, intake, note, result
        self.derive, self.computer = derive, computer
        self.pending: dict[tuple[str, str], _Incoming] = {}
        self.in_flight: set[tuple[str, str]] = set()  # keys of batches sent to be computed, not yet written
        self.clusters: set[str] = set()  # new-person clusters of the pending and in-flight batches

    def add(self, patient: PatientRecord) -> None:
        if self.facilities is not None and (outside := incoming_problems(patient, self.facilities)):
            raise ImportConflict(outside)
        incoming = _Incoming(patient, self.intake.source_of([t.items for t in patient.tumors]))
        key = incoming.key
        cluster = self.intake.routes.get(key, Route("new")).new_person
        if key in self.pending or key in self.in_flight or (cluster and cluster in self.clusters):
            self.flush()  # the same person twice: the later record corrects (or links to) the first
        if cluster:
            self.clusters.add(cluster)
        self.pending[key] = incoming
        self.result.patients += 1
        self.result.tumors += len(patient.tumors)
        self.result.items += _count_items(patient)
        if len(self.pending) >= BATCH:
            self._send()

    def flush(self) -> None:
        """Write everything read so far."""
        self._send()
        while len(self.computer):
            self._write(*self.computer.result())
        self.clusters.clear()

    def _send(self) -> None:
        """Send the pending batch to be computed (its new patients), then write the oldest while too many wait."""
        if not self.pending:
            return
        routes = {key: self.intake.route(*key) for key in self.pending}
        batch = _Batch(dict(self.pending), routes)
        self.pending.clear()
        self.in_flight.update(batch.records)
        self.computer.submit(batch, [(p.items, [t.items for t in p.tumors]) for p in batch.new])
        while self.computer.full:
            self._write(*self.computer.result())

    def _write(self, batch: _Batch, computed: list[list[ComputedTumor]]) -> None:
        self.in_flight.difference_update(batch.records)
        self._insert(batch, computed)
        existing = [(key, route) for key, route in batch.routes.items()
                    if route.kind in ("same", "link") and route.patient_id is not None]
        if existing:
            self._update_existing(batch, existing)
        for key, route in batch.routes.items():
            if route.kind == "review" or (route.kind == "same" and route.patient_id is None):
                self._review(batch.records[key], route)

    def _insert(self, batch: _Batch, computed: list[list[ComputedTumor]]) -> None:
        """Insert new patients with their tumors (derived items included), their source records, then their
        derive audit and edits."""
        records = batch.new_incoming
        if not records:
            return
        groups: dict[str, list[int]] = {}
        for n, incoming in enumerate(records):
            groups.setdefault(self.intake.tag(incoming.source), []).append(n)
        done, sources = [], []
        for tag, positions in groups.items():
            chosen = [(records[n], computed[n]) for n in positions]
            patient_ids, tumor_ids = insert_batch(
                [_new_patient(r.patient, tumors, None if self.intake.own(r.source) else r.source)
                 for r, tumors in chosen], self.actor, note=self.note, source_registry_id=tag)
            for (incoming, tumors), pid, tids in zip(chosen, patient_ids, tumor_ids, strict=True):
                done += [(pid, tid, tumor) for tid, tumor in zip(tids, tumors, strict=True)]
                sources += self.intake.source_rows(incoming.source, incoming.raw, incoming.raw_tumors, pid, tids)
                self.intake.wrote_new(incoming.source, incoming.key[1], pid)
        insert_rows(db.session.connection(), SourceRecord.__table__, sources)
        self.result.created += len(records)
        self.intake.counts.new_persons += len(records)
        self.tuning.grew(self.result.created)
        record_derived(done, self.actor, self.note)
        store_new_results(done, IMPORT_EDIT_SET)

    def _review(self, incoming: _Incoming, route: Route) -> None:
        """An incoming patient not yet linked: its source records only (and an open review item, first time)."""
        added, records = self.intake.record(incoming.source, incoming.raw, incoming.raw_tumors, None,
                                            [None] * len(incoming.raw_tumors))
        if route.kind == "review":
            self.intake.open_review(records[0], route)
            self.intake.counts.review += 1
            self.intake.routes[incoming.key] = Route("same", None)
        elif added:
            self.intake.counts.corrected += 1
        else:
            self.intake.counts.unchanged += 1

    def _update_existing(self, batch: _Batch, existing: list) -> None:
        ids = [route.patient_id for _, route in existing]
        stmt = select(Patient).where(Patient.id.in_(ids)).options(selectinload(Patient.tumors))
        patients = {p.id: p for p in db.session.scalars(stmt)}
        for key, route in existing:
            self._update(patients[route.patient_id], batch.records[key], route)
        db.session.flush()
        db.session.expunge_all()
        if self.derive:
            derive_for_patients(ids, self.actor, note=self.note)  # staging items (registry.staging.wiring)
        store_edits_for_patients(ids, IMPORT_EDIT_SET)  # after staging: edits read derived items

    def _kept(self) -> frozenset[str]:
        """Derived items, recomputed after an update, so not cleared (loads the algorithms: asked only then)."""
        return derived_item_ids() if self.derive else frozenset()

    def _update(self, patient: Patient, incoming: _Incoming, route: Route) -> None:
        record, source = incoming.patient, incoming.source
        if self.facilities is not None and (outside := stored_problems(record, patient.tumors, self.facilities)):
            raise ImportConflict(outside)
        owner = None if self.intake.own(source) else source
        changed = self._merge(patient, record, owner, route, update_patient)
        tumor_ids = []
        for position, tumor_record in enumerate(record.tumors, start=1):
            tumor, new = self._tumor_for(patient, incoming, route, tumor_record.items, position)
            changed |= new or self._merge_tumor(tumor, tumor_record, owner, route)
            tumor_ids.append(tumor.id)
        added, _ = self.intake.record(source, incoming.raw, incoming.raw_tumors, patient.id, tumor_ids)
        if changed:
            self.result.updated += 1
        else:
            self.result.unchanged += 1
        if route.kind == "link":
            self.intake.counts.linked += 1
            self.intake.routes[incoming.key] = Route("same", patient.id)
        elif added or changed:
            self.intake.counts.corrected += 1
        else:
            self.intake.counts.unchanged += 1

    def _tumor_for(self, patient: Patient, incoming: _Incoming, route: Route, items: dict[str, str],
                   position: int) -> tuple[Tumor, bool]:
        """(the tumor this incoming tumor is, whether it was added): by this source's own earlier report, for a
        same-source patient by the file's tumor keys, for a linked one by site/histology/year; else a new one."""
        tumor_id = self.intake.tumor_of(incoming.source, incoming.key[1], items)
        tumor = next((t for t in patient.tumors if t.id == tumor_id), None) if tumor_id else None
        if tumor is None and route.kind == "same":
            tumor = match_tumor(patient.tumors, items)
        if tumor is None and route.kind == "link":
            tumor = same_tumor(patient.tumors, items)
        if tumor is not None:
            return tumor, False
        numbers = {t.tumorRecordNumber for t in patient.tumors}
        if route.kind == "link" or items.get("tumorRecordNumber") in numbers:
            items = {k: v for k, v in items.items() if k != "tumorRecordNumber"}  # the sender's number, not ours
        if len(patient.tumors) >= MAX_TUMORS and not items.get("tumorRecordNumber"):
            raise ImportConflict([too_many_tumors(incoming.patient, len(patient.tumors) + 1)])
        tumor = add_tumor(patient, items, self.actor, status=IMPORTED_STATUS)
        tumor.extensions = incoming.patient.tumors[position - 1].extensions or None
        tumor.item_sources = provenance_of(items, None if self.intake.own(incoming.source) else incoming.source)
        check_new_tumor(tumor, self.actor, source="import")  # multiple primaries (review queue)
        db.session.flush()
        return tumor, True

    def _merge_tumor(self, tumor: Tumor, tumor_record, owner: str | None, route: Route) -> bool:
        return self._merge(tumor, tumor_record, owner, route, update_tumor, self._kept())

    def _merge(self, stored, incoming, owner: str | None, route: Route, update, kept: frozenset[str] = frozenset()
               ) -> bool:
        """Apply one incoming patient or tumor record by the value rule (registry.intake.values); True if changed."""
        changes, provenance = merge(stored.items(), stored.item_sources, incoming.items, owner, kept)
        changed = bool(update(stored, changes, self.actor, expected_version=None,
                              provenance=provenance)) if changes else False
        if (stored.item_sources or None) != (provenance or None):
            stored.item_sources = provenance or None
        if route.kind == "same" and (stored.extensions or []) != incoming.extensions:
            stored.extensions = incoming.extensions or None
            changed = True
        return changed


class _Incoming:
    """One valid patient of the file: its items under current names, and as sent (for its source records)."""

    def __init__(self, patient: PatientRecord, source: str) -> None:
        self.raw = dict(patient.items)
        self.raw_tumors = [dict(t.items) for t in patient.tumors]
        patient.items = current_names(patient.items)
        self.patient, self.source = patient, source
        self.key = (source, patient.items["patientIdNumber"])


@dataclass
class _Batch:
    """One batch of valid patients by (source, key), and the route intake gave each."""

    records: dict[tuple[str, str], _Incoming]
    routes: dict[tuple[str, str], Route]

    @property
    def new_incoming(self) -> list[_Incoming]:
        return [p for key, p in self.records.items() if self.routes[key].kind == "new"]

    @property
    def new(self) -> list[PatientRecord]:
        return [p.patient for p in self.new_incoming]


def _new_patient(record: PatientRecord, computed: list[ComputedTumor], source: str | None) -> NewPatient:
    return NewPatient(
        item_source=source,
        items=record.items,
        tumors=[{**t.items, **c.derived} for t, c in zip(record.tumors, computed, strict=True)],
        tumor_statuses=[IMPORTED_STATUS] * len(record.tumors),
        extensions=record.extensions or None,
        tumor_extensions=[t.extensions or None for t in record.tumors],
        tumor_site_recodes=[c.site_recode for c in computed],
    )
