"""Keeps the ``language`` slot on the language of the customer's latest message.

Rasa runs ``action_validate_slot_mappings`` after every customer message, before the
next action is chosen, so every response that follows is rendered in the new language.
Setting the slot in the same action that utters a response would be too late: that
response would be rendered with the old value.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from bot.language import Language, detect_language, is_language

__all__ = ["ValidateSlotMappings", "language_of_latest_message"]


def language_of_latest_message(tracker: Tracker) -> Language:
    """Returns the language of the latest customer message.

    The gateway detects it and sends it as message metadata; a message from elsewhere
    (e.g. ``rasa shell``) is detected here.
    """
    latest: dict[str, Any] = tracker.latest_message or {}
    metadata = latest.get("metadata") or {}
    language = metadata.get("language")
    if is_language(language):
        return language
    previous = tracker.get_slot("language")
    return detect_language(latest.get("text") or "", previous if is_language(previous) else None)


class ValidateSlotMappings(ValidationAction):
    """Extracts the slots that have custom mappings, on every customer message."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_validate_slot_mappings"

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Sets ``language`` from the latest customer message."""
        return {"language": language_of_latest_message(tracker)}
