"""Password hashing with Argon2id (argon2-cffi, its default parameters: RFC 9106's second
recommended option, 64 MiB and 3 passes), and a check that costs the same whether or not
the account exists."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12
# Argon2 hashes any length, but a megabyte password is a denial of service, not a secret.
MAX_PASSWORD_LENGTH = 1024


class WeakPassword(ValueError):
    """A password too short or too long to be accepted; the message says which."""


_hasher = PasswordHasher()


def check_strength(password: str) -> None:
    """Refuse a password shorter than MIN_PASSWORD_LENGTH characters (NIST SP 800-63B asks
    for length, not for character classes) or absurdly long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"a password has at most {MAX_PASSWORD_LENGTH} characters")


def hash_password(password: str) -> str:
    """The Argon2id hash to store for `password` (salted; never the password itself)."""
    check_strength(password)
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches `stored_hash`; False for a wrong password or a damaged
    hash (a damaged hash must lock the account out, not let it in)."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return _hasher.hash("not the password of any account")


def verify_nothing(password: str) -> None:
    """Spend the time of one verification for a login to an account that does not exist,
    so that the answer's timing does not tell whether the address has an account."""
    verify_password(_dummy_hash(), password)


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's: rehash at login."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
