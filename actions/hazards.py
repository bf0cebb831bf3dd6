"""A safety hazard: first steps at once, then an urgent person.

The gateway reads every message for a hazard before Rasa does and sends it here; the
classifier may also read ``report_hazard`` in a message with no hazard in it ("冰箱两边
摸着烫手", "the fridge is dead, other things in the socket work"). Such a message
describes a fault: it gets the fault's first steps (which begin with safety whenever
the fault can be dangerous); a question ("is the WH-3012G gas or electric") gets its
answer. Only when no article answers it is it treated as a hazard after all.
"""

from __future__ import annotations

from rasa_sdk.events import EventType
from rasa_sdk.interfaces import Tracker

from actions.common import Reply, RespondingAction
from actions.handoff import customer_words, forced_reason, hand_over_events, message_metadata
from actions.knowledge import answer_if_answered, search_in_context
from actions.routing import answer_misread_fault
from bot.knowledge import Article
from bot.knowledge.text import find_error_codes, normalise
from bot.understanding.answers import candidates, outcome
from bot.understanding.hazards import HAZARDS, find_hazard
from bot.understanding.questions import is_question

__all__ = ["ActionReportHazard"]


def _answer_question(reply: Reply, tracker: Tracker, words: str) -> list[EventType] | None:
    """The answer to a question with no hazard in it ("is the WH-3012G gas or electric")."""
    if not is_question(words):
        return None
    return answer_if_answered(reply.dispatcher, tracker, words)


def _error_code_article(words: str, reply: Reply, tracker: Tracker) -> Article | None:
    """The error-code article that answers the words confidently, if they name a code.

    "热水器显示E4，是不是漏电了" has its own first steps (E4 is the leakage-current
    protection: switch off now), more precise than the general ones for a shock.
    """
    if not find_error_codes(normalise(words)):
        return None
    matches = search_in_context(tracker, words, reply.language)
    decided = outcome(candidates(matches), asked_before=False)
    if decided.kind != "answer" or matches[0].article.topic != "error_code":
        return None
    return matches[0].article


class ActionReportHazard(RespondingAction):
    """Safety first steps at once, then an urgent person, whatever else was going on.

    The steps are the error code's own article when the customer names a code it
    answers (it says what that code means and what to do now), else the general first
    steps for the hazard.
    """

    action = "action_report_hazard"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the first steps for the hazard and hands over."""
        words = customer_words(tracker)
        named = message_metadata(tracker).get("hazard")
        hazard = named if named in HAZARDS else find_hazard(words)
        if hazard is None and not forced_reason(tracker):
            answered = answer_misread_fault(reply, tracker, words) or _answer_question(
                reply, tracker, words
            )
            if answered is not None:
                return answered
        article = _error_code_article(words, reply, tracker)
        if article is not None:
            reply.dispatcher.utter_message(text=article.answer(reply.language))
        else:
            reply.say("safety_intro")
            reply.say(f"safety_{hazard or 'fire'}")
        return hand_over_events(reply, tracker, "safety_hazard", hazard or "unspecified")
