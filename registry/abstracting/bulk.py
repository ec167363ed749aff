"""Fast loading of many patients with their tumors and contacts (demo data, file imports).

Rows are built as plain dicts keyed by column name, every column given (so each batch is one
``executemany``), and written straight through the driver (:func:`insert_rows`: the column types' own bind
processors applied, no per-row SQLAlchemy parameter processing, no ORM work). Each patient still gets its
audit entry.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from sqlalchemy import Table, insert, select

from registry.abstracting.core_items import PATIENT_ITEMS, TUMOR_ITEMS
from registry.abstracting.items import column_name
from registry.abstracting.models import Facility, Patient, Tumor, normalize_name
from registry.core.audit import Actor, AuditEvent
from registry.core.base import utcnow
from registry.extensions import db
from registry.followup.models import FollowUpContact
from registry.naaccr.dates import parse_naaccr_date
from registry.reports.site_column import site_recode_for

_PATIENT_CORE = {naaccr_id: column_name(naaccr_id) for naaccr_id in PATIENT_ITEMS}
_TUMOR_CORE = {naaccr_id: column_name(naaccr_id) for naaccr_id in TUMOR_ITEMS}


@dataclass
class NewPatient:
    items: Mapping[str, str]
    tumors: list[Mapping[str, str]]
    contacts: list[Mapping[str, str]] = field(default_factory=list)
    tumor_statuses: list[str] | None = None
    extensions: list[str] | None = None
    tumor_extensions: list[list[str] | None] | None = None
    tumor_site_recodes: list[str | None] | None = None  # precomputed (tumor_site_recode), else computed here
    item_source: str | None = None  # the source every item came from (registry.intake.values); None: our own


def _split(items: Mapping[str, str], core: Mapping[str, str]) -> tuple[dict, dict | None]:
    """(row of core columns by column name, every one present; extra items or None)."""
    row: dict = dict.fromkeys(core.values())
    extra: dict = {}
    for key, value in items.items():
        if not value:
            continue
        column = core.get(key)
        if column is not None:
            row[column] = value
        else:
            extra[key] = value
    return row, extra or None


def _stamp(row: dict) -> dict:
    now = utcnow()
    row.update(version=1, created_at=now, updated_at=now)
    return row


def _provenance(items: Mapping[str, str], source: str | None) -> dict | None:
    return ({k: source for k, v in items.items() if v} or None) if source else None


def patient_row(items: Mapping[str, str], source_registry_id: str = "", extensions: list | None = None,
                item_source: str | None = None) -> dict:
    row, extra = _split(items, _PATIENT_CORE)
    row.update(
        source_registry_id=source_registry_id,
        item_sources=_provenance(items, item_source),
        extra_items=extra,
        extensions=extensions or None,
        name_last_norm=normalize_name(row["name_last"]),
        name_first_norm=normalize_name(row["name_first"]),
        birth_date=parse_naaccr_date(row["date_of_birth"]),
        last_contact_date=parse_naaccr_date(row["date_of_last_contact"]),
    )
    return _stamp(row)


def _year(dx: str | None) -> int | None:
    return int(dx[:4]) if dx and dx[:4].isdigit() else None


def tumor_site_recode(items: Mapping[str, str]) -> str | None:
    """The tumor row's ``site_recode`` column from its items (SEER site recode, registry.reports.site_column)."""
    return site_recode_for(items.get("primarySite") or None, items.get("histologicTypeIcdO3") or None,
                           items.get("behaviorCodeIcdO3") or None, _year(items.get("dateOfDiagnosis")))


_UNSET = object()


def tumor_row(items: Mapping[str, str], patient_id: int, facility_ids: Mapping[str, int], status: str,
              extensions: list | None = None, site_recode=_UNSET, item_source: str | None = None) -> dict:
    """The tumor table row of these items (``site_recode`` as :func:`tumor_site_recode` gives it, when known)."""
    row, extra = _split(items, _TUMOR_CORE)
    dx = row["date_of_diagnosis"]
    row.update(
        item_sources=_provenance(items, item_source),
        patient_id=patient_id,
        facility_id=facility_ids.get(row["reporting_facility"] or ""),
        status=status,
        extra_items=extra,
        extensions=extensions or None,
        dx_date=parse_naaccr_date(dx),
        dx_year=_year(dx),
    )
    row["site_recode"] = tumor_site_recode(items) if site_recode is _UNSET else site_recode
    return _stamp(row)


