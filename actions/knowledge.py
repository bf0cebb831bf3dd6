"""Answers customer questions from the curated knowledge base.

Product, usage, fault, charge, warranty and service questions are answered in the
customer's language, with the natural next step offered as buttons.
"""

from __future__ import annotations

import json
from typing import Any, Final

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, latest_intent, latest_text, person_button, say
from bot import services
from bot.knowledge import Article, Match
from bot.language import Language

__all__ = [
    "AMBIGUITY_MARGIN",
    "ANSWER_THRESHOLD",
    "ActionAnswerQuestion",
    "answer_events",
    "chosen_article",
]

#: Below this score no article answers the question well enough to be given.
ANSWER_THRESHOLD: Final = 0.55
#: Candidates closer than this to the best one make the customer choose.
AMBIGUITY_MARGIN: Final = 0.08

_NEXT_BUTTONS: Final = {
    "book_repair": ("预约师傅上门", "Book a technician visit", "/book_repair"),
    "check_warranty": ("查询我的保修", "Check my warranty", "/check_warranty"),
    "complain": ("我要投诉", "Make a complaint", "/complain"),
    "repair_status": ("查询我的预约", "Check my visit", "/repair_status"),
    "reschedule_repair": ("改约上门时间", "Move my visit", "/reschedule_repair"),
    "cancel_repair": ("取消预约", "Cancel my visit", "/cancel_repair"),
    "human": ("转人工客服", "Talk to a person", "/request_human"),
}


def _next_buttons(
    article: Article, language: Language, offer: str | None = None
) -> list[dict[str, str]]:
    steps = dict.fromkeys(s for s in (offer, article.next_step, "human") if s in _NEXT_BUTTONS)
    return [button(language, *_NEXT_BUTTONS[step]) for step in steps]


def give_answer(
    dispatcher: CollectingDispatcher,
    article: Article,
    language: Language,
    offer: str | None = None,
) -> list[EventType]:
    """Sends an article's answer with its next-step buttons.

    Args:
        dispatcher: Where the answer goes.
        article: The article to answer with.
        language: The customer's language.
        offer: A service the customer seemed to ask for, offered first as a button.
    """
    dispatcher.utter_message(
        text=article.answer(language), buttons=_next_buttons(article, language, offer)
    )
    return [SlotSet("article_id", None), SlotSet("pending_question", None)]


def chosen_article(tracker: Tracker) -> Article | None:
    """The article the customer picked from a choice, if any."""
    chosen = tracker.get_slot("article_id")
    return services.knowledge().articles.get(chosen) if chosen else None


def _choice_payload(article: Article) -> str:
    return "/inform" + json.dumps({"article_id": article.id}, separators=(",", ":"))


def answer_events(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    question: str,
    offer: str | None = None,
    *,
    fault: bool = False,
) -> list[EventType]:
    """Answers ``question``, asks which article is meant, or asks for one more detail.

    ``offer`` names a service to offer with the answer (see :func:`give_answer`);
    ``fault`` says the question describes a fault, as a report_fault question does: it
    is remembered for a booking that follows.
    """
    language = language_of(tracker)
    index = services.search_index()
    intent = latest_intent(tracker)
    matches: list[Match] = index.search(
        question,
        language,
        category=tracker.get_slot("product"),
        model=tracker.get_slot("model"),
        intent=intent,
    )
    remembered: list[EventType] = []
    category = index.detect_category(question)
    if category and category != tracker.get_slot("product"):
        remembered.append(SlotSet("product", category))
    if (intent == "report_fault" or fault) and not tracker.active_loop.get("name"):
        # The fault as the customer put it: a booking that follows need not ask again.
        remembered.append(SlotSet("symptom", question[:500]))

    best = matches[0] if matches else None
    if best is None or best.score < ANSWER_THRESHOLD:
        person = person_button(language)
        if tracker.get_slot("pending_question"):
            # Asked once already: do not keep asking, offer a person.
            book = button(language, "预约维修", "Book a repair", "/book_repair")
            say(dispatcher, language, "kb_no_match", [person, book])
            return [*remembered, SlotSet("pending_question", None)]
        say(dispatcher, language, "kb_need_detail", [person])
        return [*remembered, SlotSet("pending_question", question)]

    close = [m for m in matches[1:] if best.score - m.score < AMBIGUITY_MARGIN]
    if close:
        options = [best, *close]
        say(
            dispatcher,
            language,
            "kb_which",
            [
                {"title": m.article.title(language), "payload": _choice_payload(m.article)}
                for m in options
            ],
        )
        return [*remembered, SlotSet("pending_question", None)]
    return [*remembered, *give_answer(dispatcher, best.article, language, offer)]


class ActionAnswerQuestion(Action):
    """Answers the customer's latest question from the knowledge base."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answers, or asks which article or for one more detail."""
        article = chosen_article(tracker)
        if article is not None:
            return give_answer(dispatcher, article, language_of(tracker))
        return answer_events(dispatcher, tracker, latest_text(tracker))
