"""Imports computing derived items and edits before the INSERT, in the main process or on a worker process."""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.abstracting.models import Patient, Tumor
from registry.core.audit import AuditEvent
from registry.edits.results import EditResult
from registry.edits.runs import store_edits_for_tumors
from registry.extensions import db
from registry.naaccr.exchange.compute import Settings
from registry.naaccr.exchange.importer import import_file
from registry.naaccr.exchange.models import ImportRun
from registry.naaccr.exchange.reading import ReaderFailed, RemoteFile, use_reader_process
from registry.naaccr.exchange.workers import BatchComputer, worker_count
from registry.naaccr.xml.userdict import load_user_dictionary
from registry.staging.wiring import derive_and_store

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "synthetic" / "naaccr-xml-sample-v250-abstract-1000.xml.gz"


def _stored() -> dict:
    """Per (patient key, tumor number): tumor items, derive audit changes, sorted edit results."""
    keys = dict(db.session.execute(select(Tumor.id, Patient.patientIdNumber).join(Patient)).all())
    tumors = {t.id: t for t in db.session.scalars(select(Tumor))}
    derives = {e.entity_id: e.changes for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "derive"))}
    results: dict[int, list] = {}
    for r in db.session.scalars(select(EditResult)):
        results.setdefault(r.tumor_id, []).append((r.edit_id, r.severity, tuple(r.items), r.message, r.edit_set))
    return {(keys[tid], t.tumorRecordNumber, t.sequenceNumberHospital): (t.items(), derives.get(tid),
                                                                          sorted(results.get(tid, [])))
            for tid, t in tumors.items()}


def _empty() -> None:
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


def test_a_worker_process_stores_what_the_main_process_stores(ctx, actor):
    in_process = import_file(SAMPLE, actor, workers=0)
    expected = _stored()
    _empty()
    on_worker = import_file(SAMPLE, actor, workers=1)
    assert (on_worker.status, on_worker.created, on_worker.tumors) == ("imported", in_process.created, 1000)
    assert _stored() == expected
    assert sum(1 for _items, changes, _r in expected.values() if changes) > 500  # derive audit entries written
    assert sum(len(r) for _items, _c, r in expected.values()) > 1000  # and failing edits


def test_items_computed_before_the_insert_match_those_derived_and_edited_from_the_database(ctx, actor):
    import_file(SAMPLE, actor, workers=1)
    before = _stored()
    tumor_ids = list(db.session.scalars(select(Tumor.id)))
    assert derive_and_store(tumor_ids, actor).changed == 0  # the stored derived items are the database's own
    store_edits_for_tumors(tumor_ids, "hospital")  # edits re-run on the records read back
    db.session.commit()
    assert _stored() == before


def _kill_child(name: str | None, killed: list[int]):
    """A progress callback that kills one child process: the one of this name, or any other than the reader."""

    def kill(position: int, total: int) -> None:
        for child in multiprocessing.active_children():
            if killed or not child.pid or (child.name == "naaccr-reader") != (name == "naaccr-reader"):
                continue
            os.kill(child.pid, signal.SIGKILL)
            killed.append(child.pid)

    return kill


def test_a_worker_killed_mid_import_fails_the_import_and_changes_nothing(ctx, actor):
    killed: list[int] = []
    with pytest.raises(BrokenProcessPool):
        import_file(SAMPLE, actor, workers=1, progress=_kill_child(None, killed))
    assert killed
    assert db.session.query(Patient).count() == 0 and db.session.query(EditResult).count() == 0
    assert db.session.scalars(select(ImportRun.status)).one() == "failed"


