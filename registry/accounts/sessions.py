"""Server-side sessions: the signed session cookie names a ``user_session`` row, checked on every request.

Flask's session cookie is signed, not stored: on its own, a copy of it stays valid until it expires, whatever
the user does. So each sign-in also creates a ``user_session`` row whose random token goes into the cookie
(the row keeps only its SHA-256), and the user loader (registry/core/web.py) accepts the cookie only while that
row is live. A session ends

* at sign-out (that session);
* when the user changes password, an administrator resets it, or the account is disabled (all its sessions);
* after ``PERMANENT_SESSION_LIFETIME`` (30 minutes) without a request, on the server too.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, session
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from registry.accounts.models import User, UserSession
from registry.core.base import utcnow
from registry.extensions import db

COOKIE_KEY = "sid"
_TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most once a minute per session


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, address: str) -> None:
    """A new server-side session for ``user``, named in this request's session cookie. The caller commits."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(id=_digest(token), user_id=user.id, address=address[:64]))
    session[COOKIE_KEY] = token


def end_session() -> None:
    """Revoke the session of this request's cookie (sign-out). The caller commits."""
    token = session.pop(COOKIE_KEY, None)
    if token:
        db.session.execute(update(UserSession).where(UserSession.id == _digest(token),
                                                     UserSession.revoked_at.is_(None)).values(revoked_at=utcnow()))


def revoke_all(user_id: int) -> int:
    """Revoke every live session of a user (password change or reset, account disabled); the number revoked.
    The caller commits."""
    done = db.session.execute(update(UserSession).where(UserSession.user_id == user_id,
                                                        UserSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
    return done.rowcount


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user, if this request's cookie names a live session of theirs."""
    token = session.get(COOKIE_KEY)
    if not token or not user_id.isdigit():
        return None
    row = db.session.get(UserSession, _digest(token))
    if row is None or row.revoked_at is not None or row.user_id != int(user_id):
        return None
    now = utcnow()
    if row.last_seen_at + current_app.config["PERMANENT_SESSION_LIFETIME"] <= now:
        return None  # idle too long
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen_at >= _TOUCH_EVERY:
        _touch(row.id, now)
    return user


def _touch(session_id: str, now) -> None:
    """Record activity in a transaction of its own, so a read-only page's request needs no commit."""
    try:
        with db.engine.begin() as conn:
            conn.execute(update(UserSession.__table__).where(UserSession.__table__.c.id == session_id)
                         .values(last_seen_at=now))
    except OperationalError:
        current_app.logger.warning("could not record session activity (database busy); next request will")
