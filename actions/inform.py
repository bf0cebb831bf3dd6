"""A customer message that only gives information, read in the context it answers."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, latest_text, say
from actions.knowledge import answer_events, chosen_article, give_answer
from bot.language import Language

__all__ = ["ActionHandleInform", "service_menu"]


def service_menu(language: Language) -> list[dict[str, str]]:
    """The four main services as buttons."""
    return [
        button(language, "预约维修", "Book a repair", "/book_repair"),
        button(language, "查询保修", "Check my warranty", "/check_warranty"),
        button(language, "我要投诉", "Make a complaint", "/complain"),
        button(language, "转人工客服", "Talk to a person", "/request_human"),
    ]


class ActionHandleInform(Action):
    """Handles ``inform`` outside a form.

    A chosen article is answered; a detail given after the bot asked for one completes
    the pending question; anything else is acknowledged with the service menu.
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
        say(dispatcher, language_of(tracker), "inform_ack", service_menu(language_of(tracker)))
        return []