def test_a_reader_process_stores_what_reading_in_the_main_process_stores(ctx, actor, monkeypatch):
    monkeypatch.setenv("REGISTRY_IMPORT_READER", "0")
    in_process = import_file(SAMPLE, actor, workers=1)
    expected = _stored()
    _empty()
    monkeypatch.setenv("REGISTRY_IMPORT_READER", "1")
    started: list[str] = []
    separate = import_file(SAMPLE, actor, workers=1, progress=lambda position, total: started.extend(
        c.name for c in multiprocessing.active_children() if c.name == "naaccr-reader"))
    assert started  # the file was read on the reader process
    assert (separate.status, separate.created, separate.tumors) == ("imported", in_process.created, 1000)
    assert _stored() == expected


def test_a_refused_file_read_on_a_reader_process_reports_the_same_problems(ctx, actor, monkeypatch, tmp_path):
    bad = DATA / "xml-invalid" / "invalid_bad-tag-2.xml"
    monkeypatch.setenv("REGISTRY_IMPORT_READER", "0")
    here = import_file(bad, actor, workers=0)
    monkeypatch.setenv("REGISTRY_IMPORT_READER", "1")
    there = import_file(bad, actor, workers=0)
    assert here.status == there.status == "refused"
    assert [e.to_json() for e in there.errors] == [e.to_json() for e in here.errors] != []
    assert db.session.query(Patient).count() == 0


def test_a_reader_process_that_fails_fails_the_import(ctx, actor, monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_IMPORT_READER", "1")
    with pytest.raises(ReaderFailed, match="exit code -9"):
        import_file(SAMPLE, actor, workers=1, progress=_kill_child("naaccr-reader", killed := []))
    assert killed
    assert db.session.query(Patient).count() == 0 and db.session.query(EditResult).count() == 0
    assert db.session.scalars(select(ImportRun.status)).one() == "failed"
    with pytest.raises(FileNotFoundError):  # an error raised on the reader process is raised here
        RemoteFile(tmp_path / "missing.xml", [])


def test_an_error_on_the_worker_is_raised_in_the_main_process():
    with BatchComputer(Settings({}, True, "no-such-set"), workers=1) as computer:
        computer.submit("tag", [({"patientIdNumber": "1"}, [{"primarySite": "C504"}])])
        with pytest.raises(ValueError, match="unknown edit set"):
            computer.result()


def test_small_files_are_computed_in_the_main_process(monkeypatch):
    monkeypatch.delenv("REGISTRY_IMPORT_WORKERS", raising=False)
    assert worker_count(1_000_000, gzip=False) == 0
    assert worker_count(1_000_000, gzip=True) == 0
    assert worker_count(700_000_000, gzip=False) == 1
    monkeypatch.setenv("REGISTRY_IMPORT_WORKERS", "0")
    assert worker_count(700_000_000, gzip=False) == 0
    assert worker_count(10, gzip=False, requested=2) == 2


def test_large_files_are_read_on_a_reader_process_when_there_are_cores_to_spare(monkeypatch):
    monkeypatch.delenv("REGISTRY_IMPORT_READER", raising=False)
    assert use_reader_process(False) is False
    assert use_reader_process(True) is ((os.cpu_count() or 1) > 1)
    monkeypatch.setenv("REGISTRY_IMPORT_READER", "0")
    assert use_reader_process(True) is False
    monkeypatch.setenv("REGISTRY_IMPORT_READER", "1")
    assert use_reader_process(False) is True


def test_user_dictionaries_reach_the_reader_process(ctx, actor, monkeypatch, test_user_dictionaries):
    dictionaries = [load_user_dictionary(str(path)) for path in test_user_dictionaries]
    target = DATA / "xml-reader-cases" / "xml-reader-user-dict-mult-1.xml"
    monkeypatch.setenv("REGISTRY_IMPORT_READER", "1")
    assert import_file(target, actor, workers=0).status == "refused"  # without them, the items are unknown
    result = import_file(target, actor, workers=0, user_dictionaries=dictionaries)
    assert (result.status, result.errors) == ("imported", [])
    items = {k: v for p in db.session.scalars(select(Patient)) for k, v in p.items().items()}
    assert {"myVariable1", "myVariable2"} <= set(items)
