"""Complaints: recorded with a reference and a response time, triaged, and tracked.

The complaint form takes what the customer already said as the description (and
guesses the category from it), adds the appliance and booking the conversation knows,
and asks only for what is missing. Safety complaints are critical: they are queued
for a person at once and the customer gets the safety first steps. The status form
finds a complaint by reference and phone; a wrong phone reveals nothing.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Final

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import (
    AskForSlot,
    button,
    language_of,
    latest_text,
    person_button,
    phone_answer,
    say,
)
from actions.routing import answer_if_question
from bot import services
from bot.complaints import (
    CATEGORIES,
    CATEGORY_LABELS,
    RESPONSE_HOURS,
    Complaint,
    ComplaintClosed,
    ComplaintNotFound,
    ComplaintRequest,
    ComplaintsError,
    add_information,
    file_complaint,
    find_complaint,
    find_safety_words,
    guess_category,
)
from bot.language import Language
from bot.parsing import find_reference

__all__ = [
    "ActionAskComplaintAddition",
    "ActionAskComplaintCategory",
    "ActionAskComplaintDescription",
    "ActionAskComplaintPhone",
    "ActionAskComplaintReference",
    "ActionAskComplaintStatusPhone",
    "ActionComplaintFiled",
    "ActionComplaintStatus",
    "ActionStartComplaint",
    "ActionStartComplaintStatus",
    "ValidateComplaintForm",
    "ValidateComplaintStatusForm",
    "complaint_status_text",
    "says_what_happened",
]

#: "I want to complain" and its kin: a message that is only this says nothing yet.
_ASKING_TO_COMPLAIN: Final = re.compile(
    r"(?:我|本人)?(?:要|想|想要|必须|得)?(?:投诉|投拆|反映|举报|抱怨|申诉)(?:一下|下)?(?:你们|您们)?(?:的)?|"
    r"\b(?:i\s*(?:want|would like|'d like|wanna|need|have)\s*to\s*)?"
    r"(?:make|file|lodge|raise|submit|register)?\s*(?:a\s*)?(?:formal\s*)?"
    r"(?:complaint|complain)\b(?:\s*(?:about|against)\s*(?:you|your\s*company))?",
    re.IGNORECASE,
)
_FILLER: Final = re.compile(
    r"[\s\W_]|please|pls|hi|hello|你好|您好|喂|请问|我|了|啊|呀|吧|的|一下", re.I
)


def says_what_happened(text: str) -> bool:
    """Whether a complaint message describes something beyond wanting to complain."""
    rest = _FILLER.sub("", _ASKING_TO_COMPLAIN.sub(" ", text))
    han = len(re.findall(r"[\u4e00-\u9fff]", rest))
    return han >= 4 or len(rest) - han >= 12


_STATUS: Final = {
    "received": ("已受理", "received"),
    "in_progress": ("处理中", "in progress"),
    "resolved": ("已解决", "resolved"),
}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _label(category: str, language: Language) -> str:
    zh, en = CATEGORY_LABELS[category]
    return zh if language == "zh" else en


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
        if text.startswith("/") or not says_what_happened(text):
            return [*events, SlotSet("complaint_description", None)]
        events.append(SlotSet("complaint_description", text[:2000]))
        category = guess_category(text)
        if category is None and find_safety_words(text):
            # A unit that smokes, leaks or shocks is a product safety complaint.
            category = "product_quality"
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
        if len(text) < 2 or len(text) > 2000:
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
        say(
            dispatcher,
            language,
            "ask_complaint_category",
            [
                {
                    "title": _label(c, language),
                    "payload": '/inform{"complaint_category":"' + c + '"}',
                }
                for c in CATEGORIES
            ],
        )
        return []


class ActionAskComplaintDescription(AskForSlot):
    """Asks what happened."""

    form = "complaint_form"
    slot = "complaint_description"


class ActionAskComplaintPhone(AskForSlot):
    """Asks how to reach the customer about the complaint."""

    form = "complaint_form"
    slot = "phone"
    message = "ask_complaint_phone"


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
        try:
            request = ComplaintRequest(
                conversation_id=tracker.sender_id,
                language=language,
                category=str(tracker.get_slot("complaint_category") or "other"),
                description=str(tracker.get_slot("complaint_description") or ""),
                model=tracker.get_slot("model"),
                serial_number=tracker.get_slot("serial_number"),
                booking_reference=tracker.get_slot("booking_reference")
                or _visit_reference(tracker.get_slot("reference")),
                customer_name=tracker.get_slot("customer_name"),
                phone=str(tracker.get_slot("phone") or ""),
            )
            complaint = file_complaint(services.unit_of_work(), request, now=_now())
        except ComplaintsError:
            say(
                dispatcher,
                language,
                "complaint_not_recorded",
                [person_button(language)],
            )
            return done
        person = [person_button(language)]
        values: dict[str, Any] = {
            "reference": complaint.reference,
            "category": _label(complaint.category, language),
            "hours": RESPONSE_HOURS[complaint.severity],
        }
        if complaint.severity == "critical":
            say(dispatcher, language, "complaint_critical", **values)
        elif complaint.repeat_of:
            say(dispatcher, language, "complaint_repeat", person, **values)
        else:
            say(dispatcher, language, "complaint_filed", person, **values)
        return [*done, SlotSet("complaint_reference", complaint.reference)]


def _visit_reference(value: Any) -> str | None:
    text = str(value or "")
    return text if text.startswith("RV-") else None


def complaint_status_text(complaint: Complaint, language: Language) -> str:
    """Status, category, last update and its time, as shown to the customer."""
    status = _STATUS.get(complaint.status, (complaint.status, complaint.status))
    when = complaint.last_update_at.astimezone(timezone.utc)
    stamp = f"{when:%Y-%m-%d %H:%M} UTC"
    if language == "zh":
        return (
            f"投诉单号：{complaint.reference}\n状态：{status[0]}\n"
            f"类别：{_label(complaint.category, language)}\n"
            f"最新进展（{stamp}）：{complaint.last_update}"
        )
    return (
        f"Reference: {complaint.reference}\nStatus: {status[1]}\n"
        f"About: {_label(complaint.category, language)}\n"
        f"Latest update ({stamp}): {complaint.last_update}"
    )


class ActionStartComplaintStatus(Action):
    """Reads a complaint reference given with the status request itself."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_start_complaint_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sets the reference found in the latest message, if any."""
        reference = find_reference(latest_text(tracker), "CP")
        return [SlotSet("complaint_reference", reference)] if reference else []


