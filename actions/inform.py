"""A customer message that only gives information, read in the context it answers."""

from __future__ import annotations

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.interfaces import Tracker

from actions.common import Reply, choice, latest_text, person_button
from actions.knowledge import ActionAnswerQuestion, answer_events
from bot import services
from bot.language import Language
from bot.understanding.answers import answers
from bot.understanding.questions import describes_something
from bot.understanding.routing import ANSWERS_A_FAULT

__all__ = ["ActionHandleInform", "service_menu"]


def service_menu(language: Language) -> list[dict[str, str]]:
    """The four main services as buttons."""
    return [
        choice(language, "menu_book_repair", "/book_repair"),
        choice(language, "menu_check_warranty", "/check_warranty"),
        choice(language, "menu_complain", "/complain"),
        person_button(language),
    ]


class ActionHandleInform(ActionAnswerQuestion):
    """Handles ``inform`` outside a form.

    A chosen article is answered; a detail given after the bot asked for one completes
    the pending question; a message that names a fault ("冰箱不凉了") or describes one
    around its detail is looked up; anything else is acknowledged with the service menu.
    """

    action = "action_handle_inform"

    def answer(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Answers in context."""
        if tracker.get_slot("article_id"):
            # A stale or forged choice: forget it and carry on.
            reply.say("inform_ack", service_menu(reply.language))
            return [SlotSet("article_id", None)]
        text = latest_text(tracker)
        pending = tracker.get_slot("pending_question")
        if pending:
            return answer_events(reply.dispatcher, tracker, f"{pending} {text}")
        index = services.search_index()
        if index.mentions(text, "fault"):
            # "冰箱不凉了": however short, a fault named is a fault to answer.
            matches = index.search(text, reply.language, topics=ANSWERS_A_FAULT)
            if matches and answers(matches[0].score):
                return answer_events(
                    reply.dispatcher,
                    tracker,
                    text,
                    offer="book_repair",
                    fault=True,
                    topics=ANSWERS_A_FAULT,
                )
        if describes_something(text):
            # "the purifier says E1 since the water was cut off": a fault, not a detail.
            matches = index.search(text, reply.language)
            if matches and answers(matches[0].score):
                return answer_events(reply.dispatcher, tracker, text)
        reply.say("inform_ack", service_menu(reply.language))
        return []
