from __future__ import annotations

import pytest

import bot.complaints
import bot.repairs
from bot.complaints.errors import InvalidComplaintPhone
from bot.phone import InvalidPhone, mask_phone, require_phone, scrub_phone
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


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("请打 13912345678 联系我", "请打 [erased] 联系我"),
        ("电话139 1234 5678，或者+86-139-1234-5678", "电话[erased]，或者[erased]"),
        ("我的是13812345678", "我的是13812345678"),  # another number stays
        ("订单号 20261203001", "订单号 20261203001"),
        ("１３９１２３４５６７８", "[erased]"),  # full-width digits
    ],
)
def test_scrub_phone_strikes_every_way_the_number_is_written(text: str, scrubbed: str) -> None:
    assert scrub_phone(text, "+8613912345678") == scrubbed


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("+8613912345678", "+*********5678"), ("+447700900123", "+********0123"), ("123", "123")],
)
def test_mask_phone_keeps_the_last_four_digits(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked
