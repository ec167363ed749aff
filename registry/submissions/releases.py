"""Data releases: a researcher's request, an administrator's decision, and the extract.

A request names the requester, organisation, purpose, the approval reference (IRB / data use agreement), the
items and the cases wanted (diagnosis years, primary sites, reporting facilities). An administrator approves
or refuses it; the extract is de-identified by HIPAA Safe Harbor unless it was approved as a limited data set
(:mod:`registry.submissions.deidentify`). A limited data set is identifiable data: releasing one records a
disclosure against every included patient, so it appears in their accounting of disclosures
(:mod:`registry.submissions.accounting`). Extracts are NAACCR XML (v26, record type I, gzipped) or CSV.
"""

from __future__ import annotations

import gzip
import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path

from flask import current_app
from sqlalchemy import insert, or_, select

from registry.abstracting.models import Tumor
from registry.core import audit, csvsafe
from registry.core.base import utcnow
from registry.extensions import db
from registry.naaccr.dictionary import ItemLookup, current
from registry.naaccr.xml.model import PatientRecord, RootInfo, TumorRecord
from registry.naaccr.xml.writer import XmlWriter
from registry.submissions.build import sha256_file
from registry.submissions.deidentify import LIMITED, RE_KEYED, Deidentifier, deidentifier
from registry.submissions.models import RELEASE_FORMATS, RELEASE_KINDS, DataRelease, Disclosure
from registry.submissions.records import PatientRows, iter_patients

RELEASE_BASIS = "Research, limited data set under a data use agreement (45 CFR 164.514(e))"


class ReleaseError(ValueError):
    """A request or step that cannot be accepted; the message says why in plain words."""


def _criteria(raw: Mapping[str, object]) -> dict:
    def years(key: str) -> int | None:
        value = str(raw.get(key) or "").strip()
        if not value:
            return None
        if not (value.isdigit() and len(value) == 4):
            raise ReleaseError(f"{key.replace('_', ' ')} must be a year")
        return int(value)

    def codes(key: str) -> list[str]:
        value = raw.get(key) or []
        parts = value.replace(",", " ").split() if isinstance(value, str) else list(value)
        return [str(p).strip().upper() for p in parts if str(p).strip()]

    return {"dx_year_from": years("dx_year_from"), "dx_year_to": years("dx_year_to"),
            "sites": codes("sites"), "facilities": codes("facilities")}


def request_release(data: Mapping[str, object], actor: audit.Actor) -> DataRelease:
    """Record a request (status "requested"); ReleaseError when something required is missing."""
    for key in ("requester", "organisation", "purpose"):
        if not str(data.get(key) or "").strip():
            raise ReleaseError(f"the {key} is required")
    kind, fmt = str(data.get("kind") or "deidentified"), str(data.get("format") or "csv")
    if kind not in RELEASE_KINDS or fmt not in RELEASE_FORMATS:
        raise ReleaseError(f"kind must be one of {', '.join(RELEASE_KINDS)}; "
                           f"format one of {', '.join(RELEASE_FORMATS)}")
    items = data.get("items") or []
    items = items.replace(",", " ").split() if isinstance(items, str) else [str(i) for i in items]
    unknown = [i for i in items if i not in current()]
    if unknown:
        raise ReleaseError(f"unknown NAACCR items: {', '.join(unknown)}")
    release = DataRelease(
        requester=str(data["requester"]).strip(), organisation=str(data["organisation"]).strip(),
        purpose=str(data["purpose"]).strip(), approval_reference=str(data.get("approval_reference") or "").strip(),
        kind=kind, format=fmt, items=items, criteria=_criteria(data), requested_by=actor.username)
    db.session.add(release)
    db.session.flush()
    audit.record(actor, "request", "data_release", release.id, note=f"{release.kind} release for {release.requester}")
    return release


def decide_release(release: DataRelease, approve: bool, actor: audit.Actor, *, note: str = "",
                   kind: str | None = None) -> None:
    """An administrator's decision. A limited data set needs an approval reference (the data use agreement)."""
    if release.status != "requested":
        raise ReleaseError(f"this request was already {release.status}")
    if kind is not None:
        if kind not in RELEASE_KINDS:
            raise ReleaseError(f"kind must be one of {', '.join(RELEASE_KINDS)}")
        release.kind = kind
    if approve and release.kind == LIMITED and not release.approval_reference:
        raise ReleaseError("a limited data set is released only under a data use agreement: give its reference")
    release.status = "approved" if approve else "refused"
    release.decided_by, release.decided_at, release.decision_note = actor.username, utcnow(), note or None
    audit.record(actor, release.status, "data_release", release.id, note=note or None)
    db.session.flush()


