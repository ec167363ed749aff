"""Intake of one file's incoming patients: which person each becomes, and its source records (issue 13).

The one entry point a way in (today NAACCR import) calls: :class:`FileIntake`. Per incoming patient, keyed by
(source, ``patientIdNumber``):

1. **Same source key** -> the same person: the source already sent this key (a current source record), or the
   person was first reported by this source (``source_registry_id``, how patients imported before intake were
   keyed), or the file is the registry's own and the key is one of the registry's own patients. The report is a
   correction: a source record whose items differ becomes a new version; values follow :mod:`registry.intake.values`.
2. Otherwise the **person-linkage engine** (:func:`registry.linkage.engine.link_persons`) is run, once per file,
   for all such patients against the registry's persons (skipped on an empty registry):
   ``link`` -> attached to that person (its values fill only blanks), ``new`` -> a new person (incoming records the
   engine clusters together become one new person), ``review`` -> kept as source records with no person yet, plus
   an open :class:`LinkageReview` row naming the best candidate.
3. **Tumors** of a linked person: a tumor this source already sent (its source record) is that tumor; else --
   until tumor linkage by the multiple-primary rules lands -- a tumor of the person with the same site (first
   three characters), histology and year of diagnosis is the same tumor; else a new tumor.

The registry's own file keeps no source records: its records are the registry's own abstract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, update

from registry.abstracting.models import Patient, Tumor
from registry.core.base import utcnow
from registry.extensions import db
from registry.intake.models import LinkageReview, SourceRecord
from registry.intake.sources import is_own, patient_tag, record_source

KIND = "naaccr-file"
CHUNK = 500
IDENTITY_ITEMS = ("patientIdNumber", "medicalRecordNumber", "nameFirst", "nameLast", "nameBirthSurname",
                  "dateOfBirth", "sexAssignedAtBirth", "sex", "socialSecurityNumber", "addrAtDxPostalCode",
                  "addrAtDxNoStreet", "addrCurrentPostalCode", "addrCurrentNoStreet")
OUTCOMES = ("new_persons", "linked", "review", "corrected", "unchanged")


@dataclass
class Route:
    """Where an incoming patient goes: ``same`` (a correction of ``patient_id``, or of a patient still in review
    when ``patient_id`` is None), ``link`` to ``patient_id``, ``new`` person, or ``review``."""

    kind: str
    patient_id: int | None = None
    new_person: str | None = None
    score: float | None = None
    levels: dict | None = None
    reason: str = ""


@dataclass
class Counts:
    new_persons: int = 0
    linked: int = 0
    review: int = 0
    corrected: int = 0
    unchanged: int = 0

    def to_json(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in OUTCOMES}


def registry_is_empty() -> bool:
    """No person yet: an import has nothing to match or link against (its planning pass is skipped)."""
    return db.session.scalar(select(Patient.id).limit(1)) is None


def tumor_key(items: Mapping[str, str]) -> str | None:
    """The sender's key of a tumor: Tumor Record Number, else accession + sequence; None when it has neither (such
    a tumor cannot be recognised again: each report of it is a source record of its own)."""
    if items.get("tumorRecordNumber"):
        return items["tumorRecordNumber"]
    if items.get("accessionNumberHosp"):
        return f"{items['accessionNumberHosp']}/{items.get('sequenceNumberHospital', '')}"
    return None


def identity(patient_items: Mapping[str, str], tumors: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """The items person linkage reads, from the patient and its first tumor."""
    merged = {**(tumors[0] if tumors else {}), **patient_items}
    return {name: merged[name] for name in IDENTITY_ITEMS if merged.get(name)}


@dataclass
class FileIntake:
    """The intake of one file. ``registry_id``: the file's root ``registryId``; ``own_registry_id``: the
    registry's ``REGISTRY_ID``; ``file_sha256`` names a file with no other source."""

    registry_id: str
    file_sha256: str
    own_registry_id: str | None
    run_id: int | None = None
    thresholds: object | None = None
    routes: dict[tuple[str, str], Route] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)  # engine's new-person cluster -> patient id
    counts: Counts = field(default_factory=Counts)
    written: set[tuple[str, str]] = field(default_factory=set)  # keys this import has written a person for

    def source_of(self, tumors: Iterable[Mapping[str, str]]) -> str:
        return record_source(self.registry_id, tumors, self.file_sha256)

    def own(self, source: str) -> bool:
        return is_own(source, self.own_registry_id)

    def tag(self, source: str) -> str:
        return patient_tag(source, self.own_registry_id)

    # -- planning (before anything is written) -------------------------------------------------------------

    def plan(self, incoming: Mapping[tuple[str, str], dict[str, str]]) -> None:
        """Route every incoming patient, (source, key) -> identity items; the linkage engine runs once."""
        routes = self._same_source(list(incoming))
        rest = {k: v for k, v in incoming.items() if k not in routes}
        if rest:
            routes.update(self._linked(rest))
        self.routes = routes

    def _same_source(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Route]:
        found: dict[tuple[str, str], Route] = {}
        by_source: dict[str, list[str]] = {}
        for source, key in keys:
            by_source.setdefault(source, []).append(key)
        for source, pids in by_source.items():
            for start in range(0, len(pids), CHUNK):
                chunk = pids[start:start + CHUNK]
                rows = db.session.execute(select(SourceRecord.patient_key, SourceRecord.patient_id).where(
                    SourceRecord.source == source, SourceRecord.current.is_(True),
                    SourceRecord.patient_key.in_(chunk)).order_by(SourceRecord.id))
                for key, patient_id in rows:
                    found[(source, key)] = Route("same", patient_id)
                rows = db.session.execute(select(Patient.patientIdNumber, Patient.id).where(
                    Patient.source_registry_id == self.tag(source), Patient.patientIdNumber.in_(chunk)))
                for key, patient_id in rows:
                    found.setdefault((source, key), Route("same", patient_id))
        return found

    def _linked(self, rest: Mapping[tuple[str, str], dict[str, str]]) -> dict[tuple[str, str], Route]:
        if registry_is_empty():
            return {key: Route("new", new_person=f"{key[0]}|{key[1]}") for key in rest}
        import pandas as pd  # the linkage engine's frames; loaded only when there is something to link

        from registry.linkage.engine import link_persons
        from registry.linkage.settings import linkage_thresholds

        keys = list(rest)
        incoming = pd.DataFrame([{**rest[k], "record_id": f"i{n}", "source": k[0], "patientIdNumber": k[1]}
                                 for n, k in enumerate(keys)])
        decisions = link_persons(incoming, _existing_frame(), thresholds=self.thresholds or linkage_thresholds())
        out = {}
        for key, decision in zip(keys, decisions, strict=True):
            person = int(decision.person_id) if decision.person_id else None
            if decision.outcome == "link":
                out[key] = Route("link", person, score=decision.weight)
            elif decision.outcome == "review":
                out[key] = Route("review", person, score=_finite(decision.weight), levels=decision.levels or None,
                                 reason=decision.reason[:200])
            else:
                out[key] = Route("new", new_person=decision.new_person or f"{key[0]}|{key[1]}")
        return out

    def route(self, source: str, key: str) -> Route:
        """The route of a planned patient; one already written by this import is a same-source correction."""
        route = self.routes.get((source, key)) or Route("new", new_person=f"{source}|{key}")
        if route.kind == "new" and route.new_person in self.created:
            person = self.created[route.new_person]
            return Route("same" if (source, key) in self.written else "link", person)
        return route

    def wrote_new(self, source: str, key: str, patient_id: int) -> None:
        route = self.routes.get((source, key))
        self.created.setdefault(route.new_person if route and route.new_person else f"{source}|{key}", patient_id)
        self.routes[(source, key)] = Route("same", patient_id)
        self.written.add((source, key))

    # -- writing -------------------------------------------------------------------------------------------

    def source_rows(self, source: str, patient_items: Mapping[str, str], tumors: Sequence[Mapping[str, str]],
                    patient_id: int | None, tumor_ids: Sequence[int | None], versions: Mapping | None = None
                    ) -> list[dict]:
        """source_record rows (version 1, or the next of ``versions``: tumor key -> current version)."""
        if self.own(source):
            return []
        now = utcnow()
        key = patient_items["patientIdNumber"]
        reports = [(tumor_key(t), {**patient_items, **t}, tid) for t, tid in zip(tumors, tumor_ids, strict=True)] or [
            (None, dict(patient_items), None)]
        return [{"kind": KIND, "source": source, "patient_key": key, "tumor_key": tkey,
                 "version": (versions or {}).get(tkey, 0) + 1, "current": True, "items": items,
                 "import_run_id": self.run_id, "received_at": now, "patient_id": patient_id, "tumor_id": tid,
                 "patient_system_id_hosp": items.get("patientSystemIdHosp") or None,
                 "medical_record_number": items.get("medicalRecordNumber") or None,
                 "accession_number_hosp": items.get("accessionNumberHosp") or None}
                for tkey, items, tid in reports]

    def current_records(self, source: str, key: str) -> list[SourceRecord]:
        """The current source records of (source, key)."""
        return list(db.session.scalars(select(SourceRecord).where(
            SourceRecord.source == source, SourceRecord.patient_key == key, SourceRecord.current.is_(True))
            .order_by(SourceRecord.id)))

    def record(self, source: str, patient_items: Mapping[str, str], tumors: Sequence[Mapping[str, str]],
               patient_id: int | None, tumor_ids: Sequence[int | None]) -> tuple[bool, list[SourceRecord]]:
        """Store the report of an existing key: a new version of each source record whose items changed (the old
        one kept, not current). Returns (whether any version was added, the records added)."""
        if self.own(source):
            return False, []
        key = patient_items["patientIdNumber"]
        current = self.current_records(source, key)
        keyed = {r.tumor_key: r for r in current if r.tumor_key is not None}
        rows = self.source_rows(source, patient_items, tumors, patient_id, tumor_ids)
        added = []
        for row in rows:
            if row["tumor_key"] is None:  # no key: the same report again if one with the same items is current
                old = next((r for r in current if r.tumor_key is None and r.items == row["items"]), None)
            else:
                old = keyed.get(row["tumor_key"])
            if old is not None and old.items == row["items"]:
                if old.patient_id != patient_id or (row["tumor_id"] and old.tumor_id != row["tumor_id"]):
                    old.patient_id, old.tumor_id = patient_id, row["tumor_id"] or old.tumor_id
                continue
            if old is not None:
                db.session.execute(update(SourceRecord).where(SourceRecord.id == old.id).values(current=False))
                row["version"] = old.version + 1
            record = SourceRecord(**row)
            db.session.add(record)
            added.append(record)
        db.session.flush()
        return bool(added), added

    def tumor_of(self, source: str, key: str, items: Mapping[str, str]) -> int | None:
        """The tumor id this source's tumor (by its key) was attached to before, if any."""
        number = tumor_key(items)
        if number is None:
            return None
        return db.session.scalar(select(SourceRecord.tumor_id).where(
            SourceRecord.source == source, SourceRecord.patient_key == key, SourceRecord.tumor_key == number,
            SourceRecord.current.is_(True)).limit(1))

    def open_review(self, record: SourceRecord, route: Route) -> None:
        db.session.add(LinkageReview(source_record_id=record.id, candidate_patient_id=route.patient_id,
                                     score=route.score, levels=route.levels, reason=route.reason or None,
                                     status="open"))


