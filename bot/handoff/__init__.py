"""Handing a customer to a person: the queue, claiming it once, the agent's work.

A request is stored with the conversation's move to ``waiting``
(:func:`request_handoff`), claimed by exactly one agent (:func:`claim`), answered
(:func:`agent_reply`), passed on (:func:`transfer`) and resolved (:func:`resolve`),
each in one transaction with its audit row (:class:`HandoffEvent`).
"""

from bot.handoff.audit import handoff_events
from bot.handoff.claims import claim, transfer
from bot.handoff.desk import RATINGS, agent_reply, record_rating, resolve
from bot.handoff.errors import (
    AlreadyClaimed,
    HandoffError,
    HandoffNotFound,
    HandoffNotOpen,
    HeldElsewhere,
    InvalidHandoff,
    NotYourConversation,
)
from bot.handoff.models import HandoffEvent, HandoffRequest
from bot.handoff.queue import (
    CRITICAL_PRIORITY,
    REASONS,
    HandoffView,
    enqueue_handoff,
    queued_handoffs,
)
from bot.handoff.requests import release_to_bot, request_handoff
from bot.handoff.summary import HandoffSummary

__all__ = [
    "CRITICAL_PRIORITY",
    "RATINGS",
    "REASONS",
    "AlreadyClaimed",
    "HandoffError",
    "HandoffEvent",
    "HandoffNotFound",
    "HandoffNotOpen",
    "HandoffRequest",
    "HandoffSummary",
    "HandoffView",
    "HeldElsewhere",
    "InvalidHandoff",
    "NotYourConversation",
    "agent_reply",
    "claim",
    "enqueue_handoff",
    "handoff_events",
    "queued_handoffs",
    "record_rating",
    "release_to_bot",
    "request_handoff",
    "resolve",
    "transfer",
]
