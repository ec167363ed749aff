"""A worker that starts (or restarts) under traffic serves its first requests correctly (issue #14, item 3).

* A real gunicorn, as scripts/start.sh runs it (gunicorn.conf.py: 2 workers x 4 threads), on a real socket and
  each test database (a SQLite file; PostgreSQL, where the saves of different tumors do not wait for one
  another's write lock and so reach the edits at the same moment): its workers are killed (SIGKILL, the master
  starts new ones) and 8 abstract-screen saves arrive at once; none may fail, and the saves after them neither.
* ``warm()`` builds everything the save path and the main pages load lazily: after it, requests in a fresh
  interpreter fill no empty per-process cache.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
FACILITY = "0000000001"
SAVES = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html)
    assert match, f"no field {name}"
    return match.group(1).replace("&#34;", '"').replace("&quot;", '"')


def _workers(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children}


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def gunicorn(app, make_facility, make_user, make_patient, browser_for, tmp_path):
    """gunicorn serving the test database: a registrar and SAVES patients with one tumor each."""
    make_facility(FACILITY)
    make_user("reg", "registrar")
    tumors = [make_patient(tumors=[{"reportingFacility": FACILITY, "dateOfDiagnosis": "20240105"}]).tumors[0].id
              for _ in range(SAVES)]
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "REGISTRY_DATABASE_URL": url,
           "REGISTRY_SECRET_KEY": "gunicorn-test-secret", "REGISTRY_SESSION_COOKIE_SECURE": "false"}
    log = (tmp_path / "gunicorn.log").open("w")
    master = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return browser_for(base).request("/login")[0] == 200
        except OSError:
            return False

    try:
        _wait(up, 120, "gunicorn to serve")
        yield master, base, tumors
    finally:
        master.send_signal(signal.SIGTERM)
        try:
            master.wait(60)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait(10)
        log.close()


def _sign_in(browser) -> None:
    _status, page = browser.request("/login")
    status, _ = browser.request("/login", {"csrf_token": hidden(page, "csrf_token"), "username": "reg",
                                           "password": PASSWORD})
    assert status == 302


def _opened(browser, tumor_id: int) -> dict[str, str]:
    status, page = browser.request(f"/abstracts/{tumor_id}")
    assert status == 200
    return {k: hidden(page, k) for k in ("csrf_token", "patient_version", "tumor_version", "baseline")}


def test_saves_right_after_the_workers_are_killed_all_succeed(gunicorn, browser_for):
    master, base, tumors = gunicorn
    browser = browser_for(base)
    _sign_in(browser)
    forms = {t: _opened(browser, t) for t in tumors}
    old = _workers(master.pid)
    assert len(old) == 2
    for pid in old:
        os.kill(pid, signal.SIGKILL)

    barrier = threading.Barrier(SAVES)
    statuses: dict[int, tuple[int, str]] = {}

    def save(tumor_id: int) -> None:
        barrier.wait()
        statuses[tumor_id] = browser.request(f"/abstracts/{tumor_id}", {
            **forms[tumor_id], "intent": "save", "primarySite": "C504", "histologicTypeIcdO3": "8500",
            "behaviorCodeIcdO3": "3"})

    threads = [threading.Thread(target=save, args=(t,)) for t in tumors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    new = _workers(master.pid)
    assert len(new) == 2 and not new & old  # the saves were served by the restarted workers
    assert {t: s for t, (s, _) in statuses.items()} == {t: 303 for t in tumors}, [
        page[:300] for s, page in statuses.values() if s != 303]

    # every later save works too, on whichever worker takes it
    for tumor_id in tumors:
        form = _opened(browser, tumor_id)
        status, _ = browser.request(f"/abstracts/{tumor_id}", {**form, "intent": "save", "laterality": "1"})
        assert status == 303


_NOTHING_LEFT_TO_LOAD = """
import functools, json, re, sys
from registry import create_app
from registry.core.warmup import warm

def cache_sizes():
    sizes = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("registry") or module is None:
            continue
        for attr, obj in list(vars(module).items()):
            if type(obj) is functools._lru_cache_wrapper and obj.__module__ == name:
                sizes[f"{name}.{attr}"] = obj.cache_info().currsize
    from registry.staging import engine
    sizes["registry.staging.engine._CACHE"] = len(engine._CACHE)
    return sizes

app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False,
                  "SESSION_COOKIE_SECURE": False})
warm(app)
before = cache_sizes()
client = app.test_client()
statuses = [client.post("/login", data={"username": "reg", "password": sys.argv[2]}).status_code]
tumor, patient = int(sys.argv[3]), int(sys.argv[4])
page = client.get(f"/abstracts/{tumor}").get_data(as_text=True)
form = {k: re.search(rf'name="{k}"[^>]*value="([^"]*)"', page).group(1).replace("&#34;", '"')
        for k in ("patient_version", "tumor_version")}
statuses.append(client.post(f"/abstracts/{tumor}", data={**form, "intent": "save", "primarySite": "C504",
                                                         "histologicTypeIcdO3": "8500"}).status_code)
for url in ("/", "/patients", f"/patients/{patient}", f"/tumors/{tumor}", "/queues", "/edits/", "/reports/",
            "/followup/", "/casefinding", "/abstracts/coding", "/abstracts/fields.json", "/multiple-primaries/",
            "/imports/", "/submissions/", "/patients/new", f"/abstracts/{tumor}"):
    statuses.append(client.get(url).status_code)
after = cache_sizes()
filled = sorted(k for k, n in after.items() if n and not before.get(k))
print(json.dumps({"statuses": statuses, "filled": filled}))
"""


def test_warm_leaves_nothing_for_the_first_requests_to_load(app, make_facility, make_user, make_patient):
    make_facility(FACILITY)
    make_user("reg", "admin")
    patient = make_patient(tumors=[{"reportingFacility": FACILITY, "primarySite": "C504",
                                    "dateOfDiagnosis": "20240105"}])
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _NOTHING_LEFT_TO_LOAD, url, PASSWORD, str(patient.tumors[0].id), str(patient.id)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["statuses"][:2] == [302, 303]
    assert all(s == 200 for s in result["statuses"][2:]), result["statuses"]
    assert result["filled"] == []
