"""Password hashing with argon2id (argon2-cffi defaults, RFC 9106 recommended parameters) and the password policy.

The policy follows NIST SP 800-63B §3.1.1.2 (memorized secrets): at least 12 characters, any characters (spaces
and passphrases welcome), no composition rules, and a refusal of passwords that are common, repetitive or derived
from the context: the username, the person's name and the words of this service ("registry", "cancer", ...).
Those are judged by zxcvbn, the strength estimator the developer guide names: it matches the password against
lists of common passwords, words, names, keyboard patterns, repeats, sequences, dates and the given context
words, and estimates the guesses an attacker would need. A password needs zxcvbn score 4 ("very unguessable",
about 10^10 guesses or more): the accounts open protected health information.
"""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# zxcvbn (PyPI "zxcvbn", the Python port of Dropbox's estimator): an offline, dictionary- and pattern-based
# estimate of how guessable a password is; chosen because the developer guide names it and it needs no network.
from zxcvbn import zxcvbn

_hasher = PasswordHasher()

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_SCORE = 4
# Words of this service that make a password guessable for whoever targets it (with the user's own names).
SERVICE_WORDS = ("registry", "cancer", "tumor", "tumour", "oncology", "naaccr", "seer", "hospital", "registrar",
                 "abstract", "patient", "admin", "administrator", "password")
_ESTIMATE_CHARS = 72  # zxcvbn's own cap: its cost grows with length, and a longer password is not weaker


class PasswordPolicyError(ValueError):
    pass


def context_words(username: str = "", full_name: str = "") -> list[str]:
    """The user's names and the service's words, as zxcvbn user inputs."""
    words = [username, *re.split(r"[\s._@-]+", username), full_name, *full_name.split()]
    return [w.lower() for w in words if len(w) >= 3] + list(SERVICE_WORDS)


def check_policy(password: str, *, username: str = "", full_name: str = "") -> None:
    """Refuse a password that is short, overlong, or guessable (common, patterned, or from the context)."""
    if len(password) < MIN_LENGTH:
        raise PasswordPolicyError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise PasswordPolicyError(f"a password has at most {MAX_LENGTH} characters")
    words = context_words(username, full_name)
    _require_score(password, words, MIN_SCORE)
    # Context words add nothing for an attacker who knows whose account it is: what is left without them must
    # still be hard to guess on its own ("msmith-Cancer-2024" leaves "--2024").
    rest = re.sub("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)), "", password,
                  flags=re.IGNORECASE)
    if rest != password:
        _require_score(rest, words, MIN_SCORE - 1, "without your name and the registry's words, ")


def _require_score(password: str, words: list[str], score: int, prefix: str = "") -> None:
    estimate = zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=words, max_length=_ESTIMATE_CHARS)
    if estimate["score"] < score:
        warning = (estimate["feedback"].get("warning") or "").rstrip(".")
        hint = " ".join(estimate["feedback"].get("suggestions") or ["Try a longer passphrase of unrelated words."])
        raise PasswordPolicyError(f"{prefix}the password is too easy to guess{f' ({warning})' if warning else ''}. "
                                  f"{hint}")


def generate_password() -> str:
    """A random password that the policy accepts (16 URL-safe characters, ~96 bits)."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            check_policy(password)
        except PasswordPolicyError:  # a random string with a long common pattern: draw again
            continue
        return password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
