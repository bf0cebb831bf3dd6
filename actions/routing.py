"""Questions that read like requests, or like small talk: answered first.

The decision is :func:`bot.understanding.routing.route`; here the tracker is read, the
knowledge base searched, and the answer (or the intent's own reply) sent.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Final

from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker

from actions.common import (
    Reply,
    RespondingAction,
    language_of,
    latest_confidence,
    latest_intent,
    latest_text,
)
from actions.handoff import forced_reason, hand_over_events, mark_unhandled, unhandled
from actions.inform import service_menu
from actions.knowledge import answer_events, answer_if_answered, search_in_context
from bot import services
from bot.knowledge.text import find_error_codes, normalise
from bot.understanding.routing import ANSWERS_A_FAULT, SERVICE_ARTICLES, candidate

__all__ = [
    "ActionHelp",
    "ActionOutOfScope",
    "ActionRequestHuman",
    "ActionSmallTalk",
    "answer_if_question",
    "answer_misread_fault",
]


def answer_if_question(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """Answers from the knowledge base instead of starting the service, if it is a question.

    Returns:
        The answer's events, ending the turn, or ``None`` to start the service.
    """
    text = latest_text(tracker)
    index = services.search_index()
    names_product = index.detect_category(text) is not None
    question = candidate(
        latest_intent(tracker),
        latest_confidence(tracker),
        text,
        names_fault=index.mentions(text, "fault"),
        names_product=names_product,
        names_subject=names_product
        or any(index.mentions(text, kind) for kind in ("rights", "money", "people", "choice")),
    )
    if question is None:
        return None
    # A fault described is answered by its first steps, however well a spec matches.
    topics = ANSWERS_A_FAULT if question.described else None
    matches = search_in_context(tracker, text, language_of(tracker), topics=topics)
    best = matches[0] if matches else None
    own = SERVICE_ARTICLES.get(question.intent)
    own_score = max((m.score for m in matches if m.article.id == own), default=0.0)
    if best is None or not question.answered_by(
        best.article.id, best.score, best.article.topic, own=own_score
    ):
        return None
    events = answer_events(
        dispatcher, tracker, text, offer=question.offer, fault=question.fault, topics=topics
    )
    return [*events, FollowupAction("action_listen")]


def answer_misread_fault(reply: Reply, tracker: Tracker, words: str) -> list[EventType] | None:
    """A fault's first steps, for a message the classifier read as a hazard or an insult.

    "冰箱两边摸着烫手", "door of washer stuck shut, pls help" or "it's 44 degrees and the
    aircon just shut down showing P4" name a fault or an error code: when a
    troubleshooting, error-code or rights article answers them well, that is the reply,
    with the visit offered.

    Returns:
        The answer's events, or ``None`` when the words name no fault so answered.
    """
    named = services.search_index().mentions(words, "fault") or find_error_codes(normalise(words))
    if not named:
        return None
    return answer_if_answered(
        reply.dispatcher, tracker, words, offer="book_repair", fault=True, topics=ANSWERS_A_FAULT
    )


class _AnswerFirst(RespondingAction):
    """Answers a question the classifier took for ``action``'s intent, or replies to it."""

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Answers, or replies as the intent asks."""
        answered = answer_if_question(reply.dispatcher, tracker)
        if answered is not None:
            return answered[:-1]  # The rule listens next.
        return self.intent_reply(reply, tracker)

    @abstractmethod
    def intent_reply(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """The intent's own reply, and its events."""


class _AnswerOrMenu(_AnswerFirst):
    """Answers a mistaken question, or sends ``message`` with the service menu."""

    message = ""

    def intent_reply(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the message with the service menu."""
        reply.say(self.message, service_menu(reply.language))
        return []


class ActionOutOfScope(_AnswerOrMenu):
    """Answers an unsure out-of-scope question from the knowledge base, or says so.

    Saying so is a turn the assistant could not handle: the second in a row hands over.
    """

    action = "action_out_of_scope"
    message = "out_of_scope"

    def intent_reply(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Says so with the service menu, or hands over after another unhandled turn."""
        handed = unhandled(reply, tracker)
        if handed is not None:
            return handed
        return [*super().intent_reply(reply, tracker), mark_unhandled(tracker)]


class ActionRequestHuman(_AnswerFirst):
    """Hands over to a person, or answers a question about the agents taken for a request.

    "人工客服几点下班" reads to the classifier as "转人工": it gets the service hours,
    with the offer of a person. A request the gateway read itself (``/human``, or a
    second angry message) is never taken for a question.
    """

    action = "action_request_human"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Hands over at once when the gateway decided it; else answers first."""
        reason = forced_reason(tracker)
        if reason is not None:
            return hand_over_events(reply, tracker, reason)
        return super().respond(reply, tracker)

    def intent_reply(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Hands over to a person, or offers a callback when nobody is there."""
        return hand_over_events(reply, tracker, "customer_request")


class ActionHelp(_AnswerOrMenu):
    """Says what the assistant can do, or answers a fault question taken for help.

    "rf5501 screen flashing E6 what does that mean" reads to the classifier much like
    "what does this bot do": a fault question gets the article instead of the menu.
    """

    action = "action_help"
    message = "help"


class ActionSmallTalk(_AnswerFirst):
    """Replies to small talk, or answers a question about a product taken for it.

    "空调移个机收好多钱" can read to the classifier as "yes": a message that names a subject
    of the knowledge base and asks something (or that the classifier is unsure of) gets
    the answer instead of "OK, anything else?".
    """

    action = "action_small_talk"

    #: The reply to each kind of small talk.
    RESPONSES: Final = {
        "affirm": "utter_affirm_ack",
        "deny": "utter_deny_ack",
        "thank": "utter_you_are_welcome",
        "greet": "utter_greet",
        "goodbye": "utter_goodbye",
        "chitchat": "utter_chitchat",
    }

    def intent_reply(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """The small talk's own reply (to a greeting, if the intent is another)."""
        response = self.RESPONSES.get(latest_intent(tracker) or "", "utter_greet")
        reply.dispatcher.utter_message(response=response)
        return []
