"""Keeps personal data and secrets out of the logs.

Every process logs through the root logger's handlers, which carry a
:class:`PersonalDataFilter`: a phone number in any form becomes ``+*********5678``, and
the value of a ``token`` or ``password`` in a query string becomes ``***`` (the live
streams take their bearer token in the URL, which access logs would otherwise keep).
Customers' names and addresses are never logged: only references are.
"""

from __future__ import annotations

import logging
import re
from typing import Final

from bot.phone import mask_phone, normalise_phone

__all__ = ["PersonalDataFilter", "install", "redact"]

_PHONE: Final = re.compile(r"(?:\+|00)?\d[\d\s\-()]{6,20}\d")
_SECRET: Final = re.compile(r"(?P<key>\b(?:token|password|secret)=)[^&\s\"']+", re.IGNORECASE)


def _mask(found: re.Match[str]) -> str:
    phone = normalise_phone(found.group(0))
    return mask_phone(phone) if phone else found.group(0)


def redact(text: str) -> str:
    """The text with phone numbers masked and query-string secrets hidden."""
    return _PHONE.sub(_mask, _SECRET.sub(r"\g<key>***", text))


class PersonalDataFilter(logging.Filter):
    """Rewrites each record's message through :func:`redact` (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Formats the message with its arguments, then redacts it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def install() -> None:
    """Puts the filter on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
            handler.addFilter(PersonalDataFilter())
