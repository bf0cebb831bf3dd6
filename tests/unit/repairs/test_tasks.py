"""What a request about a booking asks, and which reply reports it."""

from __future__ import annotations

import pytest

from bot.repairs.tasks import CHANGES, visit_questions, visit_reply, visit_task


@pytest.mark.parametrize(
    ("intent", "task"),
    [
        ("repair_status", "status"),
        ("reschedule_repair", "reschedule"),
        ("cancel_repair", "cancel"),
        ("inform", "status"),
        (None, "status"),
    ],
)
def test_visit_task(intent: str | None, task: str) -> None:
    assert visit_task(intent) == task


@pytest.mark.parametrize(
    ("task", "questions"),
    [
        ("status", ["reference", "phone"]),
        (None, ["reference", "phone"]),
        ("reschedule", ["reference", "phone", "visit_window"]),
        ("cancel", ["reference", "phone", "cancel_confirmed"]),
    ],
)
def test_visit_questions(task: str | None, questions: list[str]) -> None:
    assert visit_questions(task) == questions


@pytest.mark.parametrize(
    ("task", "confirmed", "key"),
    [
        ("cancel", True, "visit_cancelled"),
        ("cancel", False, "visit_kept"),
        ("reschedule", False, "visit_moved"),
        ("status", False, "visit_status"),
        (None, True, "visit_status"),
    ],
)
def test_visit_reply(task: str | None, confirmed: bool, key: str) -> None:
    assert visit_reply(task, confirmed) == key


def test_a_changed_address_asks_the_city_again() -> None:
    assert CHANGES["address"] == ("city", "address")
    assert list(CHANGES) == ["visit_window", "address", "phone", "customer_name", "appliance"]
