"""Building blocks of the forms' actions: a form's validation and its questions.

Every form has a ``validate_<form>`` action that lists the questions still to ask and
validates each answer, and one ``action_ask_<form>_<slot>`` action per question.

Two checks guard the answers (:mod:`bot.understanding.sense`): anger or an accusation
that says nothing else is not an answer in any form (an apology, the offer of a person,
and the question stays open); an answer that cannot be what was asked is queried once
(:func:`sensible`), the ``sense_checked`` slot remembering which question's answer
was queried.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.common import (
    AskForSlot,
    Reply,
    RespondingAction,
    latest_text,
    phone_answer,
    previous_value,
)
from actions.routing import answer_if_question
from bot.understanding.sense import is_hostile_remark, query, shown

__all__ = [
    "SENSE_CHECKED",
    "FormStart",
    "FormValidation",
    "PhoneAnswer",
    "detail_answer",
    "sensible",
    "slot_questions",
    "taken",
]

#: The slot naming the question whose answer was queried (once) as making no sense.
SENSE_CHECKED = "sense_checked"


class FormStart(RespondingAction, ABC):
    """The action that runs before a form opens, on the request that opens it.

    A question that only looks like the request ("是要换滤芯了吗") is answered from the
    knowledge base and the form does not open; otherwise :meth:`prefill` reads what
    the request itself says. Subclasses set ``action``, the action's name.
    """

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Answers a question that only looks like the request; else pre-fills the form."""
        if self.may_be_question(tracker):
            answered = answer_if_question(reply.dispatcher, tracker)
            if answered is not None:
                return answered
        return self.prefill(tracker)

    def may_be_question(self, tracker: Tracker) -> bool:
        """Whether the request may be a question to answer instead: yes, unless overridden."""
        return True

    @abstractmethod
    def prefill(self, tracker: Tracker) -> list[EventType]:
        """The slots the request itself fills."""


class FormValidation(FormValidationAction, ABC):
    """The ``validate_<form>`` action of a form: its questions come from :meth:`questions`.

    Anger or an accusation given as the answer to the open question is not taken: the
    customer gets an apology and the offer of a person, and the question is asked again.
    Subclasses set ``form`` and define ``questions`` and a ``validate_<slot>`` method
    per slot to validate.
    """

    form = ""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return f"validate_{self.form}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The questions of the form, in order, given what the conversation holds."""
        return self.questions(tracker)

    @abstractmethod
    def questions(self, tracker: Tracker) -> list[str]:
        """The slots the form asks for, in order."""

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Validates the answers, unless the answer to the open question is only anger."""
        asked = tracker.get_slot("requested_slot")
        answers = tracker.slots_to_validate()
        if asked not in answers or not is_hostile_remark(latest_text(tracker)):
            events: list[EventType] = await super().get_validation_events(
                dispatcher, tracker, domain
            )
            return events
        reply = Reply.to(dispatcher, tracker)
        reply.say("insult_apology", [reply.person()])
        questions = self.questions(tracker)
        # Whatever this message filled stays as it was before it.
        return [
            SlotSet(slot, previous_value(tracker, slot)) for slot in answers if slot in questions
        ]


class PhoneAnswer:
    """Validates the ``phone`` answer of a form (mixed into its :class:`FormValidation`)."""

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a mainland mobile or an international number."""
        return {"phone": phone_answer(dispatcher, tracker, value)}


def detail_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, found: Any, invalid: str
) -> dict[str, Any]:
    """Sets ``slot`` to what was read; when nothing was (``None``), says ``invalid`` too."""
    if found is None:
        Reply.to(dispatcher, tracker).say(invalid)
    return {slot: found}


def sensible(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    slot: str,
    typed: str,
    found: dict[str, Any],
) -> dict[str, Any]:
    """The answer ``found`` in ``typed``, unless it cannot be what ``slot`` asked.

    Such an answer is queried instead, quoting it, and the question stays open; a second
    one to the same question is taken (the customer may know better). Answers read while
    another question was open are never queried.

    Returns:
        The slots to set.
    """
    queried = tracker.get_slot(SENSE_CHECKED)
    key = query(slot, typed, queried) if tracker.get_slot("requested_slot") == slot else None
    if key is None:
        return taken(tracker, slot, found)
    Reply.to(dispatcher, tracker).say(key, typed=shown(typed))
    return {slot: None, SENSE_CHECKED: slot}


def taken(tracker: Tracker, slot: str, found: dict[str, Any]) -> dict[str, Any]:
    """``found``, and, when it answers ``slot`` whose answer was queried, the query done."""
    if found.get(slot) is not None and tracker.get_slot(SENSE_CHECKED) == slot:
        return {**found, SENSE_CHECKED: None}
    return found


def slot_questions(form: str, *slots: str, **messages: str) -> dict[str, type[AskForSlot]]:
    """The actions that ask for the slots of ``form``, one per slot.

    Args:
        form: The form's name.
        *slots: The slots asked for with catalogue entry ``ask_<slot>``.
        **messages: The slots asked for with another catalogue entry, and that entry.

    Returns:
        Per slot, an :class:`~actions.common.AskForSlot` subclass named
        ``action_ask_<form>_<slot>``.
    """
    asked = {**dict.fromkeys(slots, ""), **messages}
    return {slot: _slot_question(form, slot, message) for slot, message in asked.items()}


def _slot_question(form: str, slot: str, message: str) -> type[AskForSlot]:
    title = "".join(part.title() for part in f"ask_{form}_{slot}".split("_"))
    return type(
        f"Action{title}",
        (AskForSlot,),
        {
            "__doc__": f"Asks for {slot} in {form}.",
            "__module__": __name__,
            "form": form,
            "slot": slot,
            "message": message,
        },
    )
