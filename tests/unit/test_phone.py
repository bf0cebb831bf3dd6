from __future__ import annotations

import pytest

import bot.complaints
import bot.repairs
from bot.complaints.errors import InvalidComplaintPhone
from bot.phone import InvalidPhone, require_phone
from bot.repairs.errors import InvalidBookingPhone


@pytest.mark.parametrize(
    ("text", "phone"),
    [("138 1234 5678", "+8613812345678"), ("+44 7700 900123", "+447700900123")],
)
def test_a_valid_phone_is_written_in_e164(text: str, phone: str) -> None:
    assert require_phone(text) == phone


@pytest.mark.parametrize(
    ("error", "domain_error"),
    [
        (InvalidPhone, InvalidPhone),
        (InvalidBookingPhone, bot.repairs.RepairsError),
        (InvalidBookingPhone, bot.repairs.InvalidRequest),
        (InvalidComplaintPhone, bot.complaints.ComplaintsError),
    ],
)
def test_a_bad_phone_is_caught_as_invalid_phone_and_as_its_domains_error(
    error: type[InvalidPhone], domain_error: type[Exception]
) -> None:
    with pytest.raises(InvalidPhone) as raised:
        require_phone("call me", error)
    assert isinstance(raised.value, domain_error)
    assert "'call me' is not a valid phone number" in str(raised.value)


def test_both_domains_export_the_one_type() -> None:
    assert bot.repairs.InvalidPhone is bot.complaints.InvalidPhone is InvalidPhone