def contact_row(contact: Mapping[str, str], patient_id: int, actor: Actor) -> dict:
    return {
        "patient_id": patient_id,
        "contact_date": contact["date"],
        "contact_sort_date": parse_naaccr_date(contact["date"]),
        "vital_status": contact.get("vitalStatus", ""),
        "source": contact.get("source"),
        "method": contact.get("method"),
        "cancer_status": {"all": contact["cancerStatus"]} if contact.get("cancerStatus") else None,
        "cause_of_death": contact.get("causeOfDeath"),
        "note": contact.get("note"),
        "entered_by_id": actor.user_id,
        "entered_by": actor.username,
        "entered_at": utcnow(),
    }


def facility_ids() -> dict[str, int]:
    return {code: fid for code, fid in db.session.execute(select(Facility.code, Facility.id))}


def insert_rows(conn, table: Table, rows: Sequence[Mapping]) -> None:
    """INSERT rows (dicts with the same keys, the table's column names) with one driver ``executemany``.

    Each value goes through its column type's bind processor (JSON to text, dates on SQLite, UTC times), as
    a Core INSERT would, but without SQLAlchemy's per-row parameter work, the largest cost of a bulk load.
    The compiled statement and the processors are worked out once per dialect, table and columns.
    """
    if not rows:
        return
    plan = _insert_plan(conn.dialect, table, tuple(rows[0]))
    if uses_copy(conn):
        keys, processors = plan.keys, dict(plan.processors)
        copy_rows(conn, table.name, keys, ([p(row[k]) if (p := processors.get(k)) else row[k] for k in keys]
                                           for row in rows))
        return
    if plan.positional is None:  # named parameters
        processors = plan.processors
        if processors:
            rows = [{**row, **{k: p(row[k]) for k, p in processors}} for row in rows]
        conn.exec_driver_sql(plan.sql, list(rows))
        return
    get, processed = plan.positional
    if processed:
        values = []
        for row in rows:
            value = list(get(row))
            for i, process in processed:
                value[i] = process(value[i])
            values.append(tuple(value))
    else:
        values = [get(row) for row in rows]
    conn.exec_driver_sql(plan.sql, values)


@dataclass(frozen=True)
class _InsertPlan:
    sql: str
    keys: tuple[str, ...]
    processors: tuple[tuple[str, Callable], ...]  # (column, bind processor) of the columns that have one
    positional: tuple[Callable, tuple[tuple[int, Callable], ...]] | None  # (row -> values in order, processors)


_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # dialect -> {(table, keys): plan}


def _insert_plan(dialect, table: Table, keys: tuple[str, ...]) -> _InsertPlan:
    plans = _PLANS.setdefault(dialect, {})
    plan = plans.get((table.name, keys))
    if plan is None:
        processors = tuple((k, p) for k in keys if (p := table.c[k].type.dialect_impl(dialect).bind_processor(dialect)))
        compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
        positional = None
        if compiled.positional:
            order = list(compiled.positiontup or [])
            by_key = dict(processors)
            get = itemgetter(*order) if len(order) > 1 else (lambda row, k=order[0]: (row[k],))
            positional = (get, tuple((i, by_key[k]) for i, k in enumerate(order) if k in by_key))
        plan = plans[(table.name, keys)] = _InsertPlan(str(compiled), keys, processors, positional)
    return plan


def uses_copy(conn) -> bool:
    """True on PostgreSQL through psycopg 3, where rows are loaded with COPY (one statement, not one per row)."""
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


