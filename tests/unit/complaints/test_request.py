from __future__ import annotations

from typing import Any

import pytest

from bot.complaints import (
    ComplaintRequest,
    ComplaintsError,
    InvalidCategory,
    InvalidDescription,
    InvalidLanguage,
    InvalidPhone,
)


def _request(**changes: Any) -> ComplaintRequest:
    fields: dict[str, Any] = {
        "conversation_id": None,
        "language": "zh",
        "category": "charges",
        "description": "  多收了我100块  ",
        "model": " wm-8012 ",
        "serial_number": "wm2304001234",
        "booking_reference": " rb-123 ",
        "customer_name": "  ",
        "phone": "138 1234 5678",
    }
    fields.update(changes)
    return ComplaintRequest(**fields)


def test_fields_are_normalised() -> None:
    request = _request()
    assert request.phone == "+8613812345678"
    assert request.description == "多收了我100块"
    assert (request.model, request.serial_number, request.booking_reference) == (
        "WM-8012",
        "WM2304001234",
        "RB-123",
    )
    assert request.customer_name is None


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"category": "noise"}, InvalidCategory),
        ({"description": "   "}, InvalidDescription),
        ({"description": "x" * 2001}, InvalidDescription),
        ({"phone": "12345"}, InvalidPhone),
        ({"language": "fr"}, InvalidLanguage),
    ],
)
def test_invalid_requests_are_refused(changes: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        _request(**changes)
    assert isinstance(raised.value, ComplaintsError)


def test_the_longest_description_is_accepted() -> None:
    assert len(_request(description="x" * 2000).description) == 2000
