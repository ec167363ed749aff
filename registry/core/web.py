"""Web plumbing shared by all blueprints: sign-in loading, one commit per request, headers, errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, render_template, request, session
from flask_login import current_user

from registry.core import permissions
from registry.core.audit import Actor
from registry.extensions import db, login_manager
from registry.naaccr.dates import format_naaccr_date

# Pages carry health data: no third-party scripts, no inline scripts (plotly.js is served from static/).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def current_actor() -> Actor:
    return Actor(current_user.id, current_user.username)


def transaction(view: Callable) -> Callable:
    """Commit once after the view succeeds; roll back everything when it raises."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            result = view(*args, **kwargs)
            db.session.commit()
            return result
        except BaseException:
            db.session.rollback()
            raise

    return wrapped


def _load_user(user_id: str):
    from registry.accounts.sessions import load_user  # a live server-side session, not just a signed cookie

    return load_user(user_id)


def _error(code: int, title: str, text: str):
    def handler(_exc):
        return render_template("error.html", code=code, title=title, text=text), code

    return handler


NUL_REFUSED = ("A field of this request holds a NUL character (code 0), which no registry item may hold. "
               "Remove it and try again: nothing was changed.")


def holds_nul() -> bool:
    """Whether the path, a query-string or form field (name or value) or an uploaded file's name holds NUL.

    PostgreSQL refuses text with NUL, so such input would end in a 500 there (and be stored on SQLite)."""
    texts = [request.path]
    for multi in (request.args, request.form):
        for key, values in multi.lists():
            texts.append(key)
            texts.extend(values)
    for key, upload in request.files.items(multi=True):
        texts.extend((key, upload.filename or ""))
    return any("\x00" in text for text in texts)


def init_web(app: Flask) -> None:
    login_manager.user_loader(_load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"

    @app.before_request
    def _idle_timeout() -> None:
        session.permanent = True  # PERMANENT_SESSION_LIFETIME is then the idle timeout

    @app.before_request
    def _refuse_nul():
        if holds_nul():
            return render_template("error.html", code=400, title="Bad request", text=NUL_REFUSED), 400
        return None

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.context_processor
    def _globals():
        return {
            "can_see_identities": permissions.can_see_identities(current_user),
            "can_edit": permissions.can_edit(current_user),
            "whole_registry": current_user.is_authenticated and permissions.whole_registry(current_user),
            "may_change_tumor": lambda tumor: permissions.can_change_tumor(current_user, tumor),
        }

    app.add_template_filter(format_naaccr_date, "naaccr_date")
    app.register_error_handler(403, _error(403, "Not allowed", "Your role does not give access to this page."))
    app.register_error_handler(404, _error(404, "Not found", "There is nothing at this address."))
