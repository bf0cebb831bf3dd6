"""Who answers a customer message once handoffs exist: the gateway's side of handing over.

* ``bot``: the assistant, except that a hazard, ``/human`` or renewed anger go to it as
  the hand-over intent (:func:`bot.handoff.triggers.escalation`), and a pressed rating
  button is recorded here (the rating of a person's help is not the dialogue's business).
* ``waiting``: nobody answers (the person will), except that "算了" / "never mind" or
  the "never mind" button give the conversation back to the assistant, and the callback
  button cancels the wait and lets the assistant take the callback request. A safety
  hazard gets its first steps at once and makes the request most urgent.
* ``agent``: nobody answers: the person has it; a pressed "never mind" button is told
  the person's name, and a safety hazard still gets its first steps at once.

A conversation going back to the assistant is told to the dialogue engine as tracker
events, so it knows the handoff ended (:mod:`bot.handoff.resume`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Final

from sqlalchemy import select

from bot.clock import Clock
from bot.conversations import journal
from bot.conversations.model import Assistant, CustomerTurn, Reply, TurnResult
from bot.conversations.models import Message
from bot.conversations.routing import AssistantResponder, Responder
from bot.conversations.states import AGENT, BOT, WAITING
from bot.db import UowFactory
from bot.handoff.desk import record_rating
from bot.handoff.errors import AlreadyClaimed, HandoffError, InvalidHandoff
from bot.handoff.models import HandoffRequest
from bot.handoff.queue import CRITICAL_PRIORITY
from bot.handoff.requests import escalate, release_to_bot
from bot.handoff.resume import RATE, TrackerEvents, agent_name, ended_handoff_events
from bot.handoff.triggers import escalation
from bot.texts import render
from bot.understanding.hazards import find_hazard
from bot.understanding.signals import changes_mind

__all__ = [
    "BACK_TO_BOT",
    "CALLBACK",
    "BotResponder",
    "WaitingResponder",
    "handoff_responders",
]

logger = logging.getLogger(__name__)

BACK_TO_BOT: Final = "/back_to_bot"
CALLBACK: Final = "/request_callback"
_RATING: Final = re.compile(re.escape(RATE) + r"(\{.*\})")
#: How many earlier customer messages are read for renewed anger.
_EARLIER: Final = 5


def _read_rating(payload: str) -> tuple[int, int] | None:
    match = _RATING.fullmatch(payload)
    if match is None:
        return None
    try:
        data = json.loads(match.group(1))
        return int(data["handoff"]), int(data["rating"])
    except (ValueError, KeyError, TypeError):
        return None


def _say(uow_factory: UowFactory, turn: CustomerTurn, key: str, **values: str) -> Reply:
    """Stores one bot message in the conversation, marks the turn delivered, returns it."""
    text = render(key, turn.language, **values)
    with uow_factory() as uow:
        journal.add_message(
            uow.session,
            turn.conversation_id,
            sender="bot",
            text=text,
            channel=turn.channel,
            language=turn.language,
        )
        uow.session.get_one(Message, turn.message_id).delivery = "delivered"
        uow.commit()
    return Reply(text)


class BotResponder:
    """The assistant answers; the gateway first reads hazards, anger, ``/human`` and ratings.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        assistant: Answers the conversation's messages.
        clock: Tells the time of a rating.
    """

    def __init__(self, uow_factory: UowFactory, assistant: Assistant, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._assistant = AssistantResponder(uow_factory, assistant)
        self._clock = clock

    def answer(self, turn: CustomerTurn) -> TurnResult:
        """Records a rating, or sends the message (or the hand-over it means) to the assistant."""
        if turn.payload is not None:
            rated = _read_rating(turn.payload)
            if rated is not None:
                return self._rate(turn, *rated)
            return self._assistant.answer(turn)
        escalated = escalation(turn.text, self._earlier(turn))
        if escalated is None:
            return self._assistant.answer(turn)
        metadata = {**turn.metadata, "handoff_reason": escalated.reason, "text": turn.text}
        if escalated.hazard is not None:
            metadata["hazard"] = escalated.hazard
        forced = replace(turn, forwarded=f"/{escalated.intent}", metadata=metadata)
        return self._assistant.answer(forced)

    def _earlier(self, turn: CustomerTurn) -> list[str]:
        with self._uow_factory() as uow:
            texts = uow.session.scalars(
                select(Message.text)
                .where(
                    Message.conversation_id == turn.conversation_id,
                    Message.sender == "customer",
                    Message.id != turn.message_id,
                    Message.payload.is_(None),
                )
                .order_by(Message.seq.desc())
                .limit(_EARLIER)
            ).all()
        return list(reversed(texts))

    def _rate(self, turn: CustomerTurn, handoff_id: int, rating: int) -> TurnResult:
        try:
            record_rating(self._uow_factory, handoff_id, rating, now=self._clock.now())
        except (HandoffError, InvalidHandoff) as exc:
            logger.warning("rating of handoff %s refused: %s", handoff_id, exc)
            return self._assistant.answer(replace(turn, forwarded=turn.text, payload=None))
        return TurnResult(replies=(_say(self._uow_factory, turn, "handoff_rated"),), state=BOT)


class WaitingResponder:
    """Keeps the customer's messages for the person, unless the customer changes their mind.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        assistant: Answers once the conversation is back with the bot.
        clock: Tells the time of the change.
        tracker: Tells the dialogue engine that the handoff ended; ``None`` if it
            cannot be told.
    """

    def __init__(
        self,
        uow_factory: UowFactory,
        assistant: Assistant,
        clock: Clock,
        tracker: TrackerEvents | None,
    ) -> None:
        self._uow_factory = uow_factory
        self._assistant = AssistantResponder(uow_factory, assistant)
        self._clock = clock
        self._tracker = tracker

    def answer(self, turn: CustomerTurn) -> TurnResult:
        """Gives the conversation back to the bot on "never mind"; otherwise stays silent.

        With a person already holding the conversation, "算了" is for that person to
        read; a pressed "never mind" or callback button gets the person's name.
        """
        hazard = find_hazard(turn.text) if turn.payload is None else None
        if hazard is not None:
            return self._safety_first(turn, hazard)
        callback = turn.payload == CALLBACK
        pressed = turn.payload in (BACK_TO_BOT, CALLBACK)
        never_mind = pressed or (turn.payload is None and changes_mind(turn.text))
        if not never_mind:
            return TurnResult(replies=(), state=turn.state)
        try:
            if turn.state == AGENT:
                raise AlreadyClaimed(0, self._holder(turn.conversation_id))
            release_to_bot(self._uow_factory, turn.conversation_id, now=self._clock.now())
        except AlreadyClaimed as exc:
            if not pressed:
                return TurnResult(replies=(), state=AGENT)
            name = agent_name(self._uow_factory, exc.holder)
            reply = _say(self._uow_factory, turn, "handoff_already_claimed", agent=name)
            return TurnResult(replies=(reply,), state=AGENT)
        except HandoffError:
            return TurnResult(replies=(), state=turn.state)
        self._tell_engine(turn.conversation_id)
        if callback:
            return self._assistant.answer(replace(turn, state=BOT))
        back = _say(self._uow_factory, turn, "handoff_back_to_bot")
        return TurnResult(replies=(back,), state=BOT)

    def _safety_first(self, turn: CustomerTurn, hazard: str) -> TurnResult:
        """First steps at once, and the request made most urgent; the person reads it too."""
        escalate(
            self._uow_factory,
            turn.conversation_id,
            priority=CRITICAL_PRIORITY,
            reason="safety_hazard",
            now=self._clock.now(),
        )
        intro = _say(self._uow_factory, turn, "safety_intro")
        steps = _say(self._uow_factory, turn, f"safety_{hazard}")
        return TurnResult(replies=(intro, steps), state=turn.state)

    def _holder(self, conversation_id: str) -> str | None:
        with self._uow_factory() as uow:
            return uow.session.scalar(
                select(HandoffRequest.agent)
                .where(
                    HandoffRequest.conversation_id == conversation_id,
                    HandoffRequest.status == AGENT,
                )
                .order_by(HandoffRequest.id.desc())
                .limit(1)
            )

    def _tell_engine(self, conversation_id: str) -> None:
        if self._tracker is None:
            return
        try:
            self._tracker.tell(conversation_id, ended_handoff_events("cancelled"))
        except Exception:
            logger.warning("could not tell the dialogue engine about %s", conversation_id)


def handoff_responders(
    uow_factory: UowFactory, assistant: Assistant, clock: Clock, tracker: TrackerEvents | None
) -> Mapping[str, Responder]:
    """Returns who answers in each state once handoffs exist (see the module's rules)."""
    return {
        BOT: BotResponder(uow_factory, assistant, clock),
        WAITING: WaitingResponder(uow_factory, assistant, clock, tracker),
        AGENT: WaitingResponder(uow_factory, assistant, clock, tracker),
    }
