"""Phone numbers: reading them as customers type them, and the one error for a bad one."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["InvalidPhone", "mask_phone", "normalise_phone", "require_phone", "scrub_phone"]

_MAINLAND: Final = re.compile(r"^(?:\+?86|0086)?(1[3-9]\d{9})$")
_INTERNATIONAL: Final = re.compile(r"^(?:\+|00)([1-9]\d{6,14})$")
_CANDIDATE: Final = re.compile(r"(?:\+|00)?\d[\d\s\-()]{6,20}\d")


class InvalidPhone(ValueError):  # noqa: N818 - the API's agreed name
    """The text holds no valid mainland mobile or international phone number.

    Each domain raises it through a subclass that is also the domain's own error
    (``bot.repairs.InvalidRequest``, ``bot.complaints.ComplaintsError``), so that
    ``except InvalidPhone`` and ``except <domain error>`` both catch it.
    """


def normalise_phone(text: str) -> str | None:
    """Finds a phone number and writes it in E.164 form.

    Mainland mobiles (``138 1234 5678``, ``+86-13812345678``) become ``+8613812345678``;
    international numbers must start with ``+`` or ``00`` (``+44 7700 900123`` →
    ``+447700900123``).

    Returns:
        The number, or ``None`` when the text holds no valid phone number.
    """
    folded = unicodedata.normalize("NFKC", text)
    for candidate in _CANDIDATE.findall(folded):
        compact = re.sub(r"[\s\-()]", "", candidate)
        mainland = _MAINLAND.match(compact)
        if mainland:
            return f"+86{mainland.group(1)}"
        international = _INTERNATIONAL.match(compact)
        if international and not international.group(1).startswith("86"):
            return f"+{international.group(1)}"
    return None


def require_phone(text: str, error: type[InvalidPhone] = InvalidPhone) -> str:
    """The phone number in ``text`` in E.164 form.

    Args:
        text: What the customer gave.
        error: The subclass of :class:`InvalidPhone` to raise (the caller's domain's).

    Raises:
        InvalidPhone: ``text`` holds no valid phone number.
    """
    phone = normalise_phone(text)
    if phone is None:
        raise error(f"{text!r} is not a valid phone number")
    return phone


def scrub_phone(text: str, phone: str, replacement: str = "[erased]") -> str:
    """Replaces every way ``text`` writes the number ``phone`` (E.164) with ``replacement``."""
    # ``\d`` matches full-width digits too; each candidate is folded when it is read.
    return _CANDIDATE.sub(
        lambda found: replacement if normalise_phone(found.group(0)) == phone else found.group(0),
        text,
    )


def mask_phone(phone: str) -> str:
    """The number with all but its last four digits hidden (``+*********5678``), for logs."""
    digits = phone.lstrip("+")
    plus = "+" if phone.startswith("+") else ""
    return plus + "*" * max(len(digits) - 4, 0) + digits[-4:]