def _selected_pairs(criteria: Mapping[str, object]) -> list[tuple[int, int]]:
    conds = [Tumor.status.in_(("complete", "reviewed"))]
    if criteria.get("dx_year_from"):
        conds.append(Tumor.dx_year >= criteria["dx_year_from"])
    if criteria.get("dx_year_to"):
        conds.append(Tumor.dx_year <= criteria["dx_year_to"])
    if criteria.get("sites"):
        conds.append(or_(*[Tumor.primarySite.startswith(s) for s in criteria["sites"]]))
    if criteria.get("facilities"):
        conds.append(Tumor.reportingFacility.in_(criteria["facilities"]))
    stmt = select(Tumor.patient_id, Tumor.id).where(*conds).order_by(Tumor.patient_id, Tumor.id)
    return [(p, t) for p, t in db.session.execute(stmt)]


def _released_patients(pairs: list[tuple[int, int]], deid: Deidentifier) -> list[PatientRecord]:
    """Every selected patient de-identified, re-keyed with random numbers and put in that (random) order."""
    patient_ids = sorted({p for p, _ in pairs})
    keys = secrets.SystemRandom().sample(range(1, 10**8), len(patient_ids))
    new_ids = {pid: f"{key:08d}" for pid, key in zip(patient_ids, keys, strict=True)}
    patient_level = {i.naaccr_id for i in deid.items if i.level == "Patient"}
    out: list[tuple[str, int, PatientRecord]] = []
    for prow in iter_patients(pairs):
        out.append((new_ids[prow.patient_id], prow.patient_id, _released(prow, deid, new_ids, patient_level)))
    out.sort(key=lambda t: t[0])
    return [record for _, _, record in out]


def _released(prow: PatientRows, deid: Deidentifier, new_ids: dict[int, str], patient_level: set[str]
              ) -> PatientRecord:
    tumors, patient_items = [], {}
    for row in prow.tumors:
        flat = deid.apply({**prow.items, **row.items}, new_ids[prow.patient_id])
        patient_items = {k: v for k, v in flat.items() if k in patient_level}
        tumors.append(TumorRecord(items={k: v for k, v in flat.items() if k not in patient_level}))
    return PatientRecord(items=patient_items, tumors=tumors)


def _write_csv(path: str, records: list[PatientRecord], deid: Deidentifier) -> None:
    ids = [i.naaccr_id for i in deid.items]
    columns = [RE_KEYED, *(i for i in ids if i != RE_KEYED)]  # the (re-keyed) patient number first
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csvsafe.dict_writer(fh, columns, extrasaction="ignore")
        writer.writeheader()
        for patient in records:
            for tumor in patient.tumors:
                writer.writerow({**patient.items, **tumor.items})


def _write_xml(path: str, records: list[PatientRecord]) -> None:
    root = RootInfo.for_version("260", "I")
    root.items = {"recordType": "I", "naaccrRecordVersion": "260"}
    with gzip.open(path, "wb", compresslevel=6) as raw, XmlWriter(raw, root, version="260", record_type="I") as w:
        for record in records:
            w.write_patient(record)


def release_path(release: DataRelease) -> Path:
    folder = Path(current_app.instance_path) / "releases"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".xml.gz" if release.format == "xml" else ".csv"
    return folder / f"release-{release.id:05d}-{release.kind}{suffix}"


def produce_release(release: DataRelease, actor: audit.Actor, *, out: str | os.PathLike[str] | None = None,
                    progress: Callable[[int], None] | None = None) -> DataRelease:
    """Write the extract of an approved request and, for a limited data set, record the disclosures."""
    if release.status != "approved":
        raise ReleaseError(f"only an approved request can be released (this one is {release.status})")
    pairs = _selected_pairs(release.criteria or {})
    deid = deidentifier(ItemLookup(current()), release.kind, release.items, utcnow().year)
    records = _released_patients(pairs, deid)
    path = os.fspath(out) if out is not None else os.fspath(release_path(release))
    (_write_xml(path, records) if release.format == "xml" else _write_csv(path, records, deid))
    release.file_name, release.file_path, release.sha256 = Path(path).name, os.path.abspath(path), sha256_file(path)
    release.patients, release.tumors = len(records), len(pairs)
    release.status, release.released_by, release.released_at = "released", actor.username, utcnow()
    if release.kind == LIMITED:
        _record_disclosures(release, sorted({p for p, _ in pairs}))
    audit.record(actor, "released", "data_release", release.id,
                 note=f"{release.kind}, {release.patients} patients, {release.tumors} tumors")
    db.session.flush()
    return release


def _record_disclosures(release: DataRelease, patient_ids: list[int]) -> None:
    items = ", ".join(release.items) if release.items else "all items of a limited data set"
    rows = [{"patient_id": pid, "disclosed_at": release.released_at,
             "recipient": f"{release.requester}, {release.organisation}", "purpose": release.purpose,
             "legal_basis": RELEASE_BASIS, "release_id": release.id,
             "description": f"Limited data set (release {release.id}, {release.approval_reference}): {items}"}
            for pid in patient_ids]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Disclosure), rows[start:start + 5000])