class ValidateComplaintStatusForm(FormValidationAction):
    """Validates the reference and phone of a status request, and any addition."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "validate_complaint_status_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Reference and phone; what to add when the customer adds information."""
        extra = ["complaint_addition"] if tracker.get_slot("complaint_task") == "add" else []
        return ["complaint_reference", "phone", *extra]

    def validate_complaint_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a complaint reference (``CP-`` and 8 letters or digits)."""
        reference = find_reference(str(value or ""), "CP") or find_reference(
            latest_text(tracker), "CP"
        )
        if reference is None:
            say(dispatcher, language_of(tracker), "invalid_complaint_reference")
        return {"complaint_reference": reference}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts the phone the complaint was made with; otherwise starts over."""
        language = language_of(tracker)
        phone = phone_answer(dispatcher, tracker, value)
        if phone is None:
            return {"phone": None}
        reference = str(tracker.get_slot("complaint_reference"))
        if find_complaint(services.unit_of_work(), reference, phone) is None:
            _complaint_not_found(dispatcher, language)
            return {"phone": None, "complaint_reference": None}
        return {"phone": phone}

    def validate_complaint_addition(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Adds the customer's text to the open complaint."""
        language = language_of(tracker)
        try:
            add_information(
                services.unit_of_work(),
                str(tracker.get_slot("complaint_reference")),
                str(tracker.get_slot("phone")),
                str(value or ""),
                now=_now(),
            )
        except ComplaintClosed:
            say(dispatcher, language, "complaint_closed")
            return {"complaint_addition": "-", "complaint_task": None}
        except ComplaintNotFound:
            _complaint_not_found(dispatcher, language)
            return {"complaint_addition": "-", "complaint_task": None}
        except ComplaintsError:
            say(dispatcher, language, "invalid_complaint_description")
            return {"complaint_addition": None}
        return {"complaint_addition": str(value)}


def _complaint_not_found(dispatcher: CollectingDispatcher, language: Language) -> None:
    say(
        dispatcher,
        language,
        "complaint_not_found",
        [person_button(language)],
    )


class ActionAskComplaintReference(AskForSlot):
    """Asks for the complaint reference."""

    form = "complaint_status_form"
    slot = "complaint_reference"


class ActionAskComplaintStatusPhone(AskForSlot):
    """Asks for the phone number the complaint was made with."""

    form = "complaint_status_form"
    slot = "phone"
    message = "ask_complaint_status_phone"


class ActionAskComplaintAddition(AskForSlot):
    """Asks what the customer would like to add."""

    form = "complaint_status_form"
    slot = "complaint_addition"


class ActionComplaintStatus(Action):
    """Tells the customer where their complaint stands."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_complaint_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends status and latest update, offering to add information."""
        language = language_of(tracker)
        done: list[EventType] = [
            SlotSet("complaint_task", None),
            SlotSet("complaint_addition", None),
        ]
        complaint = find_complaint(
            services.unit_of_work(),
            str(tracker.get_slot("complaint_reference")),
            str(tracker.get_slot("phone")),
        )
        if complaint is None:
            _complaint_not_found(dispatcher, language)
            return [*done, SlotSet("complaint_reference", None), SlotSet("phone", None)]
        added = tracker.get_slot("complaint_task") == "add" and tracker.get_slot(
            "complaint_addition"
        ) not in (None, "-")
        buttons = []
        if complaint.status != "resolved":
            buttons.append(
                button(
                    language,
                    "补充信息",
                    "Add information",
                    '/complaint_status{"complaint_task":"add"}',
                )
            )
        buttons.append(person_button(language))
        say(
            dispatcher,
            language,
            "complaint_added" if added else "complaint_status",
            buttons,
            summary=complaint_status_text(complaint, language),
        )
        return done
