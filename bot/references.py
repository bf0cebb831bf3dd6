"""Customers' references: ``RV-`` (repair visits) or ``CP-`` (complaints) and 8 characters.

One alphabet serves both kinds: digits and capitals without 0/O, 1/I/L and U, so that
a reference read aloud or copied by hand is never misread. A reference is *found* in a
message loosely (any letters and digits, as the customer typed them) and *parsed*
strictly (only characters of the alphabet) before it is looked up.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from functools import cache
from typing import Final

__all__ = [
    "ALPHABET",
    "BODY_LENGTH",
    "CALLBACK_PREFIX",
    "COMPLAINT_PREFIX",
    "PREFIXES",
    "REPAIR_PREFIX",
    "find_reference",
    "new_complaint_reference",
    "new_reference",
    "new_repair_reference",
    "parse_complaint_reference",
    "parse_reference",
    "parse_repair_reference",
    "reference_pattern",
]

ALPHABET: Final = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
"""The characters of a new reference's body: no 0/O, 1/I/L and U/V, easily confused."""

_READABLE: Final = frozenset(ALPHABET) | {"U"}
"""What a typed body may hold: complaint references made before both kinds shared one
alphabet may contain a U, and must still be found."""

BODY_LENGTH: Final = 8
REPAIR_PREFIX: Final = "RV"
COMPLAINT_PREFIX: Final = "CP"
CALLBACK_PREFIX: Final = "CB"
PREFIXES: Final = (REPAIR_PREFIX, COMPLAINT_PREFIX, CALLBACK_PREFIX)

_SEPARATORS: Final = re.compile(r"[\s\-_–—.]")


def reference_pattern(*prefixes: str, repeat: str = "?") -> str:
    """A regular expression that finds a reference with one of ``prefixes`` in a text.

    The body (group 1) is any 8 letters or digits; ``repeat`` says how many dashes or
    spaces may stand between the prefix and the body and between the body's
    characters (``?``: at most one, ``*``: any number). Use it case-insensitively.
    """
    choice = "|".join(re.escape(p) for p in prefixes)
    gap = rf"[-\s]{repeat}"
    return (
        rf"(?<![A-Za-z0-9])(?:{choice})[-\s_]{repeat}"
        rf"((?:[0-9A-Za-z]{gap}){{{BODY_LENGTH - 1}}}[0-9A-Za-z])(?![0-9A-Za-z])"
    )


def new_reference(prefix: str) -> str:
    """Returns a fresh random reference such as ``RV-7K3M9QXP``."""
    return f"{prefix}-" + "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))


def new_repair_reference() -> str:
    """Returns a fresh random booking reference such as ``RV-7K3M9QXP``."""
    return new_reference(REPAIR_PREFIX)


def new_complaint_reference() -> str:
    """Returns a fresh random complaint reference such as ``CP-7KQ3MZ2A``."""
    return new_reference(COMPLAINT_PREFIX)


def find_reference(text: str, prefix: str) -> str | None:
    """Returns the first reference with ``prefix`` in ``text``, written ``RV-7K3M9QXP``.

    Customers drop the dash, add spaces or type lower case: ``rv 7k3m9qxp`` and
    ``RV-7K3M-9QXP`` count. The body is not checked against the alphabet: the
    conversation quotes back what was typed, and the lookup then finds nothing.
    """
    folded = unicodedata.normalize("NFKC", text)
    match = re.search(reference_pattern(prefix), folded, re.IGNORECASE)
    if match is None:
        return None
    compact = re.sub(r"[-\s]", "", match.group(1)).upper()
    return f"{prefix.upper()}-{compact}"


@cache
def _strict(prefix: str) -> re.Pattern[str]:
    return re.compile(reference_pattern(prefix, repeat="*"))


def _valid(body: str) -> bool:
    return len(body) == BODY_LENGTH and all(c in _READABLE for c in body)


def parse_reference(text: str, prefix: str) -> str | None:
    """Reads a reference the way a person types it, in canonical form.

    Case, spaces, dashes, underscores, dots and full-width characters do not matter.
    The whole text may be the reference, with or without its prefix (``cp 7kq3 mz2a``,
    ``7KQ3-MZ2A``), or the reference may stand inside a sentence with its prefix
    (``我的单号是 RV-7K3M9QXP``). Only characters of :data:`ALPHABET` (and U, found
    in older complaint references) are accepted.

    Returns:
        The reference, e.g. ``CP-7KQ3MZ2A``, or ``None`` when the text holds none.
    """
    folded = unicodedata.normalize("NFKC", text).upper()
    compact = _SEPARATORS.sub("", folded)
    if len(compact) == BODY_LENGTH + len(prefix) and compact.startswith(prefix):
        compact = compact[len(prefix) :]
    if _valid(compact):
        return f"{prefix}-{compact}"
    for match in _strict(prefix).finditer(folded):
        body = re.sub(r"[\s\-]", "", match.group(1))
        if _valid(body):
            return f"{prefix}-{body}"
    return None


def parse_repair_reference(text: str) -> str | None:
    """:func:`parse_reference` for booking references (``RV-``)."""
    return parse_reference(text, REPAIR_PREFIX)


def parse_complaint_reference(text: str) -> str | None:
    """:func:`parse_reference` for complaint references (``CP-``)."""
    return parse_reference(text, COMPLAINT_PREFIX)
