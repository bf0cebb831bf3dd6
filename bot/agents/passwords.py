"""Password hashing with argon2 (``argon2-cffi``, its default parameters).

Only hashes are stored. A hash made with older parameters is replaced at the next
successful login (:func:`needs_rehash`).
"""

from __future__ import annotations

from functools import cache
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["hash_password", "needs_rehash", "verify_nothing", "verify_password"]

_HASHER: Final = PasswordHasher()


def hash_password(password: str) -> str:
    """Hashes a password.

    Args:
        password: The password in clear.

    Returns:
        The argon2 hash (PHC string: algorithm, parameters, salt and digest).
    """
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Tells whether ``password`` is the one ``password_hash`` was made from.

    Args:
        password_hash: A stored hash.
        password: The password given.

    Returns:
        True when it matches; False when it does not or the hash is not a valid one.
    """
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Tells whether a hash was made with other parameters than the current ones.

    Args:
        password_hash: A stored hash that has just been verified.

    Returns:
        True when the password should be hashed again and the new hash stored.
    """
    return _HASHER.check_needs_rehash(password_hash)


@cache
def _stand_in_hash() -> str:
    return _HASHER.hash("not the password of any account")


def verify_nothing(password: str) -> None:
    """Spends the time of one verification, for a login whose account does not exist.

    A refused login then takes as long whether or not the username is known.

    Args:
        password: The password given.
    """
    verify_password(_stand_in_hash(), password)
