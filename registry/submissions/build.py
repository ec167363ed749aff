"""Building a submission batch: select the cases, gate them with the edits, write the NAACCR XML and manifest.

The file is NAACCR XML (specification 1.8) written by ``registry.naaccr.xml.writer`` for the profile's NAACCR
version and record type, gzipped, with the recipient's user dictionaries named in ``userDictionaryUri``.
Beside it goes ``<name>.manifest.json``: counts, the file's SHA-256, dictionary URIs, the edit set and who built
it (the same manifest is kept on the batch). The batch records, per tumor sent, the tumor's and its patient's
``version``, which is what later batches compare to find corrections (:mod:`registry.submissions.selection`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import func, insert, select

from registry.core import audit
from registry.core.base import utcnow
from registry.edits.model import ERROR, EditFailure
from registry.extensions import db
from registry.naaccr.dictionary import Dictionary, ItemLookup, current
from registry.naaccr.xml.model import PatientRecord, RootInfo, TumorRecord
from registry.naaccr.xml.writer import XmlWriter
from registry.submissions.gate import gate
from registry.submissions.models import SubmissionBatch, SubmissionItem, SubmissionProfile
from registry.submissions.profiles import Profile, parse_profile
from registry.submissions.records import PatientRows, TumorRow, iter_patients
from registry.submissions.selection import CORRECTION, Candidate, select_cases
from registry.submissions.versions import renames_for, translate

MAX_STORED_FAILURES = 2000


class NothingToSend(Exception):
    """No case is new or changed since it was last sent: no batch was made."""


@dataclass
class _Run:
    """What one build pass collects."""

    profile: Profile
    lookup: ItemLookup
    root: RootInfo
    renames: dict[str, str]
    kinds: dict[int, Candidate]
    written: list[TumorRow] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    error_records: int = 0
    warnings: int = 0
    patients: int = 0


def registry_id() -> str:
    """The registry's NAACCR Registry ID (#40) from the REGISTRY_ID setting, or "" when unset."""
    return str(current_app.config.get("REGISTRY_ID") or "")


def _root(profile: Profile, dictionaries: list[Dictionary], reg_id: str) -> RootInfo:
    root = RootInfo.for_version(profile.naaccr_version, profile.record_type)
    if dictionaries:
        root.attributes["userDictionaryUri"] = " ".join(d.uri for d in dictionaries)
    root.items = {"recordType": profile.record_type, "naaccrRecordVersion": profile.naaccr_version}
    if reg_id:
        root.items["registryId"] = reg_id
    return root


def _copy_items(items: dict[str, str], copies: Mapping[str, str], lookup: ItemLookup, level: str) -> dict[str, str]:
    """Fill blank state items of this level from our items (profile ``copy_items``)."""
    out = dict(items)
    for target, source in copies.items():
        item = lookup.get(target)
        if item is not None and item.level == level and not out.get(target) and items.get(source):
            out[target] = items[source]
    return out


def _failure_row(row: TumorRow, record: Mapping[str, str], failure: EditFailure) -> dict:
    return {"tumor_id": row.tumor_id, "patient_id": row.patient_id,
            "patientIdNumber": record.get("patientIdNumber", ""),
            "tumorRecordNumber": record.get("tumorRecordNumber", ""), **failure.as_dict()}


def _gate_patient(run: _Run, prow: PatientRows) -> PatientRecord | None:
    """Gate each tumor of a patient; the patient record to write with its passing tumors (None if none)."""
    p, lookup = run.profile, run.lookup
    patient_items = _copy_items(prow.items, p.copy_items, lookup, "Patient")
    base = {**run.root.items, **patient_items}
    tumors: list[TumorRecord] = []
    for row in prow.tumors:
        tumor_items = _copy_items(row.items, p.copy_items, lookup, "Tumor")
        record = {**base, **tumor_items}
        failures = gate(record, p.required_items, p.recipient, p.edit_set, lookup)
        errors = [f for f in failures if f.severity == ERROR]
        run.warnings += len(failures) - len(errors)
        if errors:
            run.error_records += 1
            room = MAX_STORED_FAILURES - len(run.failures)
            run.failures += [_failure_row(row, record, f) for f in errors[:max(room, 0)]]
            continue
        tumors.append(TumorRecord(items=translate(tumor_items, run.renames)))
        run.written.append(row)
    if not tumors:
        return None
    return PatientRecord(items=translate(patient_items, run.renames), tumors=tumors)


def _write(run: _Run, path: str, dictionaries: list[Dictionary], progress: Callable[[int], None] | None) -> bool:
    """Gate and write every case to ``path`` (always gzipped); False when the batch is blocked."""
    p = run.profile
    blocked = False
    pairs = [(c.patient_id, c.tumor_id) for c in run.kinds.values()]
    with gzip.open(path, "wb", compresslevel=6) as raw, \
            XmlWriter(raw, run.root, version=p.naaccr_version, record_type=p.record_type,
                      user_dictionaries=dictionaries) as writer:
        for prow in iter_patients(pairs):
            record = _gate_patient(run, prow)
            blocked = blocked or (run.error_records > 0 and p.on_edit_errors == "block")
            if record is not None and not blocked:
                writer.write_patient(record)
                run.patients += 1
            if progress is not None:
                progress(len(prow.tumors))
    return not blocked and bool(run.written)


