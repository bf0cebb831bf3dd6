"""An insult: an apology and a person on hand; a second one hands over."""

from __future__ import annotations

from rasa_sdk.events import EventType
from rasa_sdk.interfaces import Tracker

from actions.common import Reply, RespondingAction
from actions.handoff import customer_words, hand_over_events
from actions.routing import answer_misread_fault
from bot.understanding.signals import is_hostile

__all__ = ["ActionInsult"]

#: How many of the customer's earlier turns an earlier insult is looked for in.
_INSULT_WINDOW = 5


class ActionInsult(RespondingAction):
    """Apologises for the first insult; a second one among the latest turns hands over.

    A message with no anger in it that names a fault ("door of washer stuck shut, pls
    help") was misread: it gets the fault's first steps.
    """

    action = "action_insult"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Answers a fault taken for an insult; else apologises, or hands over."""
        words = customer_words(tracker)
        if not is_hostile(words):
            answered = answer_misread_fault(reply, tracker, words)
            if answered is not None:
                return answered
        turns = [e for e in tracker.events if e.get("event") == "user"][:-1]
        intents = [((e.get("parse_data") or {}).get("intent") or {}).get("name") for e in turns]
        if "insult" in intents[-_INSULT_WINDOW:]:
            return hand_over_events(reply, tracker, "customer_upset")
        reply.say("insult_apology", [reply.person()])
        return []
