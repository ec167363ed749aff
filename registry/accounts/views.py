"""Sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user

from registry.accounts.forms import LoginForm
from registry.accounts.operations import SignIn, Throttled, authenticate
from registry.extensions import db

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("core.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        attempt = SignIn(form.username.data.strip(), form.password.data, request.remote_addr or "")
        try:
            user = authenticate(attempt)
        except Throttled as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return render_template("accounts/login.html", form=form), 429
        db.session.commit()
        if user is not None:
            session.clear()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("Wrong username or password.", "error")
        status = 401
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.login"))
