"""Helpers shared by the action modules."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from bot.language import Language, is_language
from bot.parsing import normalise_phone
from bot.texts import render

__all__ = [
    "AskForSlot",
    "NamedAction",
    "button",
    "choice",
    "language_of",
    "latest_confidence",
    "latest_intent",
    "latest_text",
    "person_button",
    "phone_answer",
    "previous_value",
    "say",
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


def button(language: Language, zh: str, en: str, payload: str) -> dict[str, str]:
    """A button titled in the customer's language."""
    return {"title": zh if language == "zh" else en, "payload": payload}


def choice(language: Language, key: str, payload: str) -> dict[str, str]:
    """A button titled with catalogue entry ``key`` in the customer's language."""
    return {"title": render(key, language), "payload": payload}


def person_button(language: Language) -> dict[str, str]:
    """The button that hands the conversation to a person."""
    return choice(language, "button_person", "/request_human")


def say(
    dispatcher: CollectingDispatcher,
    language: Language,
    key: str,
    buttons: list[dict[str, str]] | None = None,
    **values: Any,
) -> None:
    """Sends catalogue message ``key`` in ``language``, its braces filled from ``values``."""
    dispatcher.utter_message(text=render(key, language, **values), buttons=buttons or [])


class NamedAction(Action):
    """An action whose name in the domain is its ``action`` attribute."""

    action = ""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return self.action


class AskForSlot(Action):
    """Asks for one slot of a form with a catalogue message, in the customer's language.

    Subclasses set ``form``, ``slot`` and, when it differs from ``ask_<slot>``, ``message``.
    """

    form = ""
    slot = ""
    message = ""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return f"action_ask_{self.form}_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the question."""
        say(dispatcher, language_of(tracker), self.message or f"ask_{self.slot}")
        return []


def phone_answer(dispatcher: CollectingDispatcher, tracker: Tracker, value: Any) -> str | None:
    """Reads a phone number (E.164), explaining a bad one only if the phone was asked for.

    Numbers also turn up in answers to other questions (a serial, a street number); they
    are not the customer's phone, and saying so would only confuse.
    """
    phone = normalise_phone(str(value or ""))
    if phone is None and tracker.get_slot("requested_slot") == "phone":
        say(dispatcher, language_of(tracker), "invalid_phone")
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
