"""Sign-in, sign-out and changing one's password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from registry.accounts.forms import LoginForm, PasswordChangeForm
from registry.accounts.operations import AccountError, SignIn, Throttled, authenticate, change_password
from registry.accounts.passwords import MIN_LENGTH, PasswordPolicyError
from registry.accounts.sessions import end_session, start_session
from registry.core.web import current_actor
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
        if user is not None:
            session.clear()
            login_user(user)
            start_session(user, attempt.address)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        db.session.commit()
        flash("Wrong username or password.", "error")
        status = 401
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    end_session()
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; every other session of the account ends, this one is renewed."""
    form = PasswordChangeForm()
    status = 200
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current.data, form.new.data, current_actor())
        except (AccountError, PasswordPolicyError) as exc:
            db.session.rollback()
            flash(f"Not changed: {str(exc).rstrip('.')}.", "error")
            return render_template("accounts/password.html", form=form, min_length=MIN_LENGTH), 422
        start_session(user, request.remote_addr or "")
        db.session.commit()
        flash("Password changed. Any other session of your account has been signed out.", "success")
        return redirect(url_for("core.dashboard"))
    if form.errors:
        status = 422
        flash("Not changed: " + "; ".join(e for errors in form.errors.values() for e in errors) + ".", "error")
    return render_template("accounts/password.html", form=form, min_length=MIN_LENGTH), status
