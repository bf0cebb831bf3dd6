"""What a customer's complaint consists of, checked before anything is stored."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from typing import Final

from bot.complaints.categories import CATEGORIES
from bot.complaints.errors import (
    InvalidCategory,
    InvalidComplaintPhone,
    InvalidDescription,
    InvalidLanguage,
)
from bot.parsing import find_serial
from bot.phone import require_phone

__all__ = [
    "DETAIL_FIELDS",
    "LANGUAGES",
    "MAX_TEXT_LENGTH",
    "ComplaintDetails",
    "ComplaintRequest",
    "clean_text",
]

MAX_TEXT_LENGTH: Final = 2_000
LANGUAGES: Final = ("zh", "en")


def clean_text(text: str) -> str:
    """Returns the customer's text stripped, or raises if empty or over 2,000 characters.

    Raises:
        InvalidDescription: The text is empty (after stripping) or too long.
    """
    stripped = text.strip()
    if not stripped:
        raise InvalidDescription("the description is empty")
    if len(stripped) > MAX_TEXT_LENGTH:
        raise InvalidDescription(f"the description is longer than {MAX_TEXT_LENGTH} characters")
    return stripped


def _code(value: str | None) -> str | None:
    if value is None:
        return None
    folded = unicodedata.normalize("NFKC", value).strip().upper()
    return folded or None


def _name(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip()[:100] or None


@dataclass(frozen=True)
class ComplaintDetails:
    """What the customer told about a complaint: kept as given, shown with the complaint."""

    conversation_id: str | None
    language: str
    category: str
    description: str
    model: str | None
    serial_number: str | None
    booking_reference: str | None
    customer_name: str | None
    phone: str


DETAIL_FIELDS: Final = tuple(f.name for f in fields(ComplaintDetails))
"""The names of :class:`ComplaintDetails`' fields, which are also the record's columns."""


@dataclass(frozen=True)
class ComplaintRequest(ComplaintDetails):
    """A complaint as the customer made it, validated and normalised on creation.

    The phone becomes E.164; model, serial number and booking reference are folded to
    upper case (a serial number found in the text is taken as written on the plate);
    blank optional fields become ``None``.

    Raises:
        InvalidCategory: ``category`` is not one of ``CATEGORIES``.
        InvalidDescription: ``description`` is empty or over 2,000 characters.
        InvalidLanguage: ``language`` is neither ``zh`` nor ``en``.
        InvalidPhone: ``phone`` holds no valid phone number.
    """

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise InvalidLanguage(f"unknown language {self.language!r}")
        if self.category not in CATEGORIES:
            raise InvalidCategory(f"unknown category {self.category!r}")
        phone = require_phone(self.phone, InvalidComplaintPhone)
        serial = _code(self.serial_number)
        if serial is not None:
            serial = find_serial(serial) or serial
        object.__setattr__(self, "description", clean_text(self.description))
        object.__setattr__(self, "phone", phone)
        object.__setattr__(self, "model", _code(self.model))
        object.__setattr__(self, "serial_number", serial)
        object.__setattr__(self, "booking_reference", _code(self.booking_reference))
        object.__setattr__(self, "customer_name", _name(self.customer_name))
