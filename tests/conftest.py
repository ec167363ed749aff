"""Test fixtures: a real database per backend (SQLite file and PostgreSQL), migrated with Alembic.

Tests that use ``app`` run once per backend. PostgreSQL is at REGISTRY_TEST_PG_URL (default
127.0.0.1:5432, user postgres); when it cannot be reached its tests are skipped, unless
REGISTRY_REQUIRE_POSTGRES=1 (set by the test command and CI), when they fail.
Every test starts from empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

PG_ADMIN_URL = os.environ.get("REGISTRY_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = [b for b in os.environ.get("REGISTRY_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
PASSWORD = "correct horse battery"


def _pg_database() -> tuple[str, Callable[[], None]]:
    name = f"registry_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        if os.environ.get("REGISTRY_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name, drop


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    from registry import create_app

    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'registry.db'}"
    else:
        url, drop = _pg_database()
    instance = tmp_path_factory.mktemp("instance")
    application = create_app({"DATABASE_URL": url, "TESTING": True, "WTF_CSRF_ENABLED": False,
                              "SECRET_KEY": "test-secret", "SERVER_NAME": "localhost.test"})
    application.instance_path = str(instance)
    with application.app_context():
        upgrade()
    yield application
    from registry.extensions import db

    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    if drop:
        drop()


def _empty_tables(app: Flask) -> None:
    from registry.extensions import db

    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An app context on empty tables."""
    _empty_tables(app)
    with app.app_context():
        yield app
    _empty_tables(app)


@pytest.fixture
def client(ctx: Flask) -> FlaskClient:
    return ctx.test_client()


@pytest.fixture
def actor():
    from registry.core.audit import Actor

    return Actor(None, "test")


@pytest.fixture
def make_facility(ctx) -> Callable:
    from registry.abstracting.models import Facility
    from registry.extensions import db

    def make(code: str = "0000000001", name: str = "General Hospital") -> Facility:
        facility = Facility(code=code, name=name)
        db.session.add(facility)
        db.session.commit()
        return facility

    return make


@pytest.fixture
def make_user(ctx, actor) -> Callable:
    from registry.accounts.operations import create_user
    from registry.extensions import db

    def make(username: str = "reg", role: str = "registrar", facilities: list[str] = ()):
        user = create_user(username, PASSWORD, role, facilities=list(facilities), actor=actor)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_patient(ctx, actor) -> Callable:
    """make_patient(patient items..., tumors=[{tumor items}, ...]) -> Patient (committed)."""
    from registry.abstracting.operations import add_tumor, create_patient
    from registry.extensions import db

    counter = {"n": 0}

    def make(tumors: list[dict] | None = None, **items: str):
        counter["n"] += 1
        base = {"patientIdNumber": f"{counter['n']:08d}", "nameLast": "Doe", "nameFirst": "Jane",
                "dateOfBirth": "19500101", "sexAssignedAtBirth": "2"}
        patient = create_patient({**base, **items}, actor)
        for t in tumors if tumors is not None else [{"primarySite": "C504", "dateOfDiagnosis": "20200115"}]:
            add_tumor(patient, t, actor)
        db.session.commit()
        return patient

    return make


@pytest.fixture
def login(client) -> Callable:
    def do(username: str, password: str = PASSWORD):
        return client.post("/login", data={"username": username, "password": password})

    return do


class Browser:
    """A cookie-keeping HTTP client (urllib) for a real server; it reports redirects instead of following them.

    ``host`` is sent as the Host header (the test app's SERVER_NAME) and the cookie jar files cookies under it.
    """

    def __init__(self, base: str, host: str | None = None) -> None:
        import http.cookiejar
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.base, self.host = base, host
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> tuple[int, str]:
        import urllib.error
        import urllib.parse
        import urllib.request

        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=dict(headers or {}))
        if self.host:
            req.add_header("Host", self.host)
        try:
            with self.opener.open(req, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read().decode(errors="replace")

    def cookie(self, name: str = "session") -> str:
        return next(c.value for c in self.jar if c.name == name)


@pytest.fixture
def browser_for() -> Callable[..., Browser]:
    """browser_for(base_url, host=None) -> a new :class:`Browser` (its own cookies)."""
    return Browser


@pytest.fixture
def live_server(ctx: Flask) -> Iterator[str]:
    """The test app served over a real socket on 127.0.0.1 (werkzeug, a thread per request, so each request has
    its own app context as under gunicorn); its base URL. Cookies are not marked Secure: the socket is plain HTTP."""
    import threading

    from werkzeug.serving import make_server

    secure = ctx.config["SESSION_COOKIE_SECURE"]
    ctx.config["SESSION_COOKIE_SECURE"] = False
    server = make_server("127.0.0.1", 0, ctx, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()
        ctx.config["SESSION_COOKIE_SECURE"] = secure


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


@pytest.fixture
def unsafe_cells() -> Callable[..., list[str]]:
    """unsafe_cells(csv text, delimiter=",") -> the cells a spreadsheet would run as formulas (should be [])."""
    import csv
    import io
    import re

    def find(text: str, delimiter: str = ",") -> list[str]:
        cells = [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for c in row]
        return [c for c in cells if c.startswith(FORMULA_STARTS) and not re.fullmatch(PLAIN_NUMBER, c)]

    return find