def same_tumor(tumors: Sequence[Tumor], items: Mapping[str, str]) -> Tumor | None:
    """The stand-in tumor linkage: a tumor with the same site (3 characters), histology and diagnosis year."""
    site, histology = (items.get("primarySite") or "")[:3], items.get("histologicTypeIcdO3") or ""
    year = (items.get("dateOfDiagnosis") or "")[:4]
    if not (site and histology and year):
        return None
    return next((t for t in tumors if (t.primarySite or "")[:3] == site and t.histologicTypeIcdO3 == histology
                 and (t.dateOfDiagnosis or "")[:4] == year), None)


def _finite(value: float | None) -> float | None:
    import math

    return value if value is not None and math.isfinite(value) else None


def _existing_frame():
    """The registry's persons for linkage: each patient's own items, and each current source record linked."""
    import pandas as pd

    columns = [Patient.id, Patient.source_registry_id, *[getattr(Patient, name) for name in
               ("patientIdNumber", "nameFirst", "nameLast", "nameBirthSurname", "dateOfBirth", "sexAssignedAtBirth",
                "socialSecurityNumber", "addrCurrentPostalCode", "addrCurrentNoStreet")]]
    names = ["patientIdNumber", "nameFirst", "nameLast", "nameBirthSurname", "dateOfBirth", "sexAssignedAtBirth",
             "socialSecurityNumber", "addrCurrentPostalCode", "addrCurrentNoStreet"]
    rows = [{"record_id": f"p{row[0]}", "person_id": str(row[0]), "source": f"registry-person:{row[1]}",
             **{n: v for n, v in zip(names, row[2:], strict=True) if v}}
            for row in db.session.execute(select(*columns))]
    sources = db.session.execute(select(SourceRecord.id, SourceRecord.source, SourceRecord.patient_id,
                                        SourceRecord.items).where(SourceRecord.current.is_(True),
                                                                  SourceRecord.patient_id.is_not(None)))
    seen = set()
    for rid, source, patient_id, items in sources:
        if (source, items.get("patientIdNumber")) in seen:
            continue
        seen.add((source, items.get("patientIdNumber")))
        rows.append({"record_id": f"s{rid}", "person_id": str(patient_id), "source": source,
                     **{k: v for k, v in items.items() if k in IDENTITY_ITEMS and v}})
    return pd.DataFrame(rows)
