"""When the assistant hands a conversation to a person without the dialogue deciding it.

The gateway reads every customer message before the assistant does
(:func:`escalation`): a safety hazard (:mod:`bot.understanding.hazards`), the typed
``/human`` command, or a second angry message among the customer's latest few
(:mod:`bot.understanding.signals`) go to the assistant as the hand-over intent, whatever
its classifier would have read; the dialogue then gives first steps where needed and
queues the conversation. The dialogue itself hands over on a second turn in a row that
it could not handle (:func:`second_failure`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.understanding.hazards import Hazard, find_hazard
from bot.understanding.signals import command, is_hostile

__all__ = ["ANGER_WINDOW", "Escalation", "escalation", "second_failure"]

#: How many of the customer's previous messages an earlier angry one is looked for in.
ANGER_WINDOW: Final = 5


@dataclass(frozen=True)
class Escalation:
    """A message the assistant is to read as a hand-over, and why.

    Attributes:
        intent: The intent the assistant is sent: ``report_hazard`` or ``request_human``.
        reason: The handoff's reason (:data:`bot.handoff.queue.REASONS`).
        hazard: The safety hazard, for ``report_hazard``.
    """

    intent: str
    reason: str
    hazard: Hazard | None = None


def escalation(text: str, earlier: Sequence[str] = ()) -> Escalation | None:
    """Decides whether a customer message hands the conversation over at once.

    Args:
        text: The customer's message.
        earlier: The customer's previous messages in this conversation, oldest first.

    Returns:
        The hand-over, or ``None`` to let the assistant read the message as usual.
    """
    hazard = find_hazard(text)
    if hazard is not None:
        return Escalation("report_hazard", "safety_hazard", hazard)
    if command(text) == "human":
        return Escalation("request_human", "customer_request")
    if is_hostile(text) and any(is_hostile(said) for said in earlier[-ANGER_WINDOW:]):
        return Escalation("request_human", "customer_upset")
    return None


def second_failure(previous_failure: float | None, turn: int) -> bool:
    """Tells whether this unhandled turn follows another one directly.

    Args:
        previous_failure: The turn number (from 1) the assistant last could not handle.
        turn: This turn's number.
    """
    return previous_failure is not None and int(previous_failure) == turn - 1
