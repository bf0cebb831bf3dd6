"""Handing over to a person: on request, on a hazard, on anger, after two unhandled turns.

Every path ends in :func:`hand_over`: the summary is read from the tracker and the
customer's record, :func:`bot.handoff.handover.hand_over` queues the conversation (or
finds nobody there), and the customer is told their place and wait, or offered a
callback. The gateway then keeps the customer's messages for the person and sends none
here until the person resolves the conversation.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.interfaces import Tracker

from actions.common import Reply, latest_text
from bot import services
from bot.handoff.context import customer_record
from bot.handoff.handover import hand_over
from bot.handoff.summary import HandoffSummary
from bot.handoff.triggers import second_failure
from bot.warranty.quote import coverage_of
from bot.warranty.units import find_unit_facts

__all__ = [
    "customer_words",
    "forced_reason",
    "hand_over_events",
    "handoff_summary",
    "known",
    "mark_unhandled",
    "message_metadata",
    "unhandled",
]

_WANTS_LENGTH = 300


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    """What the gateway sent with the latest message (the words behind an intent)."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return metadata if isinstance(metadata, dict) else {}


def forced_reason(tracker: Tracker) -> str | None:
    """The handoff reason the gateway read in the message (a hazard, anger, ``/human``)."""
    reason = message_metadata(tracker).get("handoff_reason")
    return str(reason) if reason else None


def customer_words(tracker: Tracker) -> str:
    """What the customer actually wrote last, also when the gateway sent an intent."""
    said = message_metadata(tracker).get("text")
    return str(said) if said else latest_text(tracker)


def _customer_texts(tracker: Tracker) -> list[str]:
    texts = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    return [text for text in texts if text and not text.startswith("/")]


def _wants(tracker: Tracker) -> str:
    for slot in ("symptom", "complaint_description", "pending_question"):
        value = tracker.get_slot(slot)
        if value:
            return str(value)[:_WANTS_LENGTH]
    said = [customer_words(tracker), *reversed(_customer_texts(tracker))]
    return next((text for text in said if text and not text.startswith("/")), "")[:_WANTS_LENGTH]


def _warranty_status(tracker: Tracker, units: tuple[str, ...]) -> str | None:
    phone = known(tracker, "phone")
    serial = known(tracker, "serial_number") or (units[0] if len(units) == 1 else None)
    if not phone or not serial:
        return None
    kb = services.knowledge()
    unit = find_unit_facts(services.unit_of_work(), str(serial), str(phone), kb.models)
    if unit is None:
        return None
    today = services.clock().today()
    return coverage_of(unit, today, company=kb.company, statutory=kb.statutory).rule


def _articles(tracker: Tracker) -> tuple[str, ...]:
    """The knowledge articles the bot has answered with in this conversation, in order."""
    said = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "bot"]
    if not said:
        return ()
    answers = {
        article.answer(language): article.id
        for article in services.knowledge().articles.values()
        for language in ("zh", "en")
    }
    return tuple(dict.fromkeys(answers[text] for text in said if text in answers))


def known(tracker: Tracker, slot: str) -> Any:
    """The slot's value, or the latest value it had: a booking done forgets its details."""
    value = tracker.get_slot(slot)
    if value is not None:
        return value
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == slot and event.get("value"):
            return event["value"]
    return None


def handoff_summary(tracker: Tracker, hazard: str | None = None) -> HandoffSummary:
    """What the person taking over reads first: the tracker's slots and the customer's record."""
    phone = known(tracker, "phone")
    record = customer_record(
        services.unit_of_work(), conversation_id=tracker.sender_id, phone=phone or None
    )

    def slot(name: str) -> Any:
        return known(tracker, name)

    references = (slot("booking_reference"), slot("reference"))
    return HandoffSummary(
        wants=_wants(tracker),
        category=slot("product"),
        model=slot("model"),
        serial_number=slot("serial_number"),
        error_code=slot("error_code"),
        warranty_status=_warranty_status(tracker, record.units),
        article_ids=_articles(tracker),
        booking_references=tuple(
            dict.fromkeys([*(str(r) for r in references if r), *record.booking_references])
        ),
        complaint_references=record.complaint_references,
        phone=phone,
        units=record.units,
        hazard=hazard,
    )


def hand_over_events(
    reply: Reply, tracker: Tracker, reason: str, hazard: str | None = None
) -> list[EventType]:
    """Queues the conversation for a person (or offers a callback) and tells the customer."""
    outcome = hand_over(
        services.unit_of_work(),
        tracker.sender_id,
        reason=reason,
        language=reply.language,
        channel=str(message_metadata(tracker).get("channel") or "api"),
        summary=handoff_summary(tracker, hazard),
        shift=services.agent_shift(),
        now=services.now(),
    )
    if outcome.outcome == "queued" and outcome.estimate is not None:
        never_mind = reply.choice("handoff_button_never_mind", "/back_to_bot")
        reply.say(
            "handoff_queued",
            [never_mind],
            position=outcome.estimate.position,
            minutes=outcome.estimate.minutes,
        )
        return [SlotSet("handoff", "requested")]
    callback = reply.choice("handoff_button_callback", "/request_callback")
    if outcome.outcome == "closed":
        hours = services.agent_shift().hours(reply.language)
        reply.say("handoff_closed", [callback], hours=hours)
    else:
        reply.say("handoff_nobody", [callback])
    return [SlotSet("handoff", outcome.outcome)]


def _user_turn(tracker: Tracker) -> int:
    return sum(1 for event in tracker.events if event.get("event") == "user")


def unhandled(reply: Reply, tracker: Tracker) -> list[EventType] | None:
    """Hands over on the second turn in a row the assistant could not handle.

    Returns:
        The hand-over's events, or ``None``: the caller says it could not help and
        adds :func:`mark_unhandled`'s event.
    """
    if second_failure(tracker.get_slot("unhandled_turn"), _user_turn(tracker)):
        reply.say("handoff_cannot_help")
        return hand_over_events(reply, tracker, "bot_cannot_help")
    return None


def mark_unhandled(tracker: Tracker) -> EventType:
    """The event that remembers this turn as one the assistant could not handle."""
    return SlotSet("unhandled_turn", float(_user_turn(tracker)))
