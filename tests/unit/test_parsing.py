from datetime import date

import pytest

from bot.parsing import find_serial, normalise_phone, parse_date

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("13812345678", "+8613812345678"),
        ("我的手机 138 1234 5678", "+8613812345678"),
        ("+86-138-1234-5678", "+8613812345678"),
        ("0086 13812345678", "+8613812345678"),
        ("+44 7700 900123", "+447700900123"),
        ("００４４ ７７００ ９００１２３", "+447700900123"),
    ],
)
def test_valid_phone_numbers(text: str, phone: str) -> None:
    assert normalise_phone(text) == phone


@pytest.mark.parametrize(
    "text", ["12812345678", "1381234567", "138123456789", "7700 900123", "call me", "+86 123"]
)
def test_wrong_phone_numbers(text: str) -> None:
    assert normalise_phone(text) is None


@pytest.mark.parametrize(
    ("text", "serial"),
    [
        ("序列号RF2303001234", "RF2303001234"),
        ("serial is wm2304001234 thanks", "WM2304001234"),
        ("ＡＣ２２０１００９９１１", "AC2201009911"),
    ],
)
def test_serials(text: str, serial: str) -> None:
    assert find_serial(text) == serial


@pytest.mark.parametrize("text", ["RF230300123", "XX2303001234", "RF23030012345", "WM-8012"])
def test_not_serials(text: str) -> None:
    assert find_serial(text) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-03-15", date(2024, 3, 15)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024年3月15日买的", date(2024, 3, 15)),
        ("3月15号", date(2026, 3, 15)),
        ("12月1日", date(2025, 12, 1)),
        ("15 March 2024", date(2024, 3, 15)),
        ("March 15, 2024", date(2024, 3, 15)),
        ("15/03/2024", date(2024, 3, 15)),
        ("昨天", date(2026, 11, 21)),
        ("bought it today", TODAY),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_dates(text: str, day: date) -> None:
    assert parse_date(text, TODAY) == day


@pytest.mark.parametrize("text", ["2023-02-29", "soon", "31/02/2024", "Smarch 3, 2024"])
def test_not_dates(text: str) -> None:
    assert parse_date(text, TODAY) is None
