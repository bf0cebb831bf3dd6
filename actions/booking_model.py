"""The booking's model question: asked once, with where to find the rating plate.

The technician brings the parts for the model, so a booking whose appliance is known
but whose model is not asks for it, saying where the plate is on that kind of
appliance. A customer who cannot give it ("不知道", "can't find it") is not held up:
the booking goes on without it, as it does after one answer that names no model.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz, process
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker

from actions.common import Reply, RespondingAction, latest_text, previous_value
from actions.forms import SENSE_CHECKED, taken
from actions.visit_text import appliance_text
from bot import services
from bot.texts import MESSAGES
from bot.understanding.details import model_like
from bot.understanding.sense import shown, unknown_model_answer

__all__ = ["ActionAskBookingModel", "model_answer", "model_buttons", "named_model"]

#: The slot that records that the customer cannot give the model.
MODEL_UNKNOWN = "model_unknown"


def _closest_models(typed: str, category: str | None) -> list[str]:
    kb = services.knowledge()
    candidates = [m.id for m in kb.models.values() if category in (None, m.category)]
    found = process.extract(typed.upper(), candidates, scorer=fuzz.ratio, limit=3)
    return [name for name, _, _ in found]


def model_buttons(reply: Reply, typed: str, category: str | None) -> list[dict[str, str]]:
    """The catalogue models closest to ``typed`` (of ``category``), as buttons."""
    kb = services.knowledge()
    return [
        {
            "title": f"{m} {kb.models[m].name(reply.language)}",
            "payload": f'/inform{{"model":"{m}","product":"{kb.models[m].category}"}}',
        }
        for m in _closest_models(typed, category)
    ]


def named_model(tracker: Tracker, value: Any) -> str | None:
    """The catalogue model the latest answer names, in its words or in the slot value."""
    index = services.search_index()
    return index.detect_model(latest_text(tracker), fuzzy=False) or index.detect_model(
        str(value or ""), fuzzy=False
    )


def model_answer(dispatcher: CollectingDispatcher, tracker: Tracker, value: Any) -> dict[str, Any]:
    """Reads the model given in the booking form.

    A catalogue model is kept (with its appliance). When the model was asked, an answer
    that names none is queried once (the closest models offered for a code like one) and
    otherwise, or when the customer cannot give it, the question is skipped.
    """
    kb = services.knowledge()
    typed = latest_text(tracker)
    model = named_model(tracker, value)
    if model is not None:
        return taken(tracker, "model", {"model": model, "product": kb.models[model].category})
    if tracker.get_slot("requested_slot") != "model":
        # A code read in another answer that is no catalogue model: nothing changes.
        return {"model": previous_value(tracker, "model")}
    reply = Reply.to(dispatcher, tracker)
    queried = tracker.get_slot(SENSE_CHECKED) == "model"
    if unknown_model_answer(typed, queried=queried) == "skip":
        reply.say("model_skipped")
        done = {SENSE_CHECKED: None} if queried else {}
        return {"model": None, MODEL_UNKNOWN: True, **done}
    code = model_like(typed)
    if code is not None:
        buttons = model_buttons(reply, code, tracker.get_slot("product"))
        reply.say("unknown_model", buttons, typed=code.upper())
    else:
        reply.say("booking_model_not_found", typed=shown(typed))
    return {"model": None, SENSE_CHECKED: "model"}


class ActionAskBookingModel(RespondingAction):
    """Asks for the model, saying where the rating plate is on this appliance."""

    action = "action_ask_repair_booking_form_model"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the question with the appliance's rating-plate hint."""
        category = tracker.get_slot("product")
        plate = f"rating_plate_{category}"
        reply.say(
            "ask_booking_model",
            appliance=appliance_text(category, None, reply.language),
            plate=MESSAGES[plate if plate in MESSAGES else "rating_plate_other"](reply.language),
        )
        return []
