"""Sign-in throttling over a real socket, from real client addresses on the loopback network (issue #14, items 8
and 9): parallel guesses never get more password checks than the limit, and an attacker at another address
cannot lock the real user out."""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registry.accounts.models import LoginAttempt, LoginThrottle
from registry.extensions import db

PASSWORD = "correct horse battery"
HOST = "localhost.test"


def sign_in(base: str, username: str, password: str, source: str = "127.0.0.1") -> int:
    """POST the sign-in form from a client socket bound to ``source`` (any 127.x address is this machine)."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120, source_address=(source, 0))
    try:
        body = urllib.parse.urlencode({"username": username, "password": password})
        conn.request("POST", "/login", body, {"Host": HOST, "Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _let_time_pass(key: str, delta: timedelta) -> None:
    """Move a counter's clock back, as if ``delta`` had passed (instead of sleeping through it)."""
    row = db.session.get(LoginThrottle, key)
    db.session.refresh(row)
    row.window_start -= delta
    row.blocked_until = row.blocked_until - delta if row.blocked_until else None
    db.session.commit()


def _checked(username: str) -> int:
    """Password checks made: every checked guess leaves a login_attempt row."""
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.username == username))


@pytest.fixture
def limits(app):
    """Set throttle settings for one test."""
    saved = dict(app.config)

    def set_(**values):
        app.config.update(values)

    yield set_
    for key in list(app.config):
        if key.startswith("LOGIN_"):
            app.config[key] = saved[key]


def test_forty_parallel_wrong_passwords_get_five_checks(live_server, make_user):
    make_user("bob", "registrar")
    barrier = threading.Barrier(40)
    statuses: list[int] = []

    def guess(n: int) -> None:
        barrier.wait()
        statuses.append(sign_in(live_server, "bob", f"wrong guess {n}"))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert sorted(statuses) == [401] * 5 + [429] * 35
    assert _checked("bob") == 5
    assert sign_in(live_server, "bob", PASSWORD) == 429  # the limit holds for the right password too


def test_an_attacker_elsewhere_cannot_lock_the_user_out(live_server, make_user):
    make_user("admin1", "admin")
    for n in range(5):
        assert sign_in(live_server, "admin1", f"guess {n}", source="127.0.0.66") == 401
    assert sign_in(live_server, "admin1", "guess 6", source="127.0.0.66") == 429
    assert sign_in(live_server, "admin1", PASSWORD, source="127.0.0.66") == 429
    assert sign_in(live_server, "admin1", PASSWORD, source="127.0.0.5") == 302  # the real user, at their desk
    assert _checked("admin1") == 6
    _let_time_pass("pair:admin1|127.0.0.66", timedelta(minutes=15))  # the window ends: guesses may go on
    assert sign_in(live_server, "admin1", "guess 7", source="127.0.0.66") == 401


def test_guesses_from_many_addresses_slow_down_but_do_not_lock(live_server, make_user, limits):
    make_user("carol", "registrar")
    limits(LOGIN_ACCOUNT_BACKOFF_AFTER=4, LOGIN_ACCOUNT_BACKOFF_SECONDS=30)
    for n in range(4):  # two guesses each from two addresses: under every per-address limit
        assert sign_in(live_server, "carol", f"guess {n}", source=f"127.0.1.{n // 2 + 1}") == 401
    assert sign_in(live_server, "carol", "guess 5", source="127.0.1.3") == 401  # past the threshold: it waits ...
    assert sign_in(live_server, "carol", "guess 6", source="127.0.1.4") == 429  # ... before the next guess
    assert sign_in(live_server, "carol", PASSWORD, source="127.0.1.9") == 429  # (the real user too, briefly)
    _let_time_pass("account:carol", timedelta(seconds=31))  # the 30 s backoff passes
    assert sign_in(live_server, "carol", PASSWORD, source="127.0.1.9") == 302
    assert _checked("carol") == 6


def test_a_right_password_gives_the_slots_back(live_server, make_user):
    make_user("dan", "registrar")
    for _round in range(3):
        for n in range(4):
            assert sign_in(live_server, "dan", f"typo {n}") == 401
        assert sign_in(live_server, "dan", PASSWORD) == 302