def sha256_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_path(path: str | os.PathLike[str]) -> Path:
    """``x.xml.gz`` -> ``x.manifest.json`` beside it."""
    p = Path(path)
    stem = p.name.removesuffix(".gz").removesuffix(".xml")
    return p.with_name(stem + ".manifest.json")


def default_path(profile: Profile, file_name: str) -> Path:
    """Where the web app keeps a built file: ``<instance>/submissions/<profile>/<file name>``."""
    folder = Path(current_app.instance_path) / "submissions" / profile.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder / file_name


def _manifest(batch: SubmissionBatch, run: _Run, dictionaries: list[Dictionary], actor: audit.Actor,
              path: str | None) -> dict:
    p = run.profile
    return {
        "profile": p.name, "recipient": p.recipient, "batch": batch.number, "status": batch.status,
        "file": Path(path).name if path else None, "sha256": batch.sha256,
        "bytes": os.path.getsize(path) if path else None,
        "naaccr_version": p.naaccr_version, "record_type": p.record_type,
        "base_dictionary_uri": run.root.base_dictionary_uri,
        "user_dictionary_uris": [d.uri for d in dictionaries], "edit_set": p.edit_set,
        "counts": {"patients": run.patients, "tumors": len(run.written), "new": batch.new_count,
                   "corrections": batch.correction_count, "held": batch.held_count,
                   "records_with_errors": run.error_records, "warnings": run.warnings},
        "built_by": actor.username, "built_at": batch.built_at.isoformat(timespec="seconds"),
    }


def _next_number(profile_id: int) -> int:
    return (db.session.scalar(select(func.max(SubmissionBatch.number))
                              .where(SubmissionBatch.profile_id == profile_id)) or 0) + 1


def _record_items(batch: SubmissionBatch, run: _Run) -> None:
    rows = [{"batch_id": batch.id, "tumor_id": r.tumor_id, "patient_id": r.patient_id,
             "tumor_version": run.kinds[r.tumor_id].tumor_version,
             "patient_version": run.kinds[r.tumor_id].patient_version,
             "kind": run.kinds[r.tumor_id].kind} for r in run.written]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(SubmissionItem), rows[start:start + 5000])


def build_batch(profile_row: SubmissionProfile, actor: audit.Actor, *, out: str | os.PathLike[str] | None = None,
                progress: Callable[[int], None] | None = None) -> SubmissionBatch:
    """Build the next batch of a profile (see the module notes); flushes, the caller commits.

    Raises :class:`NothingToSend` when no case is new or changed, ProfileError when the profile is not valid.
    """
    profile = parse_profile(profile_row.yaml)
    candidates = select_cases(profile, profile_row.id)
    if not candidates:
        raise NothingToSend(f"nothing to send to {profile.recipient}: no case is new or changed since last sent")
    dictionaries = profile.dictionaries()
    reg_id, now = registry_id(), utcnow()
    batch = SubmissionBatch(profile_id=profile_row.id, number=_next_number(profile_row.id), built_by=actor.username,
                            built_at=now, file_name="")
    batch.file_name = profile.file_name_for(batch.number, reg_id, now.strftime("%Y%m%d"))
    path = os.fspath(out) if out is not None else os.fspath(default_path(profile, batch.file_name))
    run = _Run(profile, ItemLookup(current(), dictionaries), _root(profile, dictionaries, reg_id),
               renames_for(profile.naaccr_version), {c.tumor_id: c for c in candidates})
    partial = path + ".part"
    ok = _write(run, partial, dictionaries, progress)
    _finish_batch(batch, run, ok, partial, path)
    batch.manifest = _manifest(batch, run, dictionaries, actor, batch.file_path)
    if ok:
        manifest_path(path).write_text(json.dumps(batch.manifest, indent=2) + "\n", encoding="utf-8")
    db.session.add(batch)
    db.session.flush()
    _record_items(batch, run)
    audit.record(actor, "build", "submission_batch", batch.id,
                 note=f"{profile.name} batch {batch.number}: {batch.status}, {batch.tumors} tumors")
    db.session.flush()
    return batch


def _finish_batch(batch: SubmissionBatch, run: _Run, ok: bool, partial: str, path: str) -> None:
    if not ok:
        os.unlink(partial)
        run.written, run.patients = [], 0
    else:
        os.replace(partial, path)
        batch.file_path, batch.sha256 = os.path.abspath(path), sha256_file(path)
    batch.status = "built" if ok else "blocked"
    batch.failures = run.failures
    batch.patients, batch.tumors = run.patients, len(run.written)
    batch.correction_count = sum(1 for r in run.written if run.kinds[r.tumor_id].kind == CORRECTION)
    batch.new_count = batch.tumors - batch.correction_count
    batch.held_count = run.error_records if run.profile.on_edit_errors == "hold" else 0
    batch.warning_count = run.warnings
