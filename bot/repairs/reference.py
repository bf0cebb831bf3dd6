"""Booking references: ``RV-`` and eight characters nobody misreads."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Final

__all__ = ["REFERENCE_ALPHABET", "new_reference", "normalise_reference"]

REFERENCE_ALPHABET: Final = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Digits and capitals without 0/O, 1/I/L and U, which are easily confused."""

_LENGTH: Final = 8
_CANDIDATE: Final = re.compile(
    r"(?<![A-Z0-9])RV[\s\-_]*((?:[A-Z0-9][\s\-]*){7}[A-Z0-9])(?![A-Z0-9])"
)


def new_reference() -> str:
    """Returns a fresh random reference such as ``RV-7K3M9QXP``."""
    return "RV-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(_LENGTH))


def normalise_reference(text: str) -> str | None:
    """Reads a reference typed by a person, in canonical form.

    Case, spaces and dashes do not matter: ``rv 7k3m-9qxp`` and ``RV7K3M9QXP`` both
    give ``RV-7K3M9QXP``.

    Returns:
        The reference, or ``None`` when the text holds none.
    """
    folded = unicodedata.normalize("NFKC", text).upper()
    for match in _CANDIDATE.finditer(folded):
        body = re.sub(r"[\s\-]", "", match.group(1))
        if all(c in REFERENCE_ALPHABET for c in body):
            return f"RV-{body}"
    return None
