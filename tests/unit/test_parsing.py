from datetime import date

import pytest

from bot.parsing import find_serial, parse_date
from bot.phone import normalise_phone
from tests.unit.tables import READS, Arguments, Function, check, reads

TODAY = date(2026, 11, 22)


def date_in(text: str) -> date | None:
    """The date ``text`` names, on :data:`TODAY`."""
    return parse_date(text, TODAY)


@pytest.mark.parametrize(
    READS,
    [
        *reads(
            normalise_phone,
            ("13812345678", "+8613812345678"),
            ("我的手机 138 1234 5678", "+8613812345678"),
            ("+86-138-1234-5678", "+8613812345678"),
            ("0086 13812345678", "+8613812345678"),
            ("+44 7700 900123", "+447700900123"),
            ("００４４ ７７００ ９００１２３", "+447700900123"),
            # Wrong phone numbers.
            ("12812345678", None),
            ("1381234567", None),
            ("138123456789", None),
            ("7700 900123", None),
            ("call me", None),
            ("+86 123", None),
        ),
        *reads(
            find_serial,
            ("序列号RF2303001234", "RF2303001234"),
            ("serial is wm2304001234 thanks", "WM2304001234"),
            ("ＡＣ２２０１００９９１１", "AC2201009911"),
            # Not serials.
            ("RF230300123", None),
            ("XX2303001234", None),
            ("RF23030012345", None),
            ("WM-8012", None),
        ),
        *reads(
            date_in,
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
            # Not dates.
            ("2023-02-29", None),
            ("soon", None),
            ("31/02/2024", None),
            ("Smarch 3, 2024", None),
        ),
    ],
)
def test_phones_serials_and_dates_are_read(
    function: Function, arguments: Arguments, expected: object
) -> None:
    check(function, arguments, expected)
