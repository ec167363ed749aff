"""Account operations: create users, authenticate with throttling, change or reset passwords, disable and
enable accounts. Callers commit (the throttle counters excepted: see registry/accounts/throttle.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from registry.abstracting.models import Facility
from registry.accounts import throttle
from registry.accounts.models import ROLES, LoginAttempt, User
from registry.accounts.passwords import PasswordPolicyError, check_policy, hash_password, verify_password
from registry.accounts.sessions import revoke_all
from registry.accounts.throttle import Throttled
from registry.core import audit
from registry.core.base import utcnow
from registry.extensions import db

__all__ = ["AccountError", "SignIn", "Throttled", "authenticate", "change_password", "create_user", "get_user",
           "reset_password", "set_active"]


class AccountError(ValueError):
    pass


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
    check_policy(password, username=username, full_name=full_name)
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


def authenticate(attempt: SignIn) -> User | None:
    """The user for a correct username and password; None otherwise. Raises Throttled, checking nothing, when
    the guess is over a limit (registry/accounts/throttle.py: per account and address, per address, and a
    backoff per account)."""
    slot = throttle.take_slot(attempt.username, attempt.address)
    user = db.session.scalar(select(User).where(User.username == attempt.username))
    ok = bool(user and user.active and verify_password(user.password_hash, attempt.password))
    db.session.add(LoginAttempt(username=attempt.username[:80], address=attempt.address[:64], success=ok))
    if ok:
        throttle.succeeded(slot)
        user.last_login_at = utcnow()
        return user
    return None


def get_user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"no user named {username!r}")
    return user


def _set_password(user: User, password: str, actor: audit.Actor, note: str) -> int:
    check_policy(password, username=user.username, full_name=user.full_name)
    user.password_hash = hash_password(password)
    ended = revoke_all(user.id)
    audit.record(actor, "password", "user", user.id, note=f"{note}; {ended} session(s) ended")
    return ended


def change_password(user: User, current: str, new: str, actor: audit.Actor) -> int:
    """The user's own change: the current password is required. Ends all their sessions; the number ended."""
    if not verify_password(user.password_hash, current):
        raise AccountError("the current password is not right")
    if new == current:
        raise PasswordPolicyError("the new password must differ from the current one")
    return _set_password(user, new, actor, f"user {user.username} changed their password")


def reset_password(user: User, new: str, actor: audit.Actor) -> int:
    """An administrator's reset. Ends all the user's sessions; the number ended."""
    return _set_password(user, new, actor, f"password of user {user.username} reset")


def set_active(user: User, active: bool, actor: audit.Actor) -> int:
    """Enable or disable an account; disabling ends all its sessions. The number of sessions ended."""
    ended = 0 if active else revoke_all(user.id)
    if user.active != active:
        audit.record(actor, "update", "user", user.id, changes={"active": [user.active, active]},
                     note=f"user {user.username} {'enabled' if active else 'disabled'}; {ended} session(s) ended")
    user.active = active
    return ended
