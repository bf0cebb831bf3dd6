"""Exact parsing of what customers type: serial numbers and dates.

Phone numbers are read by :mod:`bot.phone`, references by :mod:`bot.references`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Final

__all__ = ["MONTHS", "find_serial", "parse_date"]

_SERIAL = re.compile(r"(?<![A-Za-z0-9])((?:WM|RF|AC|WH|WP)\d{10})(?!\d)", re.IGNORECASE)
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
