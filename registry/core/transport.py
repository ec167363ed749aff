"""HTTPS-related settings: trusted proxy headers (werkzeug ProxyFix) and the Strict-Transport-Security header.

The cookie flags (Secure, HttpOnly, SameSite) are configuration (registry/config.py); this module adds what
depends on the request: HSTS is sent on responses to HTTPS requests, as RFC 6797 §7.2 asks (a browser ignores it
over plain HTTP), or on every response with ``HSTS_ALWAYS``. Behind a TLS-terminating proxy, ``PROXY_FIX = N``
trusts the X-Forwarded-* headers of N proxies, so that ``request.is_secure`` and ``request.remote_addr`` (used
by the sign-in throttle) are the client's; never set it when clients can reach gunicorn directly, since they
could then forge those headers.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix


def init_transport(app: Flask) -> None:
    hops = int(app.config.get("PROXY_FIX") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)

    @app.after_request
    def _hsts(response):
        seconds = int(app.config.get("HSTS_SECONDS") or 0)
        if seconds and (request.is_secure or app.config.get("HSTS_ALWAYS")):
            response.headers.setdefault("Strict-Transport-Security", f"max-age={seconds}; includeSubDomains")
        return response
