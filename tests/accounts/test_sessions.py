"""Sessions end on the server: a copied session cookie is worthless after sign-out, a password change or reset,
or when the account is disabled (issue #14, item 4).

Over a real socket (``live_server``): each browser keeps its own cookies, and a copied cookie is sent as the
Cookie header of another browser, as a thief would.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from registry.accounts.cli import cli
from registry.accounts.models import User, UserSession
from registry.core.base import utcnow
from registry.extensions import db

PASSWORD = "correct horse battery"
NEW_PASSWORD = "quiet harbor lantern 42"
HOST = "localhost.test"  # the test app's SERVER_NAME


@pytest.fixture
def patient(make_patient):
    return make_patient(nameLast="Privatename")


@pytest.fixture
def browser(live_server, browser_for):
    """browser() -> a new browser on the live server."""
    return lambda: browser_for(live_server, HOST)


def _signed_in(browser, username: str, password: str = PASSWORD):
    b = browser()
    assert b.request("/login", {"username": username, "password": password})[0] == 302
    return b


def _with_cookie(browser, url: str, cookie: str) -> tuple[int, str]:
    """A request from another browser that has only the copied cookie."""
    return browser().request(url, headers={"Cookie": f"session={cookie}"})


def test_a_copied_cookie_stops_working_at_sign_out(browser, make_user, patient):
    make_user("alice", "registrar")
    alice = _signed_in(browser, "alice")
    copied = alice.cookie()
    url = f"/patients/{patient.id}"
    status, page = _with_cookie(browser, url, copied)
    assert status == 200 and "Privatename" in page  # the copy works while alice is signed in
    assert alice.request("/logout", {})[0] == 302
    status, page = _with_cookie(browser, url, copied)
    assert status == 302 and "Privatename" not in page
    db.session.expire_all()
    assert db.session.scalars(select(UserSession.revoked_at)).one() is not None


def test_changing_the_password_ends_the_other_sessions(browser, make_user, patient):
    make_user("bob", "registrar")
    here, other = _signed_in(browser, "bob"), _signed_in(browser, "bob")
    url = f"/patients/{patient.id}"
    status, page = here.request("/account/password", {"current": PASSWORD, "new": "bob-registry1",
                                                      "confirm": "bob-registry1"})
    assert status == 422 and "Not changed" in page
    assert other.request(url)[0] == 200  # a refused change ends nothing
    assert here.request("/account/password", {"current": PASSWORD, "new": NEW_PASSWORD,
                                              "confirm": NEW_PASSWORD})[0] == 302
    assert here.request(url)[0] == 200  # this browser goes on, with a new session
    assert other.request(url)[0] == 302  # the other one is signed out
    _signed_in(browser, "bob", NEW_PASSWORD)


def test_the_password_page_needs_the_current_password(browser, make_user):
    make_user("carl", "registrar")
    carl = _signed_in(browser, "carl")
    status, page = carl.request("/account/password", {"current": "not my password", "new": NEW_PASSWORD,
                                                      "confirm": NEW_PASSWORD})
    assert status == 422 and "current password is not right" in page
    assert carl.request("/")[0] == 200


def test_disabling_or_resetting_an_account_from_the_cli_ends_its_sessions(browser, make_user, patient):
    make_user("dora", "registrar")
    url = f"/patients/{patient.id}"
    copied = _signed_in(browser, "dora").cookie()
    runner = CliRunner()
    refused = runner.invoke(cli, ["set-password", "dora", "--password-stdin"], input="dora12345678\n")
    assert refused.exit_code == 1 and "too easy to guess" in refused.output
    assert _with_cookie(browser, url, copied)[0] == 200  # a refused reset: still signed in
    reset = runner.invoke(cli, ["set-password", "dora", "--password-stdin"], input=NEW_PASSWORD + "\n")
    assert reset.exit_code == 0 and "1 session(s) signed out" in reset.output
    assert _with_cookie(browser, url, copied)[0] == 302

    copied = _signed_in(browser, "dora", NEW_PASSWORD).cookie()
    assert _with_cookie(browser, url, copied)[0] == 200
    disabled = runner.invoke(cli, ["disable", "dora"])
    assert disabled.exit_code == 0 and "1 session(s) signed out" in disabled.output
    assert _with_cookie(browser, url, copied)[0] == 302
    assert browser().request("/login", {"username": "dora", "password": NEW_PASSWORD})[0] == 401
    assert runner.invoke(cli, ["enable", "dora"]).exit_code == 0
    _signed_in(browser, "dora", NEW_PASSWORD)


def test_an_idle_session_ends_on_the_server(app, browser, make_user):
    make_user("eve", "registrar")
    copied = _signed_in(browser, "eve").cookie()
    row = db.session.scalars(select(UserSession)).one()
    row.last_seen_at = utcnow() - app.config["PERMANENT_SESSION_LIFETIME"] - timedelta(minutes=1)
    db.session.commit()
    assert _with_cookie(browser, "/", copied)[0] == 302


def test_the_database_keeps_no_usable_token(client, make_user, login):
    make_user("fay", "registrar")
    login("fay")
    row = db.session.scalars(select(UserSession)).one()
    assert row.user_id == db.session.scalar(select(User.id).where(User.username == "fay"))
    with client.session_transaction() as session:
        token = session["sid"]
    assert token not in row.id and len(row.id) == 64
