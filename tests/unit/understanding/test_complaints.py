from __future__ import annotations

import pytest

from bot.understanding.complaints import category_of, says_what_happened
from tests.unit.tables import READS, Arguments, Function, check, reads


@pytest.mark.parametrize(
    READS,
    [
        *reads(
            says_what_happened,
            ("我要投诉", False),
            ("投诉！", False),
            ("我想投诉一下你们", False),
            ("I want to make a complaint", False),
            ("I'd like to complain", False),
            ("complain", False),
            ("/complain", False),
            ("你们师傅态度太差了，还骂人", True),
            ("我想反映一下上周发生的事情", True),
            ("The technician never came, I waited all day", True),
        ),
        *reads(
            category_of,
            ("师傅多收了我两百块钱上门费", "charges"),
            ("the fridge is smoking and sparks came out", "product_quality"),
            ("我想反映一下上周发生的事情", None),
        ),
    ],
)
def test_complaint_messages_are_read(
    function: Function, arguments: Arguments, expected: object
) -> None:
    check(function, arguments, expected)
