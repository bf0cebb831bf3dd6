"""Handing a customer to a person: for now, the durable queue of waiting requests."""

from bot.handoff.models import HandoffRequest
from bot.handoff.queue import (
    CRITICAL_PRIORITY,
    REASONS,
    HandoffView,
    InvalidHandoff,
    enqueue_handoff,
    queued_handoffs,
)

__all__ = [
    "CRITICAL_PRIORITY",
    "REASONS",
    "HandoffRequest",
    "HandoffView",
    "InvalidHandoff",
    "enqueue_handoff",
    "queued_handoffs",
]
