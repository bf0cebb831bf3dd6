"""What the customer asks to do with a booking, and which questions and reply it brings.

A booking being made can have a detail changed from its summary; a booked visit can be
checked, moved or cancelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "BOOKING_QUESTIONS",
    "CHANGES",
    "PER_BOOKING",
    "VisitTask",
    "visit_questions",
    "visit_reply",
    "visit_task",
]

VisitTask = Literal["status", "reschedule", "cancel"]

#: The booking form's questions, in the order they are asked (the model's only while the
#: customer has not said they cannot give it).
BOOKING_QUESTIONS: Final = (
    "product",
    "symptom",
    "model",
    "city",
    "address",
    "customer_name",
    "phone",
    "visit_window",
    "booking_confirmed",
)
#: What a finished or abandoned booking forgets; who and where the customer is stays.
PER_BOOKING: Final = (
    "symptom",
    "error_code",
    "visit_window",
    "visit_preference",
    "when",
    "booking_confirmed",
    "visit_task",
    "cancel_confirmed",
)
#: What each "change" button of the booking summary asks again.
CHANGES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "visit_window": ("visit_window",),
        "address": ("city", "address"),
        "phone": ("phone",),
        "customer_name": ("customer_name",),
        "appliance": ("product", "model", "symptom", "error_code", "model_unknown"),
    }
)
_TASKS: Final[Mapping[str, VisitTask]] = MappingProxyType(
    {"repair_status": "status", "reschedule_repair": "reschedule", "cancel_repair": "cancel"}
)
_EXTRA_QUESTIONS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {"reschedule": ("visit_window",), "cancel": ("cancel_confirmed",)}
)


def visit_task(intent: str | None) -> VisitTask:
    """What the customer wants done with a booked visit, by the intent that asked."""
    return _TASKS.get(str(intent), "status")


def visit_questions(task: str | None) -> list[str]:
    """Reference and phone; then a new window to move, or a yes to cancel."""
    return ["reference", "phone", *_EXTRA_QUESTIONS.get(str(task), ())]


def visit_reply(task: str | None, cancel_confirmed: bool) -> str:
    """The catalogue key that reports a visit after ``task``."""
    if task == "cancel":
        return "visit_cancelled" if cancel_confirmed else "visit_kept"
    return "visit_moved" if task == "reschedule" else "visit_status"
