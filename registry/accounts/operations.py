"""Account operations: create users, authenticate with throttling. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from registry.abstracting.models import Facility
from registry.accounts.models import ROLES, LoginAttempt, User
from registry.accounts.passwords import check_policy, hash_password, verify_password
from registry.core import audit
from registry.core.base import utcnow
from registry.extensions import db


class AccountError(ValueError):
    pass


class Throttled(Exception):
    def __init__(self, minutes: int) -> None:
        super().__init__(f"Too many failed sign-ins. Try again in {minutes} minutes.")
        self.minutes = minutes


@dataclass(frozen=True)
class SignIn:
    username: str
    password: str
    address: str


def create_user(
    username: str, password: str, role: str, *, facilities: list[str] = (), full_name: str = "",
    actor: audit.Actor,
) -> User:
    username = username.strip()
    if not username:
        raise AccountError("a username is required")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if db.session.scalar(select(User).where(User.username == username)):
        raise AccountError(f"a user named {username!r} already exists")
    check_policy(password)
    found = list(db.session.scalars(select(Facility).where(Facility.code.in_(facilities)))) if facilities else []
    missing = set(facilities) - {f.code for f in found}
    if missing:
        raise AccountError(f"unknown facility code(s): {', '.join(sorted(missing))}")
    user = User(username=username, password_hash=hash_password(password), role=role, full_name=full_name)
    user.facilities = found
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "create", "user", user.id, changes={"role": [None, role]}, note=f"user {username}")
    return user


def _recent_failures(column, value: str) -> int:
    window = timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    stmt = select(func.count()).select_from(LoginAttempt).where(
        column == value, LoginAttempt.success.is_(False), LoginAttempt.at >= utcnow() - window
    )
    return db.session.scalar(stmt) or 0


def authenticate(attempt: SignIn) -> User | None:
    """The user for a correct username and password; None otherwise. Raises Throttled when locked out.

    Failures are counted per account name and per client address within a sliding window, so
    guessing is slowed whether it targets one account or many.
    """
    cfg = current_app.config
    if (
        _recent_failures(LoginAttempt.username, attempt.username) >= cfg["LOGIN_MAX_FAILURES"]
        or _recent_failures(LoginAttempt.address, attempt.address) >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    ):
        raise Throttled(cfg["LOGIN_FAILURE_WINDOW_MINUTES"])
    user = db.session.scalar(select(User).where(User.username == attempt.username))
    ok = bool(user and user.active and verify_password(user.password_hash, attempt.password))
    db.session.add(LoginAttempt(username=attempt.username[:80], address=attempt.address[:64], success=ok))
    if ok:
        user.last_login_at = utcnow()
        return user
    return None
