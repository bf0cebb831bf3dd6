"""Helpers shared by the action modules."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from bot.language import Language, is_language
from bot.phone import normalise_phone
from bot.texts import render

__all__ = [
    "AskForSlot",
    "Reply",
    "RespondingAction",
    "choice",
    "forget",
    "language_of",
    "latest_confidence",
    "latest_intent",
    "latest_text",
    "person_button",
    "phone_answer",
    "previous_value",
]


def language_of(tracker: Tracker) -> Language:
    """The conversation's language (set from every customer message)."""
    value = tracker.get_slot("language")
    return value if is_language(value) else "zh"


def latest_text(tracker: Tracker) -> str:
    """What the customer wrote last, as text."""
    text = (tracker.latest_message or {}).get("text") or ""
    return str(text)


def latest_intent(tracker: Tracker) -> str | None:
    """The intent the NLU model read in the customer's latest message."""
    name = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return str(name) if name else None


def latest_confidence(tracker: Tracker) -> float:
    """How sure the NLU model is of the intent it read in the latest message."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return float(intent.get("confidence") or 0)


def choice(language: Language, key: str, payload: str) -> dict[str, str]:
    """A button titled with catalogue entry ``key`` in the customer's language."""
    return {"title": render(key, language), "payload": payload}


def person_button(language: Language) -> dict[str, str]:
    """The button that hands the conversation to a person."""
    return choice(language, "button_person", "/request_human")


def forget(*slots: str) -> list[EventType]:
    """The events that clear ``slots``, in order."""
    return [SlotSet(slot, None) for slot in slots]


@dataclass(frozen=True)
class Reply:
    """Where an action's messages go, and the customer's language they are written in."""

    dispatcher: CollectingDispatcher
    language: Language

    @classmethod
    def to(cls, dispatcher: CollectingDispatcher, tracker: Tracker) -> Reply:
        """Replies sent to ``dispatcher`` in the language of the conversation ``tracker``."""
        return cls(dispatcher, language_of(tracker))

    def say(self, key: str, buttons: list[dict[str, str]] | None = None, **values: Any) -> None:
        """Sends catalogue message ``key``, its braces filled from ``values``."""
        text = render(key, self.language, **values)
        self.dispatcher.utter_message(text=text, buttons=buttons or [])

    def choice(self, key: str, payload: str) -> dict[str, str]:
        """A button titled with catalogue entry ``key``."""
        return choice(self.language, key, payload)

    def person(self) -> dict[str, str]:
        """The button that hands the conversation to a person."""
        return person_button(self.language)


class RespondingAction(Action, ABC):
    """An action that replies in the customer's language: :meth:`respond` is what it does.

    Subclasses set ``action``, the action's name in the domain, and define ``respond``.
    """

    action = ""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return self.action

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Responds in the conversation's language."""
        return self.respond(Reply.to(dispatcher, tracker), tracker)

    @abstractmethod
    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Replies to the customer's latest message.

        Args:
            reply: Where the replies go, in the customer's language.
            tracker: The conversation.

        Returns:
            The events to apply to the conversation.
        """


class AskForSlot(RespondingAction):
    """Asks for one slot of a form with a catalogue message, in the customer's language.

    Subclasses set ``form``, ``slot`` and, when it differs from ``ask_<slot>``, ``message``.
    """

    form = ""
    slot = ""
    message = ""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return f"action_ask_{self.form}_{self.slot}"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the question."""
        reply.say(self.message or f"ask_{self.slot}")
        return []


def phone_answer(dispatcher: CollectingDispatcher, tracker: Tracker, value: Any) -> str | None:
    """Reads a phone number (E.164), explaining a bad one only if the phone was asked for.

    Numbers also turn up in answers to other questions (a serial, a street number); they
    are not the customer's phone, and saying so would only confuse. When the phone was
    asked for, the whole answer is read too: the model may annotate only part of a
    spaced number ("139 1234 5678").
    """
    asked = tracker.get_slot("requested_slot") == "phone"
    phone = normalise_phone(str(value or ""))
    if phone is None and asked:
        phone = normalise_phone(latest_text(tracker))
    if phone is None and asked:
        Reply.to(dispatcher, tracker).say("invalid_phone")
    return phone


def previous_value(tracker: Tracker, slot: str) -> Any:
    """The value ``slot`` had before the customer's latest message."""
    seen_latest_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_latest_message = True
        elif seen_latest_message and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None
