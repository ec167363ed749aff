"""Sign-in throttling: every guess takes a slot from database counters *before* its password is checked.

Three counters per guess (rows of ``login_throttle``), each over a sliding-reset window
(``LOGIN_FAILURE_WINDOW_MINUTES``, 15):

* ``pair:<account>|<address>``: ``LOGIN_MAX_FAILURES`` (5) guesses at one account from one address, then that
  address is refused for that account until the window ends. An attacker elsewhere cannot use it to lock the
  real user out: their own address has its own counter.
* ``address:<address>``: ``LOGIN_MAX_FAILURES_PER_ADDRESS`` (20) guesses from one address over all accounts
  (password spraying from one place).
* ``account:<account>``: no hard lockout, a backoff: after ``LOGIN_ACCOUNT_BACKOFF_AFTER`` (10) guesses in the
  window, from anywhere, each further guess must wait ``LOGIN_ACCOUNT_BACKOFF_SECONDS`` x 2^k seconds after the
  previous one (k = guesses past the threshold), at most ``LOGIN_ACCOUNT_MAX_DELAY_SECONDS`` (60). That caps a
  distributed attack on one account at about one guess a minute, while the real user waits seconds, not 15
  minutes.

A successful sign-in gives its slots back: the pair and account counters restart, the address counter drops one.

Atomicity: each counter row changes only by compare-and-set (``UPDATE ... WHERE key = ? AND version = ?``) in a
transaction of its own, committed before the password is checked; a guess whose update lost the race reads the
row again and retries. The same statements serialize correctly on SQLite (one writer at a time) and PostgreSQL
(row locks; under READ COMMITTED the WHERE is re-checked against the committed row), so parallel guesses can
never take more slots than the limits give.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from registry.accounts.models import LoginThrottle
from registry.core.base import utcnow
from registry.extensions import db

_TABLE = LoginThrottle.__table__
_RETRIES = 200


class Throttled(Exception):
    def __init__(self, seconds: float) -> None:
        self.seconds = max(1, int(seconds + 0.999))
        wait = f"{self.seconds} seconds" if self.seconds < 120 else f"{(self.seconds + 59) // 60} minutes"
        super().__init__(f"Too many failed sign-ins. Try again in {wait}.")


@dataclass(frozen=True)
class _Rule:
    limit: int | None = None  # hard cap on guesses per window
    backoff_after: int | None = None  # guesses per window before each further one has to wait


@dataclass(frozen=True)
class Slot:
    """The counters a guess took; hand back to :func:`succeeded` when the password was right."""

    pair: str
    address: str
    account: str


def _keys(username: str, address: str) -> Slot:
    account, where = username.lower()[:80], address[:64]
    return Slot(f"pair:{account}|{where}", f"address:{where}", f"account:{account}")


def _rules() -> dict[str, _Rule]:
    cfg = current_app.config
    return {"pair": _Rule(limit=cfg["LOGIN_MAX_FAILURES"]),
            "address": _Rule(limit=cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
            "account": _Rule(backoff_after=cfg["LOGIN_ACCOUNT_BACKOFF_AFTER"])}


def _delay(past_threshold: int) -> timedelta:
    cfg = current_app.config
    seconds = cfg["LOGIN_ACCOUNT_BACKOFF_SECONDS"] * 2 ** min(past_threshold - 1, 30)
    return timedelta(seconds=min(seconds, cfg["LOGIN_ACCOUNT_MAX_DELAY_SECONDS"]))


class _Lost(Exception):
    """Another guess changed a counter between our read and our write."""


def _insert_missing(conn, key: str, now: datetime) -> None:
    """The counter row, unless another guess made it first (INSERT ... ON CONFLICT DO NOTHING, both backends)."""
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[conn.dialect.name]
    conn.execute(dialect.insert(_TABLE).values(key=key, failures=0, window_start=now, version=0)
                 .on_conflict_do_nothing(index_elements=["key"]))


def _take(conn, key: str, rule: _Rule, now: datetime, window: timedelta) -> None:
    row = conn.execute(select(_TABLE).where(_TABLE.c.key == key)).mappings().first()
    if row is None:
        _insert_missing(conn, key, now)
        row = conn.execute(select(_TABLE).where(_TABLE.c.key == key)).mappings().first()
    failures, start, blocked = row["failures"], row["window_start"], row["blocked_until"]
    if start + window <= now:
        failures, start, blocked = 0, now, None
    if blocked is not None and blocked > now:
        raise Throttled((blocked - now).total_seconds())
    if rule.limit is not None and failures >= rule.limit:
        raise Throttled((start + window - now).total_seconds())
    failures += 1
    if rule.backoff_after is not None and failures > rule.backoff_after:
        blocked = now + _delay(failures - rule.backoff_after)
    done = conn.execute(update(_TABLE).where(_TABLE.c.key == key, _TABLE.c.version == row["version"])
                        .values(failures=failures, window_start=start, blocked_until=blocked,
                                version=row["version"] + 1))
    if done.rowcount != 1:
        raise _Lost


def take_slot(username: str, address: str) -> Slot:
    """Count one guess against the pair, address and account counters, or raise :class:`Throttled` (and count
    nothing) when one of them is full. Committed at once, in its own transaction."""
    slot = _keys(username, address)
    rules = _rules()
    window = timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    keys = sorted([(slot.pair, rules["pair"]), (slot.address, rules["address"]), (slot.account, rules["account"])])
    for attempt in range(_RETRIES):
        now = utcnow()
        try:
            with db.engine.begin() as conn:
                for key, rule in keys:  # one order for every guess: no deadlock between two of them
                    _take(conn, key, rule, now, window)
            return slot
        except (_Lost, OperationalError):  # lost a compare-and-set or waited too long for SQLite's lock
            time.sleep(random.uniform(0, 0.002 * (attempt + 1)))
    raise Throttled(1)  # the counters are too busy to tell: refuse rather than check the password uncounted


def succeeded(slot: Slot) -> None:
    """Give a right password's slots back: the pair and account counters restart, the address one drops by one."""
    with db.engine.begin() as conn:
        conn.execute(update(_TABLE).where(_TABLE.c.key.in_([slot.pair, slot.account]))
                     .values(failures=0, blocked_until=None, version=_TABLE.c.version + 1))
        conn.execute(update(_TABLE).where(_TABLE.c.key == slot.address)
                     .values(failures=case((_TABLE.c.failures > 0, _TABLE.c.failures - 1), else_=0),
                             version=_TABLE.c.version + 1))
