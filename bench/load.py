"""Load test: N signed-in users with mixed traffic against gunicorn + PostgreSQL, workers SIGKILLed mid-run.

Target (issue #14): 30 users, 0 errors (also across worker restarts), p95 <= 500 ms, gunicorn memory flat.

What it does, all on this machine (traffic goes to 127.0.0.1 only, and stops by itself):
1. creates a fresh PostgreSQL database, fills it with ``registry db upgrade`` and ``registry demo --patients N``
   (a demo registry: patients, tumors, populations, edit results), runs ANALYZE, and creates one registrar
   account per simulated user (dropped at the end with the database);
2. starts gunicorn as production does (``scripts/start.sh``): with the project's ``gunicorn.conf.py`` when there is
   one, otherwise with start.sh's flags (2 workers x 4 threads, gthread, timeout 120, ``registry:create_app()``);
   ``--preload`` adds gunicorn's ``--preload`` (gunicorn.conf.py preloads already: it matters only without it);
3. runs the users, each a thread with its own keep-alive connection and session cookie (signed in through the
   real login form with its CSRF token), for ``--duration`` seconds or ``--max-requests`` requests in all.
   Each user waits a random think time (``--think``, uniform) between requests and picks one of: patient search
   by last name, open an abstract screen, open-and-save an abstract (a partial post changing the remarks, to the
   user's own tumors so users never conflict), the work queues, the follow-up due list, a report page (every
   report in turn), the dashboard;
4. SIGKILLs every gunicorn worker ``--kills`` times, evenly spread over the run (the master starts new ones);
5. samples the memory of the master and workers every 2 s (PSS: resident pages, shared ones divided among the
   processes sharing them, so the figures add up; with ``--preload`` the workers share the master's tables).

It prints per-endpoint p50/p95/p99 (client-side time from sending the request to the last byte), the error
count, and the memory samples. Counted as an error: a status other than 2xx/3xx, or a connection error.
A request that was in flight at the instant of a SIGKILL, or sent on a keep-alive connection that the killed
worker held (opened before the kill), loses its worker and cannot be answered by any server; such requests are
listed apart ("cut by SIGKILL") and not counted as errors; every other connection error is.
An idle keep-alive connection is replaced after 1 s, before gunicorn's 2 s keep-alive closes it, and a GET whose
reused connection was closed unanswered all the same is sent once more on a new one, as browsers do (counted and
listed apart). The load generator is stdlib ``http.client`` with threads,
kept light because it shares the 2 cores with the server.

Run: python bench/load.py [--users 30] [--duration 180] [--patients 5000] [--kills 2] [--think 0.5 2.5]
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _db import fresh_database, machine

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PASSWORD = "quiet walrus lantern orbit 42"  # meets the zxcvbn score-4 password policy
OK_STATUS = range(200, 400)
REPORTS = ("incidence", "trends", "age", "stage", "casemix", "survival", "quality")
# (action, weight): what a registrar does most is search, open and work abstracts; lists and reports less often.
MIX = (("search", 25), ("screen", 20), ("save", 8), ("queues", 12), ("followup", 10), ("reports", 15),
       ("dashboard", 10))
KEEPALIVE_REUSE_S = 1.0  # gunicorn closes an idle keep-alive connection after 2 s
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="(patient_version|tumor_version|baseline)" value="([^"]*)"')


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    finished: list[tuple[float, float]] = field(default_factory=list)  # (end time, seconds) of every request
    errors: list[tuple[float, str, str]] = field(default_factory=list)
    cut: list[tuple[float, str, str]] = field(default_factory=list)
    retried: list[tuple[float, str, str]] = field(default_factory=list)
    kills: list[float] = field(default_factory=list)
    in_flight: dict[int, tuple[float, str]] = field(default_factory=dict)
    cut_ids: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0


class User:
    """One signed-in user: a keep-alive connection, the session cookie, a random stream of actions."""

    def __init__(self, port: int, username: str, tumors: list[int], names: list[str], seed: int,
                 results: Results) -> None:
        self.port, self.username, self.tumors, self.names = port, username, tumors, names
        self.rng, self.results = random.Random(seed), results
        self.conn: HTTPConnection | None = None
        self.opened = 0.0  # when the current connection was opened
        self.last_used = 0.0
        self.cookies: dict[str, str] = {}
        self.report_index = seed % len(REPORTS)

    def _connection(self) -> HTTPConnection:
        stale = self.conn is not None and (time.monotonic() - self.last_used > KEEPALIVE_REUSE_S
                                           or select.select([self.conn.sock], [], [], 0)[0])
        if stale or (self.conn is not None and self.conn.sock is None):
            self.conn.close()
            self.conn = None
        if self.conn is None:
            self.conn = HTTPConnection(HOST, self.port, timeout=150)
            self.conn.connect()
            self.opened = time.monotonic()
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.conn

    def request(self, label: str, method: str, path: str, form: dict[str, str] | None = None,
                record: bool = True) -> tuple[int, str]:
        """Send one request; returns (status, body text), or (0, "") after a connection error.

        As a browser (and urllib3) does, a GET whose reused keep-alive connection turns out closed before any
        answer is sent once more on a new connection (counted in ``retried``), unless its worker was killed.
        """
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        key = id(threading.current_thread())
        res = self.results
        started = time.monotonic()
        with res.lock:
            res.in_flight[key] = (started, label)
            res.count += 1
        for attempt in (1, 2):
            reused = self.conn is not None
            try:
                conn = self._connection()
                reused = reused and conn is self.conn and self.opened < started
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                status = response.status
                break
            except (OSError, HTTPException) as exc:
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                with res.lock:
                    # its worker was killed: in flight at the kill, or sent on a connection that worker held
                    cut = key in res.cut_ids or any(self.opened < k for k in res.kills[-1:])
                    if not cut and attempt == 1 and reused and method == "GET":
                        res.retried.append((time.monotonic(), label, f"{type(exc).__name__}: {exc}"))
                        continue
                    res.in_flight.pop(key, None)
                    res.cut_ids.discard(key)
                    (res.cut if cut else res.errors).append((time.monotonic(), label,
                                                             f"{type(exc).__name__}: {exc}"))
                return 0, ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        elapsed = time.monotonic() - started
        self.last_used = time.monotonic()
        with res.lock:
            res.in_flight.pop(key, None)
            res.cut_ids.discard(key)
            if record:
                res.times[label].append(elapsed)
                res.finished.append((self.last_used, elapsed))
            if status not in OK_STATUS:
                res.errors.append((time.monotonic(), label, f"HTTP {status} {method} {path} {_error_text(text)}"))
        return status, text

    def sign_in(self) -> bool:
        status, page = self.request("login", "GET", "/login", record=False)
        token = TOKEN.search(page)
        if status != 200 or not token:
            return False
        status, _ = self.request("login", "POST", "/login", {"csrf_token": html.unescape(token.group(1)),
                                                            "username": self.username, "password": PASSWORD})
        return status in (302, 303)

    def act(self) -> None:
        action = self.rng.choices([a for a, _ in MIX], weights=[w for _, w in MIX])[0]
        if action == "search":
            name = urllib.parse.quote(self.rng.choice(self.names))
            self.request("patient search", "GET", f"/patients?name={name}")
        elif action == "screen":
            self.request("abstract screen", "GET", f"/abstracts/{self.rng.choice(self.tumors)}")
        elif action == "save":
            self._save()
        elif action == "queues":
            queue = self.rng.choice(("incomplete", "edits", "review"))
            self.request("work queues", "GET", f"/queues?queue={queue}")
        elif action == "followup":
            self.request("follow-up due list", "GET", "/followup/")
        elif action == "reports":
            name = REPORTS[self.report_index % len(REPORTS)]
            self.report_index += 1
            self.request(f"report {name}", "GET", f"/reports/{name}")
        else:
            self.request("dashboard", "GET", "/")

    def _save(self) -> None:
        tumor = self.rng.choice(self.tumors)
        status, page = self.request("abstract screen", "GET", f"/abstracts/{tumor}")
        token, hidden = TOKEN.search(page), dict(HIDDEN.findall(page))
        if status != 200 or not token or len(hidden) < 3:
            return
        form = {k: html.unescape(v) for k, v in hidden.items()}
        form.update(csrf_token=html.unescape(token.group(1)), intent="save",
                    textRemarks=f"load test note {self.rng.randrange(10**6)}")
        self.request("abstract save", "POST", f"/abstracts/{tumor}", form)

    def run(self, stop_at: float, max_requests: int, think: tuple[float, float]) -> None:
        time.sleep(self.rng.uniform(0, think[1]))  # users arrive spread over one think time
        while time.monotonic() < stop_at and self.results.count < max_requests:
            self.act()
            time.sleep(self.rng.uniform(*think))
        if self.conn is not None:
            self.conn.close()


def _error_text(text: str) -> str:
    found = re.search(r"<p[^>]*>([^<]{0,200})", text)
    return found.group(1).strip() if found else text[:120].replace("\n", " ")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _rss_mb(pid: int) -> float:
    """Proportional set size (PSS) in MB: resident memory, pages shared with other processes divided among them,
    so the master's and workers' figures add up to what the server really holds."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _run_cli(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "registry"), *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def _prepare(url: str, env: dict[str, str], patients: int, users: int) -> tuple[list[str], list[list[int]], list[str]]:
    """Fill the database; returns the usernames, each user's own tumors and last names to search for."""
    started = time.perf_counter()
    _run_cli(env, "db", "upgrade")
    _run_cli(env, "demo", "--patients", str(patients), "--seed", "1")
    from registry import create_app
    from registry.abstracting.models import Patient, Tumor
    from registry.accounts.operations import create_user
    from registry.core.audit import Actor
    from registry.extensions import db

    app = create_app({"DATABASE_URL": url})
    with app.app_context():
        usernames = [f"load{i:02d}" for i in range(users)]
        for username in usernames:
            create_user(username, PASSWORD, "registrar", actor=Actor(None, "bench"))
        db.session.commit()
        tumor_ids = list(db.session.scalars(db.select(Tumor.id).order_by(Tumor.id)))
        names = sorted(set(db.session.scalars(db.select(Patient.nameLast).where(Patient.nameLast.is_not(None)))))
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
        db.engine.dispose()
    rng = random.Random(7)
    owned = [tumor_ids[i::users] for i in range(users)]
    print(f"  database: {patients:,} patients, {len(tumor_ids):,} tumors, {users} users, "
          f"ready in {time.perf_counter() - started:.0f} s")
    return usernames, owned, rng.sample(names, min(300, len(names)))


