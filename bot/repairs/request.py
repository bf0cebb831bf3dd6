"""What a customer asks for when booking a visit, checked before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from bot.phone import require_phone
from bot.repairs.errors import InvalidBookingPhone, InvalidRequest
from bot.repairs.models import BookingRecord
from bot.repairs.network import CATEGORIES

__all__ = ["REQUEST_COLUMNS", "BookingRequest", "WarrantyStatus", "validated_record"]

WarrantyStatus = Literal["free", "paid", "unknown"]
_WARRANTY_STATUSES: Final = ("free", "paid", "unknown")

REQUEST_COLUMNS: Final = (
    "conversation_id",
    "language",
    "category",
    "model",
    "serial_number",
    "symptom",
    "error_code",
    "region_code",
    "address",
    "customer_name",
    "phone",
    "warranty_status",
    "quoted_fee",
)
"""The columns of a booking record that come from the request."""


@dataclass(frozen=True)
class BookingRequest:
    """What the customer asked for; validated by :func:`bot.repairs.book`.

    Attributes:
        conversation_id: The conversation the booking was made in, if any.
        language: ``zh`` or ``en``.
        category: Product category.
        model: Catalogue model, if known.
        serial_number: Serial number, if known.
        symptom: The fault in the customer's words.
        error_code: Error code shown by the appliance, if any.
        region: Region code.
        address: Where the technician goes.
        customer_name: Whom the technician asks for.
        phone: The customer's phone; any form :func:`bot.phone.normalise_phone`
            reads, stored in E.164.
        warranty_status: ``free`` (under warranty), ``paid`` or ``unknown``.
        quoted_fee: Fee quoted in CNY, if any.
    """

    conversation_id: str | None
    language: str
    category: str
    model: str | None
    serial_number: str | None
    symptom: str
    error_code: str | None
    region: str
    address: str
    customer_name: str
    phone: str
    warranty_status: WarrantyStatus
    quoted_fee: int | None


def _optional(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _problems(request: BookingRequest) -> list[str]:
    problems = []
    if request.language not in ("zh", "en"):
        problems.append(f"language {request.language!r} is not zh or en")
    if request.category not in CATEGORIES:
        problems.append(f"unknown category {request.category!r}")
    if request.warranty_status not in _WARRANTY_STATUSES:
        problems.append(f"warranty status {request.warranty_status!r} is not free/paid/unknown")
    for field in ("symptom", "address", "customer_name"):
        if not getattr(request, field).strip():
            problems.append(f"{field} is empty")
    if request.quoted_fee is not None and request.quoted_fee < 0:
        problems.append("quoted fee is negative")
    return problems


def validated_record(request: BookingRequest) -> BookingRecord:
    """A record holding the request's fields, cleaned; the booking fills in the rest.

    Raises:
        InvalidPhone: The phone number is not valid (an :class:`InvalidRequest`).
        InvalidRequest: Another field is invalid; every problem is named.
    """
    phone = require_phone(request.phone, InvalidBookingPhone)
    problems = _problems(request)
    if problems:
        raise InvalidRequest("; ".join(problems))
    return BookingRecord(
        conversation_id=request.conversation_id,
        language=request.language,
        category=request.category,
        model=_optional(request.model),
        serial_number=_optional(request.serial_number),
        symptom=request.symptom.strip(),
        error_code=_optional(request.error_code),
        region_code=request.region,
        address=request.address.strip(),
        customer_name=request.customer_name.strip(),
        phone=phone,
        warranty_status=request.warranty_status,
        quoted_fee=request.quoted_fee,
    )
