"""Cookie flags and HSTS by default (issue #14, item 10); the ProxyFix setting for a TLS-terminating proxy."""

from __future__ import annotations

import pytest

from registry import create_app


def _session_cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_the_session_cookie_is_secure_httponly_and_samesite_by_default(client, make_user, login):
    make_user("ann", "registrar")
    cookie = _session_cookie(login("ann"))
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    over_tls = client.get("/login", base_url="https://localhost.test")
    assert over_tls.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.fixture
def proxied(tmp_path):
    """An app behind one trusted proxy (PROXY_FIX = 1); sign-in pages only, so no schema is needed."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", "SECRET_KEY": "x", "PROXY_FIX": 1,
                      "WTF_CSRF_ENABLED": False})
    app.instance_path = str(tmp_path)
    yield app
    from registry.extensions import db

    with app.app_context():
        db.engine.dispose()


def test_behind_a_trusted_proxy_https_and_the_client_address_come_from_its_headers(proxied):
    from flask import request

    seen = {}

    @proxied.after_request
    def _record(response):
        seen.update(address=request.remote_addr, secure=request.is_secure)
        return response

    response = proxied.test_client().get("/login", headers={"X-Forwarded-Proto": "https",
                                                            "X-Forwarded-For": "127.0.0.77"})
    assert seen == {"address": "127.0.0.77", "secure": True}
    assert "Strict-Transport-Security" in response.headers
    plain = proxied.test_client().get("/login")
    assert "Strict-Transport-Security" not in plain.headers
