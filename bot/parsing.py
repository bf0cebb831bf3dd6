"""Exact parsing of what customers type: phone numbers, serial numbers, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Final

__all__ = ["MONTHS", "find_reference", "find_serial", "normalise_phone", "parse_date"]

_SERIAL = re.compile(r"(?<![A-Za-z0-9])((?:WM|RF|AC|WH|WP)\d{10})(?!\d)", re.IGNORECASE)
_MAINLAND = re.compile(r"^(?:\+?86|0086)?(1[3-9]\d{9})$")
_INTERNATIONAL = re.compile(r"^(?:\+|00)([1-9]\d{6,14})$")
_PHONE_CANDIDATE = re.compile(r"(?:\+|00)?\d[\d\s\-()]{6,20}\d")
MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def find_serial(text: str) -> str | None:
    """Returns the first serial number (two-letter category code + 10 digits), upper case."""
    match = _SERIAL.search(unicodedata.normalize("NFKC", text))
    return match.group(1).upper() if match else None


def find_reference(text: str, prefix: str) -> str | None:
    """Returns the first reference with ``prefix`` in ``text``, written ``RV-7K3M9QXP``.

    Customers drop the dash, add spaces or type lower case: ``rv 7k3m9qxp`` and
    ``RV-7K3M-9QXP`` count.
    """
    folded = unicodedata.normalize("NFKC", text)
    body = r"((?:[0-9A-Za-z][-\s]?){7}[0-9A-Za-z])"
    pattern = rf"(?<![A-Za-z0-9]){re.escape(prefix)}[-\s_]?{body}(?![0-9A-Za-z])"
    match = re.search(pattern, folded, re.IGNORECASE)
    if match is None:
        return None
    compact = re.sub(r"[-\s]", "", match.group(1)).upper()
    return f"{prefix.upper()}-{compact}"


def normalise_phone(text: str) -> str | None:
    """Finds a phone number and writes it in E.164 form.

    Mainland mobiles (``138 1234 5678``, ``+86-13812345678``) become ``+8613812345678``;
    international numbers must start with ``+`` or ``00`` (``+44 7700 900123`` →
    ``+447700900123``).

    Returns:
        The number, or ``None`` when the text holds no valid phone number.
    """
    folded = unicodedata.normalize("NFKC", text)
    for candidate in _PHONE_CANDIDATE.findall(folded):
        compact = re.sub(r"[\s\-()]", "", candidate)
        mainland = _MAINLAND.match(compact)
        if mainland:
            return f"+86{mainland.group(1)}"
        international = _INTERNATIONAL.match(compact)
        if international and not international.group(1).startswith("86"):
            return f"+{international.group(1)}"
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, today: date) -> date | None:
    """Reads a calendar date a customer typed.

    Understands ``2024-03-15`` (also ``/`` and ``.``), ``2024年3月15日``, ``3月15号``
    (the latest such day not after today), ``15 March 2024``, ``March 15, 2024``,
    ``15/03/2024`` (day first), and today / yesterday / 今天 / 昨天 / 前天.

    Returns:
        The date, or ``None`` if none is recognised or it does not exist.
    """
    t = unicodedata.normalize("NFKC", text).lower().strip()
    relative = {"today": 0, "今天": 0, "yesterday": 1, "昨天": 1, "前天": 2}
    for word, back in relative.items():
        if word in t:
            return today - timedelta(days=back)
    if m := re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", t):
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := re.search(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", t):
        return _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := re.search(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?", t):
        day = _valid(today.year, int(m.group(1)), int(m.group(2)))
        if day is not None and day > today:
            day = _valid(today.year - 1, int(m.group(1)), int(m.group(2)))
        return day
    words = r"([a-z]+)"
    if m := re.search(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+{words},?\s+(\d{{4}})", t):
        month = MONTHS.get(m.group(2))
        return _valid(int(m.group(3)), month, int(m.group(1))) if month else None
    if m := re.search(rf"{words}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", t):
        month = MONTHS.get(m.group(1))
        return _valid(int(m.group(3)), month, int(m.group(2))) if month else None
    return None
