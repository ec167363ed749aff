"""The password policy (NIST SP 800-63B: length, common and context-derived passwords refused) where passwords
are set: `registry users create`, the password page (test_sessions.py), an administrator's reset, the demo."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from registry.accounts.cli import cli
from registry.accounts.models import User
from registry.accounts.passwords import MIN_LENGTH, PasswordPolicyError, check_policy, generate_password
from registry.extensions import db


@pytest.mark.parametrize(("password", "username", "full_name"), [
    ("aaaaaaaaaa", "x", ""),  # accepted before (length 10 was enough)
    ("aaaaaaaaaaaa", "x", ""),  # 12 characters, one repeated
    ("short pass", "x", ""),  # under 12
    ("password1234", "x", ""),  # common
    ("Registry2025!", "x", ""),  # the service's word and a year
    ("mary smith registry", "msmith", "Mary Smith"),  # the person's name
    ("msmith-Cancer-2024", "msmith", "Mary Smith"),  # username + service word: "--2024" is left
    ("qwertyuiop12", "x", ""),  # keyboard pattern
])
def test_weak_passwords_are_refused(password: str, username: str, full_name: str) -> None:
    with pytest.raises(PasswordPolicyError):
        check_policy(password, username=username, full_name=full_name)


@pytest.mark.parametrize("password", ["correct horse battery", "quiet harbor lantern 42", "Tr0ub4dor&3xk!"])
def test_strong_passwords_and_passphrases_are_accepted(password: str) -> None:
    check_policy(password, username="msmith", full_name="Mary Smith")


def test_generated_passwords_pass_the_policy() -> None:
    for _ in range(20):
        password = generate_password()
        assert len(password) >= MIN_LENGTH
        check_policy(password)


def test_users_create_refuses_a_weak_password_and_creates_nothing(ctx) -> None:
    runner = CliRunner()
    for weak in ("aaaaaaaaaa", "jdoe-registry-1"):
        result = runner.invoke(cli, ["create", "jdoe", "--role", "registrar", "--full-name", "John Doe",
                                     "--password-stdin"], input=weak + "\n")
        assert result.exit_code == 1 and "Error:" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    made = runner.invoke(cli, ["create", "jdoe", "--role", "registrar", "--password-stdin"],
                         input="violet kettle marathon\n")
    assert made.exit_code == 0, made.output
    assert db.session.scalar(select(User.username)) == "jdoe"


def test_demo_accounts_get_passwords_the_policy_accepts(ctx) -> None:
    from registry.core.audit import Actor
    from registry.demo.loader import ensure_demo_accounts

    made = ensure_demo_accounts(Actor(None, "test"))
    db.session.commit()
    again = ensure_demo_accounts(Actor(None, "test"))  # the start script's second run resets them
    db.session.commit()
    for username, _role, password in made + again:
        check_policy(password, username=username)
