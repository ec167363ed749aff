"""Death clearance in the database (methods-and-standards.md 4.3): import a death file once, link it with
``linkage.link_deaths``, apply certain matches through the audit trail, queue uncertain ones for review and keep
the non-matches for death-certificate-only follow-back.

Idempotent: a file already imported (same SHA-256) is not read again, and a death record already kept from any
earlier file (same normalised fields, ``record_key``) is skipped, so re-running a file or a cumulative monthly
file changes nothing already done. A certain match is entered as a death contact (``operations.record_contact``,
authoritative): vitalStatus 0, dateOfLastContact = date of death, causeOfDeath with icdRevisionNumber 1 (ICD-10),
followUpSourceCentral = the file's source (05 state death certificate file by default) and followUpSource 7
(death certificate) on every tumor.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from registry.abstracting.models import Patient
from registry.core import audit
from registry.core.base import utcnow
from registry.extensions import db
from registry.followup.deathfile import DeathFileError, Problem, read_death_file
from registry.followup.linkage import WEIGHTS, link_deaths
from registry.followup.models import DeathFileImport, DeathMatch, DeathRecord, FollowUpLetter
from registry.followup.operations import ContactError, ContactInput, record_contact

KEY_FIELDS = ("last_name", "first_name", "middle_name", "date_of_birth", "sex", "ssn", "date_of_death",
              "underlying_cause", "certificate_number")
RECORD_FIELDS = (*KEY_FIELDS, "place_of_death")
DEATH_CERTIFICATE = "7"  # followUpSource (#1790)


@dataclass(frozen=True)
class DeathImportResult:
    file: DeathFileImport
    already_imported: bool

    def summary(self) -> dict:
        f = self.file
        return {"import_id": f.id, "filename": f.filename, "checksum": f.checksum,
                "already_imported": self.already_imported, "records": f.records, "duplicates": f.duplicates,
                "matched": f.matched, "review": f.review, "unmatched": f.unmatched,
                "imported_at": f.imported_at.isoformat(timespec="seconds")}


def record_keys(deaths: pd.DataFrame) -> pd.Series:
    """SHA-256 of each record's normalised identifying fields (the same death in two files has one key)."""
    joined = deaths[list(KEY_FIELDS)].fillna("").astype(str).agg("|".join, axis=1)
    return joined.map(lambda text: hashlib.sha256(text.encode()).hexdigest())


def registry_linkage_frame() -> pd.DataFrame:
    """Every patient's linkage items; ``patientIdNumber`` holds the database id (unique across registries)."""
    columns = ("nameLast", "nameFirst", "dateOfBirth", "sexAssignedAtBirth", "socialSecurityNumber",
               "dateOfLastContact")
    rows = db.session.execute(select(Patient.id, *(getattr(Patient, c) for c in columns))).all()
    frame = pd.DataFrame.from_records(rows, columns=["patientIdNumber", *columns])
    frame["patientIdNumber"] = frame["patientIdNumber"].astype(str)
    return frame.fillna("").astype("string")


