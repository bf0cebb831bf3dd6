"""When a message hands the conversation over at once, and when a failure is the second."""

from __future__ import annotations

import pytest

from bot.handoff.triggers import Escalation, escalation, second_failure
from tests.unit.tables import READS, Arguments, Function, check, reads

TABLE = [
    *reads(
        escalation,
        ("洗衣机冒烟了怎么办", (), Escalation("report_hazard", "safety_hazard", "fire")),
        # A hazard wins over everything, an angry one too.
        ("垃圾 插座冒火花了", ("垃圾",), Escalation("report_hazard", "safety_hazard", "sparks")),
        ("/human", (), Escalation("request_human", "customer_request")),
        ("垃圾客服", (), None),
        ("垃圾客服", ("你好", "E4怎么办"), None),
        ("useless bot", ("scammers", "hello"), Escalation("request_human", "customer_upset")),
        # An angry message long ago does not count.
        ("useless bot", ("stupid", "a", "b", "c", "d", "e"), None),
        ("洗衣机E4", ("垃圾客服",), None),
    ),
    *reads(
        second_failure,
        (None, 3, False),
        (2.0, 3, True),
        (1.0, 3, False),
        (3.0, 3, False),
    ),
]


@pytest.mark.parametrize(READS, TABLE)
def test_hand_over_decisions(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)
