"""A callback instead of a chat: the customer's phone and preferred time become a ticket.

Offered when nobody can take the chat (outside the agents' shift, nobody online, or a
long wait). A phone number the conversation already holds is not asked again.
"""

from __future__ import annotations

from typing import Any, Final

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.common import Reply, RespondingAction, latest_text
from actions.forms import FormValidation, PhoneAnswer, detail_answer, slot_questions
from actions.handoff import handoff_summary
from bot import services
from bot.handoff.callbacks import MAX_PREFERRED_TIME_LENGTH, create_callback

__all__ = ["QUESTIONS", "ActionCallbackRequested", "ActionStartCallback", "ValidateCallbackForm"]

_FORM: Final = "callback_form"
QUESTIONS = slot_questions(_FORM, phone="callback_ask_phone", callback_time="callback_ask_time")


class ActionStartCallback(RespondingAction):
    """Opens the callback request afresh: an earlier preferred time is not reused."""

    action = "action_start_callback"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Forgets any earlier preferred time."""
        return [SlotSet("callback_time", None)]


class ValidateCallbackForm(PhoneAnswer, FormValidation):
    """Asks for the phone (unless known) and when to call."""

    form = _FORM

    def questions(self, tracker: Tracker) -> list[str]:
        """Phone and time, in that order."""
        return ["phone", "callback_time"]

    def validate_callback_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Takes the whole answer ("tomorrow after 2pm", not just "2pm"), up to 200 characters.

        Any words with a letter or a digit in them will do: a person reads them.
        """
        asked = tracker.get_slot("requested_slot") == "callback_time"
        said = (latest_text(tracker) if asked else "") or str(value or "")
        said = said.strip()
        usable = any(ch.isalnum() for ch in said) and not said.startswith("/")
        found = said[:MAX_PREFERRED_TIME_LENGTH] if usable else None
        return detail_answer(dispatcher, tracker, "callback_time", found, "callback_time_invalid")


class ActionCallbackRequested(RespondingAction):
    """Stores the callback ticket and gives its reference first."""

    action = "action_callback_requested"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Creates the ticket with what the conversation holds, and says its reference."""
        phone = str(tracker.get_slot("phone"))
        when = str(tracker.get_slot("callback_time"))
        reference = create_callback(
            services.unit_of_work(),
            conversation_id=tracker.sender_id,
            phone=phone,
            preferred_time=when,
            language=reply.language,
            channel=None,
            summary=handoff_summary(tracker),
            now=services.now(),
        )
        reply.say("callback_done", reference=reference, phone=phone, time=when)
        return [SlotSet("callback_time", None)]
