"""What the assistant does when it is unsure what to do next."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import language_of, say
from actions.inform import service_menu

__all__ = ["ActionDefaultFallback"]


class ActionDefaultFallback(Action):
    """Asks the customer to rephrase and offers the services, in their language.

    Replaces Rasa's built-in fallback so that the message comes from the bilingual
    catalogue; like the built-in one, it forgets the turn it could not handle.
    """

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the rephrase request with the service menu."""
        language = language_of(tracker)
        say(dispatcher, language, "default", service_menu(language))
        return [UserUtteranceReverted()]
