"""What a request about a booking asks, and which reply reports it."""

from __future__ import annotations

import pytest

from bot.repairs.tasks import CHANGES, visit_questions, visit_reply, visit_task
from tests.unit.tables import READS, Arguments, Function, check, reads


@pytest.mark.parametrize(
    READS,
    [
        *reads(
            visit_task,
            ("repair_status", "status"),
            ("reschedule_repair", "reschedule"),
            ("cancel_repair", "cancel"),
            ("inform", "status"),
            (None, "status"),
        ),
        *reads(
            visit_questions,
            ("status", ["reference", "phone"]),
            (None, ["reference", "phone"]),
            ("reschedule", ["reference", "phone", "visit_window"]),
            ("cancel", ["reference", "phone", "cancel_confirmed"]),
        ),
        *reads(
            visit_reply,
            ("cancel", True, "visit_cancelled"),
            ("cancel", False, "visit_kept"),
            ("reschedule", False, "visit_moved"),
            ("status", False, "visit_status"),
            (None, True, "visit_status"),
        ),
    ],
)
def test_visit_requests(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)


def test_a_changed_address_asks_the_city_again() -> None:
    assert CHANGES["address"] == ("city", "address")
    assert list(CHANGES) == ["visit_window", "address", "phone", "customer_name", "appliance"]