def _wait_ready(port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/login")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer in time")


def _killer(master: int, at: list[float], results: Results, stop: threading.Event) -> None:
    for moment in at:
        if stop.wait(max(0.0, moment - time.monotonic())):
            return
        workers = _children(master)
        with results.lock:
            results.cut_ids.update(results.in_flight)  # whatever is in flight now loses its worker
            results.kills.append(time.monotonic())
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        print(f"  [{time.strftime('%H:%M:%S')}] SIGKILL workers {workers}", flush=True)


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _sampler(master: int, samples: list, cpu: dict[int, float], stop: threading.Event, start: float) -> None:
    while not stop.wait(2.0):
        workers = _children(master)
        samples.append((time.monotonic() - start, _rss_mb(master), {pid: _rss_mb(pid) for pid in workers}))
        for pid in workers:  # the last reading of each worker is its CPU (a killed worker's last 2 s are lost)
            cpu[pid] = max(cpu.get(pid, 0.0), _cpu_s(pid))


def _pct(ms: list[float], q: float) -> float:
    return ms[min(len(ms) - 1, round(q * (len(ms) - 1)))]


def _report(results: Results, samples: list, cpu: dict[int, float], start: float, duration: float) -> None:
    print("\nendpoint                     n      p50 ms   p95 ms   p99 ms   max ms")
    everything = []
    for label in sorted(results.times):
        ms = sorted(t * 1000 for t in results.times[label])
        everything += ms
        print(f"{label:<24} {len(ms):>6} {_pct(ms, .5):>9.0f} {_pct(ms, .95):>8.0f} {_pct(ms, .99):>8.0f} "
              f"{ms[-1]:>8.0f}")
    everything.sort()
    print(f"{'ALL':<24} {len(everything):>6} {_pct(everything, .5):>9.0f} {_pct(everything, .95):>8.0f} "
          f"{_pct(everything, .99):>8.0f} {everything[-1]:>8.0f}")
    print(f"throughput: {len(everything) / duration:.1f} requests/s over {duration:.0f} s; gunicorn workers used "
          f"{sum(cpu.values()):.0f} CPU s ({1000 * sum(cpu.values()) / max(len(everything), 1):.0f} ms per request)")
    print("timeline (requests ending in each 15 s): n, p50, p95 ms")
    windows: dict[int, list[float]] = defaultdict(list)
    for end, seconds in results.finished:
        windows[int((end - start) // 15)].append(seconds * 1000)
    for w in sorted(windows):
        ms = sorted(windows[w])
        print(f"  {15 * w:>4}-{15 * w + 15:<4} s {len(ms):>5} {_pct(ms, .5):>7.0f} {_pct(ms, .95):>7.0f}")
    kills = ", ".join(f"{k - start:.0f} s" for k in results.kills)
    print(f"\nworker SIGKILLs at: {kills or 'none'}; requests cut by SIGKILL (in flight at the kill): "
          f"{len(results.cut)}")
    for moment, label, text in results.cut:
        print(f"  {moment - start:6.1f} s  {label}: {text}")
    print(f"GETs sent again after their reused keep-alive connection closed unanswered: {len(results.retried)}")
    for moment, label, text in results.retried[:5]:
        print(f"  {moment - start:6.1f} s  {label}: {text}")
    print(f"errors: {len(results.errors)}")
    kinds: dict[str, int] = defaultdict(int)
    for _, label, text in results.errors:
        kinds[f"{label}: {re.sub(r'/[0-9]+', '/<id>', text)[:150]}"] += 1
    for text, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {n:>4} x {text}")
    for moment, label, _ in results.errors[:10]:
        print(f"  first errors at {moment - start:6.1f} s ({label})")
    print("\nmemory (PSS MB): time, master, workers (pid: MB)")
    step = max(1, len(samples) // 20)
    for t, master_mb, workers in samples[::step] + ([samples[-1]] if samples else []):
        listed = "  ".join(f"{pid}: {mb:.0f}" for pid, mb in sorted(workers.items()))
        print(f"  {t:6.0f} s  master {master_mb:.0f}  {listed}  total {master_mb + sum(workers.values()):.0f}")
    lives: dict[int, list[float]] = defaultdict(list)
    for _, _, workers in samples:
        for pid, mb in workers.items():
            if mb:
                lives[pid].append(mb)
    print("per worker life (first sample after 20 s of it, last, peak):")
    for pid, series in lives.items():
        settled = series[10:] or series
        print(f"  worker {pid}: {len(series) * 2} s, {settled[0]:.0f} -> {settled[-1]:.0f} MB (peak {max(series):.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--duration", type=float, default=180, help="seconds of traffic")
    parser.add_argument("--patients", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=2, help="times every worker is SIGKILLed during the run")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 2.5), metavar=("MIN", "MAX"))
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--preload", action="store_true", help="gunicorn --preload (app loaded before the fork)")
    args = parser.parse_args()
    port = args.port or _free_port()
    print(f"load test: {args.users} users, {args.duration:.0f} s, think {args.think[0]}-{args.think[1]} s, "
          f"{args.kills} worker kills; gunicorn {' '.join(_server_args(args.preload))}; {machine()}; "
          f"{os.getloadavg()[0]:.2f} load before setup")
    with fresh_database("postgresql") as url, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "REGISTRY_DATABASE_URL": url, "REGISTRY_SECRET_KEY": os.urandom(24).hex()}
        usernames, owned, names = _prepare(url, env, args.patients, args.users)
        log = open(Path(tmp) / "gunicorn.log", "w")  # noqa: SIM115 - closed after the server stops
        server = subprocess.Popen([str(BIN / "gunicorn"), *_server_args(args.preload), "--bind", f"{HOST}:{port}"],
                                  cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            _wait_ready(port)
            results = Results()
            users = [User(port, name, owned[i], names, i, results) for i, name in enumerate(usernames)]
            signed = sum(u.sign_in() for u in users)
            print(f"  {signed}/{len(users)} users signed in; load {os.getloadavg()[0]:.2f}; traffic starts "
                  f"{time.strftime('%H:%M:%S')}", flush=True)
            start = time.monotonic()
            stop_at = start + args.duration
            stop, samples, cpu = threading.Event(), [], {}
            at = [start + args.duration * (k + 1) / (args.kills + 1) for k in range(args.kills)]
            helpers = [threading.Thread(target=_killer, args=(server.pid, at, results, stop), daemon=True),
                       threading.Thread(target=_sampler, args=(server.pid, samples, cpu, stop, start), daemon=True)]
            threads = [threading.Thread(target=u.run, args=(stop_at, args.max_requests, tuple(args.think)))
                       for u in users]
            for t in (*helpers, *threads):
                t.start()
            for t in threads:
                t.join()
            stop.set()
            duration = time.monotonic() - start
            print(f"  traffic ended {time.strftime('%H:%M:%S')}; load average {os.getloadavg()}")
            _report(results, samples, cpu, start, duration)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
            lines = (Path(tmp) / "gunicorn.log").read_text(errors="replace").splitlines()
            tracebacks = [i for i, line in enumerate(lines) if line.startswith("Traceback")]
            print(f"\ngunicorn log: {len(lines)} lines, {len(tracebacks)} tracebacks")
            for i in tracebacks[:3]:
                end = next((j for j in range(i + 1, len(lines)) if not lines[j].startswith((" ", "Traceback"))), i)
                print("  " + "\n  ".join(lines[max(0, end - 3):end + 1]))


def _server_args(preload: bool) -> list[str]:
    """gunicorn's options as scripts/start.sh gives them: its config file, or the flags it used before one."""
    config = ROOT / "gunicorn.conf.py"
    args = ["--config", str(config)] if config.exists() else [
        "--workers", "2", "--threads", "4", "--timeout", "120", "registry:create_app()"]
    return ["--preload", *args] if preload else args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    main()
