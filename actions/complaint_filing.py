"""Filing a complaint: recorded with a reference and a response time, and triaged.

The complaint form takes what the customer already said as the description (and
guesses the category from it), adds the appliance and booking the conversation knows,
and asks only for what is missing. Safety complaints are critical: they are queued
for a person at once and the customer gets the safety first steps.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import choice, language_of, latest_text, person_button, phone_answer, say
from actions.forms import slot_question
from actions.routing import answer_if_question
from bot import services
from bot.complaints import (
    CATEGORIES,
    RESPONSE_HOURS,
    ComplaintRequest,
    ComplaintsError,
    file_complaint,
    find_safety_words,
    guess_category,
)
from bot.language import Language
from bot.texts import render
from bot.understanding.complaints import MAX_DESCRIPTION, category_of, says_what_happened

__all__ = [
    "ActionAskComplaintCategory",
    "ActionAskComplaintDescription",
    "ActionAskComplaintPhone",
    "ActionComplaintFiled",
    "ActionStartComplaint",
    "ValidateComplaintForm",
    "category_label",
]


def category_label(category: str, language: Language) -> str:
    """A complaint category as the customer reads it."""
    return render(f"complaint_category_{category}", language)


class ActionStartComplaint(Action):
    """Reads the complaint message itself: its description and its category."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_start_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answers a question that only looks like a complaint; else pre-fills it.

        A message naming a safety hazard is always taken as a complaint.
        """
        text = latest_text(tracker).strip()
        if not find_safety_words(text):
            answered = answer_if_question(dispatcher, tracker)
            if answered is not None:
                return answered
        events: list[EventType] = [SlotSet("complaint_reference", None)]
        if not says_what_happened(text):
            return [*events, SlotSet("complaint_description", None)]
        events.append(SlotSet("complaint_description", text[:MAX_DESCRIPTION]))
        category = category_of(text)
        if category is not None:
            events.append(SlotSet("complaint_category", category))
        return events


class ValidateComplaintForm(FormValidationAction):
    """Validates the category, description and phone of a complaint."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "validate_complaint_form"

    def validate_complaint_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts one of the categories, pressed or typed."""
        if value in CATEGORIES:
            return {"complaint_category": value}
        guessed = guess_category(latest_text(tracker))
        return {"complaint_category": guessed or "other"}

    def validate_complaint_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a description of up to 2,000 characters."""
        text = str(value or "").strip()
        if len(text) < 2 or len(text) > MAX_DESCRIPTION:
            say(dispatcher, language_of(tracker), "invalid_complaint_description")
            return {"complaint_description": None}
        found: dict[str, Any] = {"complaint_description": text}
        if not tracker.get_slot("complaint_category"):
            category = guess_category(text)
            if category is not None:
                found["complaint_category"] = category
        return found

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a mainland mobile or an international number."""
        return {"phone": phone_answer(dispatcher, tracker, value)}


class ActionAskComplaintCategory(Action):
    """Asks what the complaint is about, with the categories as buttons."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_ask_complaint_form_complaint_category"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the categories."""
        language = language_of(tracker)
        categories = [
            choice(language, f"complaint_category_{c}", '/inform{"complaint_category":"' + c + '"}')
            for c in CATEGORIES
        ]
        say(dispatcher, language, "ask_complaint_category", categories)
        return []


#: Asks what happened.
ActionAskComplaintDescription = slot_question("complaint_form", "complaint_description")
#: Asks how to reach the customer about the complaint.
ActionAskComplaintPhone = slot_question("complaint_form", "phone", "ask_complaint_phone")


class ActionComplaintFiled(Action):
    """Records the complaint and gives the reference and the response time."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_complaint_filed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Files the complaint; a critical one is queued for a person at once."""
        language = language_of(tracker)
        done: list[EventType] = [
            SlotSet("complaint_description", None),
            SlotSet("complaint_category", None),
        ]
        person = [person_button(language)]
        try:
            complaint = file_complaint(
                services.unit_of_work(),
                _request(tracker),
                now=services.now().astimezone(timezone.utc),
            )
        except ComplaintsError:
            say(dispatcher, language, "complaint_not_recorded", person)
            return done
        values: dict[str, Any] = {
            "reference": complaint.reference,
            "category": category_label(complaint.category, language),
            "hours": RESPONSE_HOURS[complaint.severity],
        }
        if complaint.severity == "critical":
            say(dispatcher, language, "complaint_critical", **values)
        elif complaint.repeat_of:
            say(dispatcher, language, "complaint_repeat", person, **values)
        else:
            say(dispatcher, language, "complaint_filed", person, **values)
        return [*done, SlotSet("complaint_reference", complaint.reference)]


def _request(tracker: Tracker) -> ComplaintRequest:
    """The complaint as the conversation states it (the service validates it)."""
    return ComplaintRequest(
        conversation_id=tracker.sender_id,
        language=language_of(tracker),
        category=str(tracker.get_slot("complaint_category") or "other"),
        description=str(tracker.get_slot("complaint_description") or ""),
        model=tracker.get_slot("model"),
        serial_number=tracker.get_slot("serial_number"),
        booking_reference=tracker.get_slot("booking_reference")
        or _visit_reference(tracker.get_slot("reference")),
        customer_name=tracker.get_slot("customer_name"),
        phone=str(tracker.get_slot("phone") or ""),
    )


def _visit_reference(value: Any) -> str | None:
    text = str(value or "")
    return text if text.startswith("RV-") else None
