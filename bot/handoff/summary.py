"""What the person taking a conversation over reads first, as structured data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

__all__ = ["HandoffSummary"]

_LISTS = ("article_ids", "booking_references", "complaint_references", "units")


@dataclass(frozen=True)
class HandoffSummary:
    """Everything the conversation has established, so the customer repeats nothing.

    Attributes:
        wants: What the customer wants, in a few words.
        category: The appliance category (``washing_machine``, …), if known.
        model: The appliance model, if known.
        serial_number: The appliance's serial number, if known.
        error_code: The error code shown, if any.
        warranty_status: The warranty check's outcome, if one was made.
        article_ids: Knowledge articles the customer has already been given.
        booking_references: Repair visits (``RV-…``).
        complaint_references: Complaints of this conversation and of earlier ones with
            the same phone number (``CP-…``); ``booking_references`` likewise.
        phone: The customer's phone number, if given.
        units: Serial numbers registered to that phone number.
        hazard: The safety hazard the customer reported, if any.
    """

    wants: str
    category: str | None = None
    model: str | None = None
    serial_number: str | None = None
    error_code: str | None = None
    warranty_status: str | None = None
    article_ids: tuple[str, ...] = ()
    booking_references: tuple[str, ...] = ()
    complaint_references: tuple[str, ...] = ()
    phone: str | None = None
    units: tuple[str, ...] = ()
    hazard: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Returns the summary as a JSON object (lists for the tuples), as stored."""
        data = asdict(self)
        for name in _LISTS:
            data[name] = list(data[name])
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HandoffSummary:
        """Reads a summary written by :meth:`to_json`; unknown keys are ignored.

        Raises:
            ValueError: ``wants`` is missing.
        """
        if "wants" not in data:
            raise ValueError("a handoff summary needs 'wants'")
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for name in _LISTS:
            values[name] = tuple(values.get(name) or ())
        return cls(**values)