def copy_rows(conn, table_name: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """``COPY table (columns) FROM STDIN`` on the session's own connection (so inside its transaction).

    Values are driver values (bind processors already applied); psycopg writes them in COPY's text format and
    the server parses each by its column type, as it does an INSERT's parameters.
    """
    cursor = conn.connection.driver_connection.cursor()
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def tumor_ids_by_patient(conn, patient_ids: Sequence[int]) -> dict[int, list[int]]:
    """The tumor ids of these patients, each patient's in id order (the order its tumors were inserted)."""
    table = Tumor.__table__
    found: dict[int, list[int]] = {pid: [] for pid in patient_ids}
    stmt = select(table.c.patient_id, table.c.id).where(table.c.patient_id.in_(list(patient_ids)))
    for patient_id, tumor_id in conn.execute(stmt.order_by(table.c.patient_id, table.c.id)):
        found[patient_id].append(tumor_id)
    return found


def reserve_ids(conn, table: Table, count: int) -> list[int] | None:
    """On PostgreSQL, ``count`` new ids from the table's id sequence in one round trip (None elsewhere).

    Rows inserted with their ids known need no look-up afterwards; on SQLite the ids are read back instead
    (reserving there would race with another writer before the import's first write takes the lock)."""
    if conn.dialect.name != "postgresql" or not count:
        return None
    sequence = f"{table.name}_id_seq"  # SERIAL primary keys (the migrations); pg_get_serial_sequence agrees
    return list(conn.exec_driver_sql("SELECT nextval(%s) FROM generate_series(1, %s)", (sequence, count)).scalars())


def _insert_with_reserved_ids(conn, table: Table, rows: list[dict]) -> list[int] | None:
    """Insert the rows; on PostgreSQL with ids reserved first and given to them, which are returned (in row
    order); elsewhere None (the caller reads the new ids back)."""
    ids = reserve_ids(conn, table, len(rows))
    if ids is not None:
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
    insert_rows(conn, table, rows)
    return ids


def _insert_patient_rows(conn, batch: list[NewPatient], source_registry_id: str) -> list[int]:
    """Insert the patient rows with one executemany (or COPY) and return their ids, in batch order.

    On PostgreSQL the ids are reserved first (:func:`reserve_ids`); elsewhere they are read back by key
    (RETURNING with a guaranteed row order makes SQLite insert one row per statement):
    ``(source_registry_id, patientIdNumber)`` is unique.
    """
    keys = [p.items.get("patientIdNumber") for p in batch]
    if not all(keys) or len(set(keys)) != len(keys):
        raise ValueError("every new patient needs its own Patient ID Number (patientIdNumber)")
    table = Patient.__table__
    ids = _insert_with_reserved_ids(conn, table, [patient_row(p.items, source_registry_id, p.extensions, p.item_source)
                                                  for p in batch])
    if ids is not None:
        return ids
    found = dict(conn.execute(
        select(table.c.patient_id_number, table.c.id)
        .where(table.c.source_registry_id == source_registry_id, table.c.patient_id_number.in_(keys))
    ).all())
    return [found[key] for key in keys]


def insert_patients(batch: list[NewPatient], actor: Actor, *, note: str, source_registry_id: str = "") -> list[int]:
    """Insert one batch of new patients with their tumors, contacts and audit entries; returns patient ids."""
    return insert_batch(batch, actor, note=note, source_registry_id=source_registry_id)[0]


def insert_batch(batch: list[NewPatient], actor: Actor, *, note: str, source_registry_id: str = ""
                 ) -> tuple[list[int], list[list[int]]]:
    """:func:`insert_patients`, returning also each patient's tumor ids (in the order of its tumors)."""
    if not batch:
        return [], []
    conn = db.session.connection()
    ids = _insert_patient_rows(conn, batch, source_registry_id)
    fac = facility_ids()
    tumors, contacts = [], []
    for pid, p in zip(ids, batch, strict=True):
        statuses = p.tumor_statuses or ["incomplete"] * len(p.tumors)
        extensions = p.tumor_extensions or [None] * len(p.tumors)
        if p.tumor_site_recodes is None:
            tumors += [tumor_row(t, pid, fac, status, ext, item_source=p.item_source)
                       for t, status, ext in zip(p.tumors, statuses, extensions, strict=True)]
        else:
            tumors += [tumor_row(t, pid, fac, status, ext, site, p.item_source)
                       for t, status, ext, site in zip(p.tumors, statuses, extensions, p.tumor_site_recodes,
                                                       strict=True)]
        contacts.extend(contact_row(c, pid, actor) for c in p.contacts)
    tumor_ids = _tumor_ids(conn, tumors, ids, batch)
    insert_rows(conn, FollowUpContact.__table__, contacts)
    now = utcnow()
    insert_rows(conn, AuditEvent.__table__, [
        {"at": now, "user_id": actor.user_id, "username": actor.username, "action": "create",
         "entity": "patient", "entity_id": pid, "patient_id": pid, "changes": None, "note": note}
        for pid in ids
    ])
    return ids, tumor_ids


def _tumor_ids(conn, rows: list[dict], patient_ids: list[int], batch: list[NewPatient]) -> list[list[int]]:
    """Insert the tumor rows; their ids per patient (reserved on PostgreSQL, else read back in id order)."""
    reserved = _insert_with_reserved_ids(conn, Tumor.__table__, rows)
    if reserved is None:
        found = tumor_ids_by_patient(conn, patient_ids)
        return [found[pid] for pid in patient_ids]
    out, start = [], 0
    for p in batch:
        out.append(reserved[start:start + len(p.tumors)])
        start += len(p.tumors)
    return out


def load_patients(patients: Iterable[NewPatient], actor: Actor, *, note: str, batch_size: int = 1000,
                  progress=None) -> int:
    """Insert patients in batches (the caller commits); returns how many were inserted."""
    count, batch = 0, []
    for p in patients:
        batch.append(p)
        if len(batch) >= batch_size:
            count += len(insert_patients(batch, actor, note=note))
            if progress:
                progress(len(batch))
            batch = []
    count += len(insert_patients(batch, actor, note=note))
    if progress and batch:
        progress(len(batch))
    return count
