"""Bearer tokens of conversations: random, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["hash_token", "new_token", "token_matches"]

_TOKEN_BYTES = 32  # 256 bits


def new_token() -> str:
    """Returns a new random token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(_TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Returns the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    """Compares a presented token with a stored hash in constant time."""
    return hmac.compare_digest(hash_token(token), stored_hash)
