"""An import killed with SIGKILL: its reader and worker processes end with it, the database is as before, and
its run is marked failed the next time runs are looked at. A real import in a real subprocess."""

from __future__ import annotations

import gzip
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.abstracting.models import Patient, Tumor
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.naaccr.exchange.lifeline import proc_stat
from registry.naaccr.exchange.models import ImportRun
from registry.naaccr.exchange.runs import mark_stale_runs

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "synthetic" / "naaccr-xml-sample-v250-abstract-1000.xml.gz"
COPIES = 4  # 4,000 patients: an import of many seconds, so it is surely killed half-way
IMPORT = """
import sys
from registry import create_app
from registry.core.audit import Actor
from registry.naaccr.exchange.importer import import_file

url, path, mark = sys.argv[1:4]
app = create_app({"DATABASE_URL": url, "SECRET_KEY": "kill-test"})
with app.app_context():
    def progress(position, total):
        with open(mark, "a") as fh:
            fh.write(f"{position}\\n")
    import_file(path, Actor(None, "kill-test"), workers=1, progress=progress)
"""


@pytest.fixture(scope="module")
def large_file(tmp_path_factory) -> Path:
    """The 1,000-patient sample four times over, each copy with its own patient numbers."""
    text = gzip.decompress(SAMPLE.read_bytes()).decode()
    start = text.index("<Patient>")
    end = text.rindex("</NaaccrData>")
    body = text[start:end]
    copies = [re.sub(r'(naaccrId="patientIdNumber">)\d', rf"\g<1>{n}", body) for n in range(1, COPIES + 1)]
    path = tmp_path_factory.mktemp("kill") / "large.xml"
    path.write_text(text[:start] + "".join(copies) + text[end:])
    return path


def _children() -> dict[int, set[int]]:
    """Parent pid -> child pids, for every process on the machine."""
    tree: dict[int, set[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = proc_stat(int(entry))
            if fields:
                tree.setdefault(int(fields[1]), set()).add(int(entry))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def _running(pid: int) -> bool:
    fields = proc_stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def _state() -> tuple[int, int, int]:
    return (db.session.query(Patient).count(), db.session.query(Tumor).count(), db.session.query(AuditEvent).count())


def test_a_killed_import_takes_its_processes_with_it_and_changes_nothing(app, ctx, client, make_user, login,
                                                                        large_file, tmp_path):
    before = _state()
    mark = tmp_path / "progress"
    env = {**os.environ, "REGISTRY_IMPORT_READER": "1"}
    importer = subprocess.Popen([sys.executable, "-c", IMPORT, app.config["SQLALCHEMY_DATABASE_URI"],
                                 str(large_file), str(mark)], env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        children: set[int] = set()
        while time.monotonic() < deadline:  # until patients have been written and the helpers all run
            assert importer.poll() is None, importer.stderr.read().decode()[-2000:]
            children = _descendants(importer.pid)
            if mark.exists() and len(mark.read_text().split()) >= 2 and len(children) >= 3:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the import did not get going")
        running = db.session.scalars(select(ImportRun)).one()
        assert (running.status, running.pid) == ("running", importer.pid)
        importer.send_signal(signal.SIGKILL)
        importer.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_running(pid) for pid in children):
            time.sleep(0.1)
        assert not [pid for pid in children if _running(pid)], "processes of the import outlived it"
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()
        importer.stderr.close()
    db.session.expire_all()
    assert _state() == before
    make_user("reg", "registrar")
    login("reg")
    assert "large.xml" in client.get("/imports/").data.decode()  # listing the runs marks the dead one
    db.session.expire_all()
    run = db.session.get(ImportRun, running.id)
    assert run.status == "failed" and "ended before it finished" in run.message
    assert mark_stale_runs() == 0
