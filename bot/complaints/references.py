"""Complaint references: ``CP-`` and 8 characters nobody misreads or mistypes."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Final

__all__ = ["REFERENCE_ALPHABET", "REFERENCE_PREFIX", "new_reference", "parse_reference"]

# No 0/O, 1/I/L: read aloud or copied by hand, every character is unmistakable.
REFERENCE_ALPHABET: Final = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX: Final = "CP-"
_LENGTH: Final = 8


def new_reference() -> str:
    """Returns a new random reference such as ``CP-7KQ3MZ2A``."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(_LENGTH))
    return REFERENCE_PREFIX + body


def parse_reference(text: str) -> str | None:
    """Reads a reference the way a customer types it.

    Case, spaces, dashes, underscores and full-width characters do not matter, nor
    does a missing ``CP``: ``cp 7kq3 mz2a``, ``CP7KQ3MZ2A`` and ``7KQ3-MZ2A`` all read
    as ``CP-7KQ3MZ2A``.

    Returns:
        The reference in canonical form, or ``None`` if the text is not one.
    """
    compact = re.sub(r"[\s\-_–—.]", "", unicodedata.normalize("NFKC", text)).upper()
    if len(compact) == _LENGTH + 2 and compact.startswith("CP"):
        compact = compact[2:]
    if len(compact) != _LENGTH or any(c not in REFERENCE_ALPHABET for c in compact):
        return None
    return REFERENCE_PREFIX + compact
