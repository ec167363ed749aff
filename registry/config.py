"""Configuration: defaults here, then the instance file ``registry.cfg``, then ``REGISTRY_*`` variables.

``REGISTRY_DATABASE_URL`` (any SQLAlchemy URL) points the app at PostgreSQL; unset, the database is
``registry.db`` in the instance folder. ``REGISTRY_SECRET_KEY`` may be set; otherwise a random key is
made once and kept in ``instance/secret_key``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

DEFAULTS = {
    "DATABASE_URL": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    # Sessions end after 30 minutes without a request (HIPAA-minded idle timeout).
    "PERMANENT_SESSION_LIFETIME": timedelta(minutes=30),
    # The session cookie is Secure (sent over HTTPS only) by default: production is served over TLS. Set
    # REGISTRY_SESSION_COOKIE_SECURE=false only for plain-HTTP use on one machine (scripts/start.sh does).
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
    "REMEMBER_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    # Strict-Transport-Security on every response to an HTTPS request (HSTS_ALWAYS: on every response, for a
    # TLS-terminating proxy that does not say X-Forwarded-Proto); HSTS_SECONDS = 0 sends none.
    "HSTS_SECONDS": 31_536_000,
    "HSTS_ALWAYS": False,
    # Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (werkzeug
    # ProxyFix). 0: none, the socket's peer is the client (gunicorn on its own). Set it to 1 behind one
    # TLS-terminating proxy, so that sign-in throttling sees client addresses and HTTPS is recognized.
    "PROXY_FIX": 0,
    # Sign-in throttling (registry/accounts/throttle.py), per window: guesses at one account from one address;
    # guesses from one address; guesses at one account from anywhere before each further one waits
    # BACKOFF_SECONDS x 2^k (at most MAX_DELAY_SECONDS).
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LOGIN_ACCOUNT_BACKOFF_AFTER": 10,
    "LOGIN_ACCOUNT_BACKOFF_SECONDS": 1,
    "LOGIN_ACCOUNT_MAX_DELAY_SECONDS": 60,
    "LOGIN_FAILURE_WINDOW_MINUTES": 15,
    "PAGE_SIZE": 25,
    "MAX_CONTENT_LENGTH": 2 * 1024**3,
    # Days an accepted import's uploaded file (PHI) stays in instance/imports/; refused ones go at once
    # (registry/naaccr/exchange/uploads.py, `registry naaccr purge-uploads`).
    "IMPORT_UPLOAD_RETENTION_DAYS": 30,
}


def _secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _sqlite_url(url: str) -> str:
    return url


def load_config(app: Flask, overrides: dict | None = None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("registry.cfg", silent=True)
    app.config.from_prefixed_env("REGISTRY")
    if overrides:
        app.config.from_mapping(overrides)
    url = app.config.get("DATABASE_URL") or os.environ.get("REGISTRY_DATABASE_URL")
    if not url:
        url = f"sqlite:///{instance / 'registry.db'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
