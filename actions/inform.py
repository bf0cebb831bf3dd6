"""A customer message that only gives information, read in the context it answers."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, latest_text, person_button, say
from actions.knowledge import ANSWER_THRESHOLD, answer_events, chosen_article, give_answer
from bot import services
from bot.knowledge.text import find_error_codes, normalise
from bot.language import Language

__all__ = ["ActionHandleInform", "service_menu"]


def service_menu(language: Language) -> list[dict[str, str]]:
    """The four main services as buttons."""
    return [
        button(language, "预约维修", "Book a repair", "/book_repair"),
        button(language, "查询保修", "Check my warranty", "/check_warranty"),
        button(language, "我要投诉", "Make a complaint", "/complain"),
        person_button(language),
    ]


class ActionHandleInform(Action):
    """Handles ``inform`` outside a form.

    A chosen article is answered; a detail given after the bot asked for one completes
    the pending question; a message that describes a fault around its detail is looked
    up; anything else is acknowledged with the service menu.
    """

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_handle_inform"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answers in context."""
        article = chosen_article(tracker)
        if article is not None:
            return give_answer(dispatcher, article, language_of(tracker))
        if tracker.get_slot("article_id"):
            # A stale or forged choice: forget it and carry on.
            say(dispatcher, language_of(tracker), "inform_ack", service_menu(language_of(tracker)))
            return [SlotSet("article_id", None)]
        pending = tracker.get_slot("pending_question")
        if pending:
            return answer_events(dispatcher, tracker, f"{pending} {latest_text(tracker)}")
        text = latest_text(tracker)
        if _describes_something(text):
            # "the purifier says E1 since the water was cut off": a fault, not a detail.
            matches = services.search_index().search(text, language_of(tracker))
            if matches and matches[0].score >= ANSWER_THRESHOLD:
                return answer_events(dispatcher, tracker, text)
        say(dispatcher, language_of(tracker), "inform_ack", service_menu(language_of(tracker)))
        return []


def _describes_something(text: str) -> bool:
    """More than a bare detail: an error code, or a sentence around the detail."""
    folded = normalise(text)
    if find_error_codes(folded):
        return True
    han = len(re.findall(r"[\u4e00-\u9fff]", folded))
    words = re.findall(r"[a-z]+", folded)
    return han >= 10 or len(words) >= 6
