"""What the assistant does when it is unsure what to do next."""

from __future__ import annotations

from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.interfaces import Tracker

from actions.common import Reply, RespondingAction
from actions.handoff import mark_unhandled, unhandled
from actions.inform import service_menu

__all__ = ["ActionDefaultFallback"]


class ActionDefaultFallback(RespondingAction):
    """Asks the customer to rephrase and offers the services, in their language.

    Replaces Rasa's built-in fallback so that the message comes from the bilingual
    catalogue; like the built-in one, it forgets the turn it could not handle. The
    second such turn in a row hands over to a person.
    """

    action = "action_default_fallback"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the rephrase request with the service menu, or hands over."""
        handed = unhandled(reply, tracker)
        if handed is not None:
            return handed
        reply.say("default", service_menu(reply.language))
        # After the revert, so that the mark is kept.
        return [UserUtteranceReverted(), mark_unhandled(tracker)]
