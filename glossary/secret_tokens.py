"""Secrets handed out once and kept only as a digest: API tokens, the private address of a
feedback submission's status page, a consultation participant's personal link.

Only the SHA-256 of a secret is stored, so a copy of the database opens nothing; a lost
secret is replaced, never recovered. 32 random bytes (43 URL-safe characters) cannot be
guessed, so an unsalted, fast digest is enough to look one up by.
"""

from __future__ import annotations

import hashlib
import secrets

SECRET_BYTES = 32
# Longer than any link secret made here: a longer string is not looked up at all.
MAX_LINK_SECRET = 100


def new_secret() -> str:
    """A fresh secret, URL-safe (it goes into links)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def digest(secret: str) -> str:
    """What is stored of `secret`, and what it is looked up by."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def link_digest(secret: str) -> str | None:
    """The digest to look a secret from a link up by; None for a string no secret made here
    can be (empty, or too long to be worth hashing)."""
    if not secret or len(secret) > MAX_LINK_SECRET:
        return None
    return digest(secret)
