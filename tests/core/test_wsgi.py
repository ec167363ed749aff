"""The web server entry point: gunicorn --preload of registry.wsgi (as scripts/start.sh runs it), reference
tables loaded before the fork, workers replaced after a SIGKILL; one BLAS thread per process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_create_app_limits_blas_to_one_thread(ctx) -> None:
    from threadpoolctl import threadpool_info

    blas = [info for info in threadpool_info() if info["user_api"] == "blas"]
    assert blas and all(info["num_threads"] == 1 for info in blas)


def test_reference_tables_are_loaded_before_the_first_request() -> None:
    from registry.abstracting.fields import field_specs
    from registry.edits.engine import _catalogue
    from registry.naaccr.lookups import _all
    from registry.staging.engine import _CACHE, available_algorithms
    from registry.wsgi import load_reference_tables

    load_reference_tables()
    assert _catalogue.cache_info().currsize == 1 and _all.cache_info().currsize == 1
    assert field_specs.cache_info().currsize == 1 and set(available_algorithms()) <= set(_CACHE)
    assert "scipy.stats" in sys.modules


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float = 60) -> int:
    """Status of GET path, retrying while the server is not listening yet (bounded by ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            return status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _workers(master: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to find gunicorn's workers")
def test_preloaded_server_serves_again_after_its_workers_are_killed(tmp_path) -> None:
    env = {**os.environ, "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'registry.db'}",
           "REGISTRY_SECRET_KEY": "test-secret", "PYTHONPATH": str(ROOT)}
    subprocess.run([str(BIN / "registry"), "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    start = (ROOT / "scripts" / "start.sh").read_text()
    assert "--preload" in start and "registry.wsgi:create_web_app()" in start  # the test runs what start.sh runs
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--preload", "--workers", "2", "--threads", "4", "--timeout", "120",
             "--bind", f"127.0.0.1:{port}", "registry.wsgi:create_web_app()"],
            env=env, cwd=ROOT, stdout=out, stderr=out)
    try:
        assert _get(port, "/login", timeout=120) == 200
        before = _workers(server.pid)
        assert len(before) == 2
        for pid in before:
            os.kill(pid, signal.SIGKILL)
        statuses = [_get(port, "/login") for _ in range(6)]
        assert statuses == [200] * 6
        deadline = time.monotonic() + 60  # the master reaps the killed workers (zombies until then) and forks two
        while (after := _workers(server.pid)) and (len(after) != 2 or set(after) & set(before)):
            assert time.monotonic() < deadline, after
            time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    assert "Traceback" not in log.read_text()


def test_web_app_compiles_every_page_template(tmp_path, monkeypatch) -> None:
    from registry.wsgi import create_web_app

    monkeypatch.setenv("REGISTRY_DATABASE_URL", f"sqlite:///{tmp_path / 'registry.db'}")
    monkeypatch.setenv("REGISTRY_SECRET_KEY", "test-secret")
    app = create_web_app()
    pages = app.jinja_env.list_templates(extensions=["html"])
    assert pages and {name for _, name in app.jinja_env.cache} >= set(pages)