def _read(data: bytes, today: date | None) -> pd.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeathFileError([Problem(1, "file", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    return read_death_file(io.StringIO(text, newline=""), today)


def _new_records(deaths: pd.DataFrame) -> pd.DataFrame:
    """Records not kept before (from this file or an earlier one)."""
    deaths = deaths.assign(record_key=record_keys(deaths)).drop_duplicates("record_key")
    keys = deaths["record_key"].tolist()
    known: set[str] = set()
    for start in range(0, len(keys), 1000):
        chunk = keys[start:start + 1000]
        known.update(db.session.scalars(select(DeathRecord.record_key).where(DeathRecord.record_key.in_(chunk))))
    return deaths[~deaths["record_key"].isin(known)].reset_index(drop=True)


def _insert_records(file: DeathFileImport, deaths: pd.DataFrame, statuses: pd.Series) -> dict:
    """Core insert of the death records; returns {death frame label: record id}."""
    rows = [{"import_id": file.id, "line": int(r["line"]), "status": statuses[label],
             **{f: str(r[f] if pd.notna(r[f]) else "") for f in RECORD_FIELDS}, "record_key": r["record_key"]}
            for label, r in deaths.iterrows()]
    if rows:
        db.session.execute(insert(DeathRecord.__table__), rows)
    ids = dict(db.session.execute(select(DeathRecord.record_key, DeathRecord.id)
                                  .where(DeathRecord.import_id == file.id)).all())
    return {label: ids[key] for label, key in deaths["record_key"].items()}


def _level(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _insert_pairs(pairs: pd.DataFrame, record_ids: dict, status: str) -> None:
    rows = [{"death_record_id": record_ids[r.death_row], "patient_id": int(r.patientIdNumber),
             "weight": float(r.weight), "levels": {f: _level(getattr(r, f)) for f in WEIGHTS}, "reason": r.reason,
             "status": status} for r in pairs.itertuples(index=False)]
    if rows:
        db.session.execute(insert(DeathMatch.__table__), rows)


def death_contact(record: DeathRecord, source_code: str) -> ContactInput:
    note = f"Death file {record.file.filename}, line {record.line}"
    if record.certificate_number:
        note += f", certificate {record.certificate_number}"
    return ContactInput(date=record.date_of_death, vital_status="0", source=DEATH_CERTIFICATE,
                        central_source=source_code, method="death certificate linkage",
                        cause_of_death=record.underlying_cause, note=note)


def _apply_matches(file: DeathFileImport, actor: audit.Actor, progress: Callable[[int], None]) -> None:
    matches = list(db.session.scalars(
        select(DeathMatch).join(DeathRecord).where(DeathRecord.import_id == file.id, DeathMatch.status == "applied")
        .options(selectinload(DeathMatch.record).selectinload(DeathRecord.file))))
    lettered = set(db.session.scalars(select(FollowUpLetter.patient_id).where(
        FollowUpLetter.answered_by_contact_id.is_(None))))
    for start in range(0, len(matches), 500):
        chunk = matches[start:start + 500]
        patients = {p.id: p for p in db.session.scalars(
            select(Patient).where(Patient.id.in_([m.patient_id for m in chunk])).options(selectinload(Patient.tumors)))}
        for match in chunk:
            _apply_or_queue(match, patients[match.patient_id], file, actor, match.patient_id in lettered)
        progress(len(chunk))


def _apply_or_queue(match: DeathMatch, patient: Patient, file: DeathFileImport, actor: audit.Actor,
                    lettered: bool) -> None:
    """Apply a certain match; one the patient's record refuses (a death before the birth date) goes to review."""
    try:  # record_contact checks everything before it writes anything
        record_contact(patient, death_contact(match.record, file.source_code), actor, authoritative=True,
                       has_open_letters=lettered)
    except ContactError as exc:
        match.status, match.reason = "pending", f"cannot apply: {exc}"[:80]
        match.record.status = "review"
        file.matched, file.review = file.matched - 1, file.review + 1


def import_death_file(data: bytes, filename: str, actor: audit.Actor, *, source_code: str = "05",
                      today: date | None = None, match_threshold: float = 20.0, review_threshold: float = 10.0,
                      progress: Callable[[int], None] = lambda _n: None) -> DeathImportResult:
    """Import, link and apply a death file (module docstring); raises DeathFileError. The caller commits."""
    checksum = hashlib.sha256(data).hexdigest()
    known = db.session.scalar(select(DeathFileImport).where(DeathFileImport.checksum == checksum))
    if known is not None:
        return DeathImportResult(known, True)
    deaths = _read(data, today)
    fresh = _new_records(deaths)
    linked = link_deaths(registry_linkage_frame(), fresh.drop(columns="record_key"), match_threshold,
                         review_threshold)
    statuses = pd.Series("unmatched", index=fresh.index, dtype=object)
    statuses[statuses.index.isin(linked.review["death_row"])] = "review"
    statuses[statuses.index.isin(linked.matches["death_row"])] = "matched"
    file = DeathFileImport(filename=filename[:255], checksum=checksum, source_code=source_code,
                           records=len(deaths), duplicates=len(deaths) - len(fresh),
                           matched=int((statuses == "matched").sum()), review=int((statuses == "review").sum()),
                           unmatched=int((statuses == "unmatched").sum()), imported_by_id=actor.user_id,
                           imported_by=actor.username)
    db.session.add(file)
    db.session.flush()
    record_ids = _insert_records(file, fresh, statuses)
    _insert_pairs(linked.matches, record_ids, "applied")
    _insert_pairs(linked.review, record_ids, "pending")
    _apply_matches(file, actor, progress)
    audit.record(actor, "import", "death_file", file.id,
                 note=f"{file.filename}: {file.records} records, {file.matched} matched, {file.review} for review, "
                      f"{file.unmatched} unmatched, {file.duplicates} already known")
    db.session.flush()
    return DeathImportResult(file, False)


class DecisionError(ValueError):
    """The review decision was refused (already decided)."""


def decide_match(match: DeathMatch, accept: bool, actor: audit.Actor) -> None:
    """A registrar's decision on a pair in review. Accepting applies the death (as a certain match is) and
    rejects the record's other candidates; when every candidate is rejected the record is unmatched. Raises
    DecisionError (already decided) or ContactError (the patient's record refuses the death)."""
    if match.status != "pending":
        raise DecisionError(f"this pair was already decided ({match.status})")
    record = match.record
    if accept:  # first, so that a death the patient's record refuses (ContactError) leaves the pair pending
        record_contact(match.patient, death_contact(record, record.file.source_code), actor, authoritative=True)
    match.status = "accepted" if accept else "rejected"
    match.decided_by_id, match.decided_by, match.decided_at = actor.user_id, actor.username, utcnow()
    audit.record(actor, "decide", "death_match", match.id, patient_id=match.patient_id,
                 changes={"status": ["pending", match.status]},
                 note=f"death record {record.id} (line {record.line} of {record.file.filename})")
    if accept:
        for other in record.matches:
            if other.status == "pending":
                other.status, other.decided_by, other.decided_at = "rejected", actor.username, utcnow()
        record.status = "matched"
    elif not any(m.status in ("pending", "accepted", "applied") for m in record.matches):
        record.status = "unmatched"
    db.session.flush()


def mark_followed_back(record: DeathRecord, note: str, actor: audit.Actor) -> None:
    """Close a death-certificate-only record once its follow-back to the facility is done."""
    if record.status != "unmatched":
        raise DecisionError(f"only unmatched death records are followed back (this one is {record.status})")
    record.status, record.followback_note = "followed-back", note or None
    record.followback_by, record.followback_at = actor.username, utcnow()
    audit.record(actor, "followback", "death_record", record.id, changes={"status": ["unmatched", "followed-back"]},
                 note=note or None)
    db.session.flush()
